// Sign-in: paste an API token. `vigil dev` prints a URL with #token=… that skips this page.
import { h, replace } from '../dom.js';

export function renderLogin(main, { message, onToken }) {
  const input = h('input.input', {
    id: 'token', type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'vgl_…', required: true, 'aria-label': 'API token',
  });
  const form = h('form.login-card', {
    onsubmit: (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (value) onToken(value);
    },
  },
  h('h1', null, 'Sign in to Vigil'),
  h('p.muted', null, 'Paste an API token. It is kept in this browser tab only (session storage).'),
  message ? h('div.notice', { role: 'alert', id: 'login-message' }, message) : null,
  h('label.label', { for: 'token' }, 'API token'),
  input,
  h('button.btn.btn-primary', { type: 'submit' }, 'Sign in'),
  h('p.hint', null, 'Create one with ', h('code', null, 'vigil api-token create'), '; ', h('code', null, 'vigil dev'), ' prints a sign-in link.'));
  replace(main, h('div.login', null, form));
  input.focus();
  return {};
}
