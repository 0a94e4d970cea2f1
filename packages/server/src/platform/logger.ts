// pino JSON lines (one object per line, `node_id` on every line, `request_id`/`user_id` on request lines),
// pretty-printed when stdout is a terminal. Secrets are removed by path before a line is written, so no
// code path can log a token, password or cookie by accident; URLs are logged with sensitive query values
// masked.
import os from 'node:os';
import { pino, type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const CENSOR = '[redacted]';
const SECRET_KEYS = ['password', 'new_password', 'current_password', 'token', 'access_token', 'csrf', 'csrfToken', 'authorization', 'cookie', 'secret'];
// fast-redact wildcards match exactly one level, so each key is listed at the depths a log object reaches.
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
  '*.headers["x-csrf-token"]',
];

const SECRET_QUERY = /token|password|secret|csrf|key|code|signature/i;

/** The URL with the values of secret-looking query parameters replaced. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY.test(key)) params.set(key, CENSOR);
  return `${url.slice(0, q)}?${params.toString()}`;
}

/**
 * The last lines a logger wrote, as written (JSON, secrets already removed), for GET /logs. A fixed array
 * used as a ring: adding a line is one store, so keeping it costs logging nothing measurable.
 */
export class LogRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly capacity = 10_000) {}

  push(line: string): void {
    const text = line.endsWith('\n') ? line.slice(0, -1) : line;
    if (this.lines.length < this.capacity) this.lines.push(text);
    else this.lines[this.next] = text;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.lines.length;
  }

  /** Page 0 is the newest `perPage` lines, page 1 the ones before, …; each page oldest first. */
  page(page: number, perPage: number): string[] {
    const n = this.lines.length;
    const end = n - page * perPage;
    if (end <= 0 || perPage <= 0) return [];
    const start = Math.max(0, end - perPage);
    // Index 0 of the ring is the oldest line once it has wrapped.
    const oldest = n < this.capacity ? 0 : this.next;
    const out: string[] = [];
    for (let i = start; i < end; i++) out.push(this.lines[(oldest + i) % n]!);
    return out;
  }
}

const rings = new WeakMap<Logger, LogRing>();

/** The recent lines of a logger made by createLogger. */
export function logRingOf(logger: Logger): LogRing | undefined {
  return rings.get(logger);
}

export interface LoggerOptions {
  level?: string;
  nodeId?: string;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Human-readable output; by default when stdout is a terminal and PARLEY_LOG_FORMAT is not "json". */
  pretty?: boolean;
  /** How many recent lines to keep for GET /logs (10,000 by default; 0 keeps none). */
  ringSize?: number;
}

export function createLogger(opts: LoggerOptions | string = {}): Logger {
  const o: LoggerOptions = typeof opts === 'string' ? { level: opts } : opts;
  const ringSize = o.ringSize ?? 10_000;
  const ring = ringSize > 0 ? new LogRing(ringSize) : undefined;
  const options: PinoOptions = {
    // Each line as serialised, before any destination (or pretty-printing) sees it.
    ...(ring
      ? {
          hooks: {
            streamWrite: (line: string) => {
              ring.push(line);
              return line;
            },
          },
        }
      : {}),
    level: o.level ?? process.env.PARLEY_LOG_LEVEL ?? 'info',
    base: { node_id: o.nodeId ?? (process.env.PARLEY_NODE_ID || os.hostname()) },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: {
      err: pino.stdSerializers.err,
      req: (req: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        url: safeUrl(req.url ?? ''),
        route: req.routeOptions?.url,
      }),
    },
  };
  const wantPretty = o.pretty ?? (process.stdout.isTTY === true && process.env.PARLEY_LOG_FORMAT !== 'json');
  const logger = o.destination
    ? pino(options, o.destination)
    : // Synchronous pretty stream in the main thread: a terminal is a developer's, not a production's, sink.
      wantPretty
      ? pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }))
      : pino(options);
  if (ring) rings.set(logger, ring);
  return logger;
}
