// The dashboard's one way to talk to the server: /api/v1 with the bearer token, JSON in, typed errors out.
import { token } from './auth.js';

/** The server answered with an error status; `code` is its `error` field. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {}

const listeners = { unauthorized: [], online: [], offline: [] };

/** Subscribe to 'unauthorized' (401), 'offline' (fetch failed) and 'online' (a request succeeded again). */
export function on(event, fn) { listeners[event].push(fn); }
function emit(event, arg) { for (const fn of listeners[event]) fn(arg); }

let offline = false;

export function get(path, params) {
  return send('GET', path, params);
}

/** POST (or PUT) a JSON body; answers and errors as for get. */
export function post(path, body, method = 'POST') {
  return send(method, path, null, body);
}

async function send(method, path, params, body) {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(params ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item !== undefined && item !== null && item !== '') url.searchParams.append(k, item);
    }
  }
  let response;
  try {
    const headers = { Authorization: `Bearer ${token.get() ?? ''}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    offline = true;
    emit('offline', e);
    throw new NetworkError(`cannot reach the Vigil server (${e.message})`);
  }
  if (offline) { offline = false; emit('online'); }
  if (response.ok) return response.json();
  let answer = {};
  try { answer = await response.json(); } catch { /* not JSON: keep the status alone */ }
  const error = new ApiError(response.status, answer.error, answer.message);
  if (response.status === 401) emit('unauthorized', error);
  throw error;
}

export const encode = encodeURIComponent;
