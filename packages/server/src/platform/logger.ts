import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.PARLEY_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { node_id: process.env.PARLEY_NODE_ID ?? undefined } });
}
