// Boots the dashboard: takes the token, routes by location.hash, keeps the header, banner, live indicator and
// relative times current.
import * as api from './api.js';
import { token, takeTokenFromUrl } from './auth.js';
import { h, replace } from './dom.js';
import { relative } from './format.js';
import { LiveStream } from './live.js';
import { renderLogin } from './pages/login.js';
import { renderFleet } from './pages/fleet.js';
import { renderHost } from './pages/host.js';
import { renderEvents } from './pages/events.js';
import { renderAnomalies } from './pages/anomalies.js';
import { renderActions } from './pages/actions.js';
import { renderAudit } from './pages/audit.js';
import { renderCompliance } from './pages/compliance.js';
import { renderBundles, renderBundle, renderBundleDiff } from './pages/bundles.js';

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const liveBadge = document.getElementById('live');
const whoami = document.getElementById('whoami');
const logout = document.getElementById('logout');

const LIVE_TEXT = { off: 'offline', connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' };
const live = new LiveStream((state) => {
  liveBadge.dataset.state = state;
  liveBadge.lastElementChild.textContent = LIVE_TEXT[state];
});

let page = null;         // the current page's controller: {onLive?, dispose?}
let loginMessage = null; // why the user is (back) on the login page
let me = null;
let afterSignIn = null; // the page to return to once signed in (a deep link, or where a 401 interrupted)

live.subscribe((message) => {
  if (message.type === 'unauthorized') return signOut('The server rejected the token (401). Paste a valid API token.');
  if (message.type === 'event' && (message.data.type ?? '').startsWith('dev.vigil.anomaly.')) countOpenAnomalies();
  page?.onLive?.(message);
});

// The Anomalies tab says how many are open, on every page: counted at sign-in, on anomaly events, and when the fleet
// or anomalies page opens (the pages whose stream sees every host's events).
const openCount = document.getElementById('open-anomalies');
let counting = null;
async function refreshOpenCount() {
  try {
    const { anomalies } = await api.get('/anomalies', { state: 'open', limit: 1000 });
    openCount.textContent = anomalies.length >= 1000 ? '999+' : String(anomalies.length);
    openCount.hidden = anomalies.length === 0;
    openCount.title = `${anomalies.length} open`;
  } catch {
    openCount.hidden = true; // the page itself reports what went wrong
  }
}
function countOpenAnomalies() {
  if (counting) return;
  counting = setTimeout(() => { counting = null; refreshOpenCount(); }, 200);
}

api.on('unauthorized', () => signOut('The server rejected the token (401). Paste a valid API token.'));
api.on('offline', () => showOffline());
api.on('online', () => hideBanner());

logout.addEventListener('click', () => signOut('Signed out.'));
window.addEventListener('hashchange', route);

function signOut(message) {
  if (location.hash && !location.hash.startsWith('#/login')) afterSignIn = location.hash;
  token.clear();
  me = null;
  loginMessage = message;
  live.stop();
  if (location.hash !== '#/login') location.hash = '#/login';
  else route();
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

async function route() {
  page?.dispose?.();
  page = null;
  const { path, query } = parseHash();
  setNav(path);
  if (path === '/login' || !token.get()) {
    if (path !== '/login' && path !== '/') afterSignIn = location.hash;
    live.stop();
    renderHeader();
    page = renderLogin(main, { message: loginMessage, onToken: signIn });
    return;
  }
  if (!me) {
    try {
      me = await api.get('/me');
      await refreshOpenCount();
    } catch (e) {
      if (e instanceof api.NetworkError) return; // the banner says so and the retry loop routes again
      if (e.status !== 401) replace(main, h('div.error', null, `Could not load the current user: ${e.message}`));
      return;
    }
  }
  renderHeader();
  if (path === '/' || path === '/anomalies') countOpenAnomalies();
  const ctx = { main, query, live, navigate: (hash) => { location.hash = hash; } };
  const host = /^\/hosts\/([^/]+)$/.exec(path);
  if (host) page = renderHost(ctx, decodeURIComponent(host[1]));
  else if (path === '/events') page = renderEvents(ctx);
  else if (path === '/anomalies') page = renderAnomalies(ctx);
  else if (path === '/actions') page = renderActions(ctx);
  else if (path === '/audit') page = renderAudit(ctx);
  else if (path === '/compliance') page = renderCompliance(ctx);
  else if (path === '/bundles') page = renderBundles(ctx);
  else if (/^\/bundles\/[^/]+\/diff\/[^/]+$/.test(path)) page = renderBundleDiff(ctx, ...path.split('/').filter((_, i) => i === 2 || i === 4).map(decodeURIComponent));
  else if (/^\/bundles\/[^/]+$/.test(path)) page = renderBundle(ctx, decodeURIComponent(path.split('/')[2]));
  else page = renderFleet(ctx);
}

function signIn(value) {
  token.set(value);
  loginMessage = null;
  me = null;
  const target = afterSignIn ?? '#/';
  afterSignIn = null;
  if (location.hash === target) route();
  else location.hash = target;
}

function setNav(path) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    const nav = a.dataset.nav;
    const active = nav === 'fleet' ? path === '/' || path.startsWith('/hosts') : path === `/${nav}` || (nav === 'bundles' && path.startsWith('/bundles/'));
    a.classList.toggle('active', active);
  }
}

function renderHeader() {
  const signedIn = Boolean(me && token.get());
  document.getElementById('nav').hidden = !signedIn;
  liveBadge.hidden = !signedIn;
  logout.hidden = !signedIn;
  replace(whoami, signedIn ? [h('span.who-name', null, me.name), h('span.role', { dataset: { role: me.role } }, me.role)] : []);
}

// While the server is unreachable: say so, and probe with backoff; the first success reloads the page's data.
let probeTimer = null;
let probeDelay = 2000;
function showOffline() {
  banner.hidden = false;
  banner.dataset.kind = 'offline';
  replace(banner, h('strong', null, 'Cannot reach the Vigil server.'), ' Retrying…');
  if (probeTimer) return;
  const probe = async () => {
    try {
      await api.get('/me');
      probeTimer = null;
      probeDelay = 2000;
      route();
    } catch (e) {
      if (e instanceof api.NetworkError) {
        probeDelay = Math.min(probeDelay * 2, 30000);
        probeTimer = setTimeout(probe, probeDelay);
      } else {
        probeTimer = null;
      }
    }
  };
  probeTimer = setTimeout(probe, probeDelay);
}

function hideBanner() {
  banner.hidden = true;
  banner.replaceChildren();
}

// Relative times ("12 s ago") tick once a second wherever they are shown.
setInterval(() => {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-relative]')) el.textContent = relative(el.dataset.relative, now);
}, 1000);

takeTokenFromUrl();
route();
