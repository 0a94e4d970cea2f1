// One HTTP client per simulated user: bearer token, 5 s timeout (as LT's agents), and every call recorded
// under its route template so errors can be attributed without exploding the label space. Requests go through
// node:http on a shared keep-alive agent rather than fetch: fetch's WHATWG layers and a timeout signal per
// request were a fifth of the generator's busy time, and the generator shares the cores it measures.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Metrics } from './metrics.js';

export const HTTP_TIMEOUT_MS = 5_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    body: string,
  ) {
    super(`${route}: HTTP ${status} ${body.slice(0, 200)}`);
  }
}

export type Json = unknown;

export class Api {
  token = '';
  connectionId = '';

  constructor(
    readonly baseUrl: string,
    private readonly metrics: Metrics | null,
    private readonly timeoutMs = HTTP_TIMEOUT_MS,
  ) {}

  /**
   * `route` is the template (`GET /channels/{id}/posts`) the call is counted under; `path` the concrete URL.
   * Resolves to the parsed body, and to the raw Response headers' token when logging in.
   */
  async call<T = Json>(route: string, path: string, body?: unknown): Promise<T> {
    const method = route.slice(0, route.indexOf(' '));
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.connectionId) headers['Connection-Id'] = this.connectionId;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const t0 = performance.now();
    const us = () => (performance.now() - t0) * 1000;
    let res: RawResponse;
    try {
      res = await send(method, new URL(`${this.baseUrl}/api/v4${path}`), headers, body === undefined ? undefined : JSON.stringify(body), this.timeoutMs);
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      this.metrics?.request(route, us(), timedOut ? { kind: 'timeout' } : { kind: 'network' });
      throw err;
    }
    if (res.status >= 400) {
      this.metrics?.request(route, us(), { kind: 'status', status: res.status });
      throw new HttpError(res.status, route, res.text);
    }
    this.metrics?.request(route, us(), { kind: 'ok' });
    if (route === 'POST /users/login') this.token = res.token;
    return (res.text ? JSON.parse(res.text) : null) as T;
  }
}

interface RawResponse {
  status: number;
  /** The `Token` header (set by login). */
  token: string;
  text: string;
}

// Idle sockets are closed here well before the server's keep-alive timeout (Fastify: 72 s), so a request is
// rarely written to a socket the server is closing; when it is (a reset on a reused socket), it is sent once more.
const IDLE_SOCKET_MS = 30_000;
const agents = { 'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), 'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) };

function timeoutError(ms: number): Error {
  const err = new Error(`request timed out after ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

function send(method: string, url: URL, headers: Record<string, string>, payload: string | undefined, timeoutMs: number, retried = false): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method, headers: payload === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) }, agent: agents[url.protocol === 'https:' ? 'https:' : 'http:'] });
    let done = false;
    const finish = (err: Error | null, value?: RawResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    };
    // The whole exchange, body included, within timeoutMs (as fetch with a timeout signal).
    const timer = setTimeout(() => {
      const err = timeoutError(timeoutMs);
      finish(err);
      req.destroy(err);
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!done && !retried && req.reusedSocket && err.code === 'ECONNRESET') {
        done = true;
        clearTimeout(timer);
        send(method, url, headers, payload, timeoutMs, true).then(resolve, reject);
        return;
      }
      finish(err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => finish(err));
      res.on('aborted', () => finish(new Error('response aborted')));
      res.on('end', () => {
        const token = res.headers.token;
        finish(null, { status: res.statusCode ?? 0, token: typeof token === 'string' ? token : '', text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(payload);
  });
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(v: unknown, name: string): string {
  const s = isRecord(v) ? v[name] : undefined;
  if (typeof s !== 'string') throw new Error(`expected string ${name} in ${JSON.stringify(v).slice(0, 200)}`);
  return s;
}

export function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
