// Server-sent events from /api/v1/stream, read with fetch() because EventSource cannot send the Authorization
// header. Reconnects with exponential backoff (1 s doubling to 30 s, reset after a good connection).
import { token } from './auth.js';

export class LiveStream {
  constructor(onState) {
    this.onState = onState;
    this.handlers = new Set();
    this.host = null;
    this.controller = null;
    this.retryMs = 1000;
    this.timer = null;
    this.generation = 0;
  }

  /** Receives {type, data} for every event. Returns an unsubscribe function. */
  subscribe(fn) {
    this.handlers.add(fn);
    return () => this.handlers.delete(fn);
  }

  /** (Re)connects, for one host's events (`batch` and that host's `event`s) or the whole fleet. */
  connect(host = null) {
    if (this.controller && this.host === host) return;
    this.stop();
    this.host = host;
    this.run(++this.generation);
  }

  stop() {
    this.generation++;
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = null;
    this.onState('off');
  }

  async run(generation) {
    const controller = new AbortController();
    this.controller = controller;
    this.onState('connecting');
    const url = this.host ? `/api/v1/stream?host=${encodeURIComponent(this.host)}` : '/api/v1/stream';
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${token.get() ?? ''}`, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        this.dispatch({ type: 'unauthorized', data: null });
        return;
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      this.onState('live');
      this.retryMs = 1000;
      await this.read(response.body, generation);
    } catch (e) {
      if (controller.signal.aborted || generation !== this.generation) return;
    }
    if (generation !== this.generation) return;
    this.onState('reconnecting');
    this.timer = setTimeout(() => { if (generation === this.generation) this.run(generation); }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30000);
  }

  async read(body, generation) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done || generation !== this.generation) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.parse(block);
      }
    }
  }

  /** One SSE message: `event:` names it (default "message"), `data:` lines join with newlines, `:` is a comment. */
  parse(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    let parsed;
    try { parsed = JSON.parse(data.join('\n')); } catch { return; }
    this.dispatch({ type, data: parsed });
  }

  dispatch(message) {
    for (const fn of this.handlers) {
      try { fn(message); } catch (e) { console.error('live handler failed', e); }
    }
  }
}
