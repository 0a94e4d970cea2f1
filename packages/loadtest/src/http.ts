// One HTTP client per simulated user: bearer token, 5 s timeout (as LT's agents), and every call recorded
// under its route template so errors can be attributed without exploding the label space.
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
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}/api/v4${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      this.metrics?.request(route, us(), timedOut ? { kind: 'timeout' } : { kind: 'network' });
      throw err;
    }
    if (res.status >= 400) {
      this.metrics?.request(route, us(), { kind: 'status', status: res.status });
      throw new HttpError(res.status, route, text);
    }
    this.metrics?.request(route, us(), { kind: 'ok' });
    if (route === 'POST /users/login') this.token = res.headers.get('token') ?? '';
    return (text ? JSON.parse(text) : null) as T;
  }
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
