// What the API fuzzer sends and how it judges answers: requests drawn from a route's schema (fuzz-schema.ts)
// plus generic junk, sent over keep-alive HTTP. Runs inside the fuzz worker (fuzz-worker.ts).
import http from 'node:http';
import fc from 'fast-check';
import { almostIds, SchemaArbitraries, unicode, type JsonSchema } from './fuzz-schema.js';

/** A route as the worker gets it: what listRoutes gives, with the body schema only. */
export interface FuzzRoute {
  method: string;
  url: string;
  body?: JsonSchema;
}

export type Actor = 'anon' | 'user' | 'admin';
export type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string | null };

export interface FuzzRequest {
  actor: Actor;
  segments: string[];
  query: Record<string, string>;
  body: Body;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export function send(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // Node's client sends no length for a DELETE body by itself, which would be malformed HTTP.
    if (body !== undefined) req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body);
  });
}

/** Runs `tasks` with at most `limit` in flight, in order of start. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

export function complaint(a: Answer): string | undefined {
  if (a.status === 0) return 'connection failed';
  if (a.status >= 500 && a.status !== 501) return 'server error';
  if (a.status < 400) return undefined;
  if (!a.contentType.startsWith('application/json')) return 'error is not JSON';
  try {
    const j = JSON.parse(a.text) as Record<string, unknown>;
    if (typeof j.id !== 'string' || typeof j.message !== 'string' || j.status_code !== a.status || typeof j.request_id !== 'string') return 'error not in Mattermost shape';
  } catch {
    return 'error body does not parse';
  }
  return undefined;
}

export function requestArbitrary(route: FuzzRoute, pool: readonly string[], actors: readonly Actor[]): fc.Arbitrary<FuzzRequest> {
  const schemas = new SchemaArbitraries(pool);
  const bodySchema = route.body;
  const paramCount = (route.url.match(/:\w+/g) ?? []).length;
  const segment = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 4, arbitrary: almostIds(pool) }, { weight: 1, arbitrary: unicode });
  const query = fc.dictionary(
    fc.oneof(fc.constantFrom('page', 'per_page', 'since', 'before', 'after', 'team_id', 'channel_id', 'in_team', 'in_channel', 'not_in_channel', 'name', 'term', 'limit', 'include_deleted', 'active', 'role', 'sort', 'format', 'h', 'user_input', 'custom_only', 'trigger_id'), fc.string({ maxLength: 8 })),
    fc.oneof(fc.constantFrom(...pool, '-1', '0', '99999999999999999999', '1e309', 'true', 'NaN', '', '%', '[]'), fc.string({ maxLength: 12 }), unicode),
    { maxKeys: 3 },
  );
  const rawJunk = fc.oneof(
    fc.constantFrom('{"unterminated', '{', '[1,2', 'null', '""', '0', 'true', '{"a":1}{"b":2}', '\u0000', '\uFEFF{}', '{"__proto__":{"admin":true}}'),
    fc.string({ maxLength: 60 }),
  );
  const generic: fc.Arbitrary<Body> = fc.oneof(
    fc.constant<Body>({ kind: 'none' }),
    rawJunk.map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })),
    fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=zz', 'multipart/form-data', 'application/octet-stream', null)).map(
      ([v, contentType]): Body => ({ kind: 'raw', text: JSON.stringify(v) ?? '', contentType }),
    ),
    fc.constant<Body>({ kind: 'raw', text: '--zz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhello\r\n--zz--\r\n', contentType: 'multipart/form-data; boundary=zz' }),
    fc.jsonValue({ maxDepth: 3 }).map((value): Body => ({ kind: 'json', value })),
  );
  const body: fc.Arbitrary<Body> = bodySchema
    ? fc.oneof(
        { weight: 2, arbitrary: schemas.valid(bodySchema).map((value): Body => ({ kind: 'json', value })) },
        { weight: 6, arbitrary: schemas.invalid(bodySchema).map((value): Body => ({ kind: 'json', value })) },
        { weight: 2, arbitrary: generic },
      )
    : generic;
  return fc.record({
    actor: fc.constantFrom(...actors),
    segments: fc.array(segment, { minLength: paramCount, maxLength: paramCount }),
    query,
    body: route.method === 'GET' ? fc.constant<Body>({ kind: 'none' }) : body,
  });
}

export function pathOf(route: FuzzRoute, r: FuzzRequest): string {
  let i = 0;
  const path = route.url.replace(/:\w+/g, () => encodeURIComponent(r.segments[i++] ?? ''));
  const qs = new URLSearchParams(r.query).toString();
  return qs ? `${path}?${qs}` : path;
}
