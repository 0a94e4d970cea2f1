// Server logs for the System Console (Mattermost's getLogs/postLog): the node's recent log lines from the
// logger's in-memory ring, and messages that clients ask to have logged.
import { permissionError } from '../platform/errors.js';
import { logRingOf } from '../platform/logger.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** Mattermost's LogsPerPageDefault and maximum. */
export const LOGS_PER_PAGE = 10_000;
const MAX_CLIENT_MESSAGE = 400;
const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Mattermost's LogFilter (POST /logs/query); empty lists and strings filter nothing. */
export interface LogFilter {
  server_names?: string[];
  log_levels?: string[];
  date_from?: string;
  date_to?: string;
}

type LogObject = Record<string, unknown> & { timestamp: string; level: string; msg: string };

/** "2026-11-26 14:20:00.123 Z", the timestamp format of Mattermost's JSON logs. */
function mattermostTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' Z');
}

/**
 * A pino line in the field names of Mattermost's JSON log (timestamp, level name, msg, caller), which is what
 * the System Console's log viewer reads; other fields are kept. A line that is not JSON is kept as it is.
 */
function toLogObject(line: string): { object: LogObject; time: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { level, time, msg, ...rest } = parsed as Record<string, unknown>;
  const t = typeof time === 'number' ? time : 0;
  const name = typeof level === 'number' ? (LEVEL_NAMES[level] ?? String(level)) : String(level ?? '');
  return { object: { timestamp: mattermostTime(t), level: name, msg: typeof msg === 'string' ? msg : '', caller: '', ...rest }, time: t };
}

export class LogService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** GET /logs: JSON log lines as strings; page 0 is the newest, each page oldest first. This node's only. */
  getLogs(session: AuthSession, page: number, perPage: number): string[] {
    this.app.authz.requireSystem(session, 'get_logs');
    return (logRingOf(this.ctx.log)?.page(page, perPage) ?? []).map((line) => {
      const o = toLogObject(line);
      return o ? JSON.stringify(o.object) : line;
    });
  }

  /** POST /logs/query: the same lines as objects, filtered, under this node's name. */
  queryLogs(session: AuthSession, page: number, perPage: number, filter: LogFilter): Record<string, LogObject[]> {
    this.app.authz.requireSystem(session, 'get_logs');
    const node = this.ctx.node.name;
    const servers = filter.server_names ?? [];
    if (servers.length > 0 && !servers.includes(node)) return {};
    const levels = new Set((filter.log_levels ?? []).map((l) => l.toLowerCase()));
    const from = filter.date_from ? Date.parse(filter.date_from) : NaN;
    const to = filter.date_to ? Date.parse(filter.date_to) : NaN;
    const out: LogObject[] = [];
    for (const line of logRingOf(this.ctx.log)?.page(page, perPage) ?? []) {
      const o = toLogObject(line);
      if (!o) continue;
      if (levels.size > 0 && !levels.has(o.object.level)) continue;
      if (!Number.isNaN(from) && o.time < from) continue;
      if (!Number.isNaN(to) && o.time > to) continue;
      out.push(o.object);
    }
    return { [node]: out };
  }

  /**
   * POST /logs: a client's message, at most 400 characters, logged as an error when it says ERROR and
   * comes from a system admin (or anyone with EnableDeveloper), else at debug. Without EnableDeveloper a
   * session is required. Answers the fields with the message as logged.
   */
  postLog(session: AuthSession | null, fields: Record<string, string>, userAgent: string): Record<string, string> {
    let forceDebug = false;
    if (!this.ctx.config.settings.enableDeveloper) {
      if (!session) throw permissionError('a session');
      forceDebug = !this.app.authz.hasSystem(session, 'manage_system');
    }
    let msg = fields.message ?? '';
    if (msg.length > MAX_CLIENT_MESSAGE) msg = msg.slice(0, MAX_CLIENT_MESSAGE - 1);
    msg = `Client Logs API Endpoint Message: ${msg}`;
    const meta = { type: 'client_message', user_agent: userAgent.slice(0, 512), user_id: session?.userId ?? '' };
    if (!forceDebug && fields.level === 'ERROR') this.ctx.log.error(meta, msg);
    else this.ctx.log.debug(meta, msg);
    return { ...fields, message: msg };
  }
}
