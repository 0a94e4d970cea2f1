// The audit log (Mattermost's Audits): security and admin actions, written by api4/audit.ts after each
// response and read by administrators (GET /audits) and by each user for themselves (GET /users/{id}/audits).
import type { Audit } from '../store/store.js';
import { newId } from '../platform/ids.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** Rows older than this are removed by the upkeep loop (Mattermost keeps them until a retention job runs). */
export const AUDIT_RETENTION_DAYS = 365;

const FIELD_LIMITS = { action: 512, extra_info: 1024, ip_address: 64 } as const;

export type AuditEntry = Omit<Audit, 'id' | 'create_at'>;

export interface AuditFilter {
  page: number;
  perPage: number;
  userId?: string;
  action?: string;
  since?: number;
}

export class AuditService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /**
   * Writes the rows in the background: the caller (a response already sent) never waits for them, and a
   * failure is logged, never thrown.
   */
  record(...entries: AuditEntry[]): void {
    const now = this.ctx.clock.now();
    const rows: Audit[] = entries.map((e) => ({
      ...e,
      id: newId(),
      create_at: now,
      action: e.action.slice(0, FIELD_LIMITS.action),
      extra_info: e.extra_info.slice(0, FIELD_LIMITS.extra_info),
      ip_address: e.ip_address.slice(0, FIELD_LIMITS.ip_address),
    }));
    const p = (async () => {
      for (const row of rows) await this.ctx.store.audits.save(row);
    })()
      .catch((err: unknown) => this.ctx.log.error({ err }, 'writing the audit log failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves once every row being written is stored (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** GET /audits: everyone's, newest first; Parley also filters by user, action substring and time. */
  async getAudits(session: AuthSession, f: AuditFilter): Promise<Audit[]> {
    this.app.authz.requireSystem(session, 'read_audits');
    return this.ctx.store.audits.get({
      ...(f.userId ? { userId: f.userId } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.since !== undefined ? { since: f.since } : {}),
      offset: f.page * f.perPage,
      limit: f.perPage,
    });
  }

  /** GET /users/{id}/audits: one's own, or anyone's with edit_other_users (Mattermost's rule). */
  async getUserAudits(session: AuthSession, userId: string, page: number, perPage: number): Promise<Audit[]> {
    this.app.authz.requireSelfOr(session, userId, 'edit_other_users');
    return this.ctx.store.audits.get({ userId, offset: page * perPage, limit: perPage });
  }

  /** Upkeep: forgets rows past the retention period. */
  async deleteExpired(now = this.ctx.clock.now()): Promise<number> {
    return this.ctx.store.audits.deleteOlderThan(now - AUDIT_RETENTION_DAYS * 24 * 3600 * 1000);
  }
}
