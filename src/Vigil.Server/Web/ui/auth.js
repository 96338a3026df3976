// The API token lives in sessionStorage: it survives reloads of this tab, not the browser's end.

const KEY = 'vigil.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/**
 * `vigil dev` prints a URL ending in `#token=…`. Take the token from it, then drop it from the address bar and
 * history so it is not bookmarked, shared or left in the back button.
 */
export function takeTokenFromUrl() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  token.set(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return true;
}
