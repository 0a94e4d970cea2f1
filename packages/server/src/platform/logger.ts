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

export interface LoggerOptions {
  level?: string;
  nodeId?: string;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Human-readable output; by default when stdout is a terminal and PARLEY_LOG_FORMAT is not "json". */
  pretty?: boolean;
}

export function createLogger(opts: LoggerOptions | string = {}): Logger {
  const o: LoggerOptions = typeof opts === 'string' ? { level: opts } : opts;
  const options: PinoOptions = {
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
  if (o.destination) return pino(options, o.destination);
  const wantPretty = o.pretty ?? (process.stdout.isTTY === true && process.env.PARLEY_LOG_FORMAT !== 'json');
  // Synchronous pretty stream in the main thread: a terminal is a developer's, not a production's, sink.
  if (wantPretty) return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  return pino(options);
}
