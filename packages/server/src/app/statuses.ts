// Statuses, REST part: set, get, by ids. Presence from WebSocket activity builds on this (issue 3).
import { badRequest } from '../platform/errors.js';
import { makeEvent } from '../events/event.js';
import type { Status } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** Mattermost writes an unchanged status at most this often. */
const STATUS_WRITE_INTERVAL_MS = 2 * 60 * 1000;
/** TeamSettings.UserStatusAwayTimeout (300 s). */
const AWAY_TIMEOUT_MS = 5 * 60 * 1000;

export const STATUS_VALUES = ['online', 'away', 'dnd', 'offline', 'ooo'] as const;

export class StatusService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private offline(userId: string): Status {
    return { user_id: userId, status: 'offline', manual: false, last_activity_at: 0, dnd_end_time: 0, prev_status: '' };
  }

  async getStatus(_session: AuthSession, userId: string): Promise<Status> {
    return (await this.ctx.store.statuses.get(userId)) ?? this.offline(userId);
  }

  /** Every requested id gets an entry; unknown ones are offline. */
  async getStatusesByIds(_session: AuthSession, userIds: readonly string[]): Promise<Status[]> {
    const found = new Map((await this.ctx.store.statuses.getMany(userIds)).map((s) => [s.user_id, s]));
    return userIds.map((id) => found.get(id) ?? this.offline(id));
  }

  /** The `get_statuses` action: online, away and dnd users; offline ones are left out. */
  async getOnlineStatusMap(_session: AuthSession): Promise<Record<string, string>> {
    return Object.fromEntries((await this.ctx.store.statuses.getNonOffline()).map((s) => [s.user_id, s.status]));
  }

  /** A manual status set by the user (or an admin); DND may carry an end time in seconds. */
  async updateStatus(session: AuthSession, userId: string, status: string, dndEndTime = 0): Promise<Status> {
    this.app.authz.requireSelfOr(session, userId);
    if (!(STATUS_VALUES as readonly string[]).includes(status) || status === 'ooo') {
      throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing status in request body.');
    }
    const nowSeconds = Math.floor(this.ctx.clock.now() / 1000);
    if (status === 'dnd' && dndEndTime !== 0 && dndEndTime <= nowSeconds) {
      throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing dnd_end_time in request body.');
    }
    return inTransaction(this.ctx, async (tx, emit) => {
      const prev = (await tx.statuses.get(userId)) ?? this.offline(userId);
      const next: Status = {
        user_id: userId,
        status,
        manual: status !== 'online',
        last_activity_at: this.ctx.clock.now(),
        dnd_end_time: status === 'dnd' ? dndEndTime : 0,
        prev_status: status === 'dnd' ? prev.status : '',
      };
      await tx.statuses.save(next);
      emit(makeEvent('status_change', { status: next.status, user_id: userId }, { userId }));
      return next;
    });
  }

  /**
   * Presence from connections: a socket opening makes the user online, unless they chose a status by
   * hand (dnd, away, offline stick). The row is written only when the status changes, or to refresh
   * last_activity_at at most every two minutes, as Mattermost does.
   */
  async setOnline(userId: string): Promise<void> {
    await this.setAutomatic(userId, 'online');
  }

  /** The last socket closed: offline, unless the user chose a status by hand. */
  async setOffline(userId: string): Promise<void> {
    await this.setAutomatic(userId, 'offline');
  }

  /** `user_update_active_status`: activity keeps a user online; inactivity makes them away. */
  async setActivity(session: AuthSession, isActive: boolean): Promise<void> {
    if (isActive) return this.setAutomatic(session.userId, 'online');
    // Mattermost's SetStatusAwayIfNeeded: only after UserStatusAwayTimeout without activity.
    const current = await this.ctx.store.statuses.get(session.userId);
    if (current && this.ctx.clock.now() - current.last_activity_at >= AWAY_TIMEOUT_MS) await this.setAutomatic(session.userId, 'away');
  }

  /** Do-not-disturb with an end time reverts to the status before it once the time has passed. */
  async expireDoNotDisturb(): Promise<number> {
    const nowSeconds = Math.floor(this.ctx.clock.now() / 1000);
    const expired = await this.ctx.store.statuses.getExpiredDnd(nowSeconds);
    for (const s of expired) {
      await inTransaction(this.ctx, async (tx, emit) => {
        const current = await tx.statuses.get(s.user_id);
        if (!current || current.status !== 'dnd' || current.dnd_end_time === 0 || current.dnd_end_time > nowSeconds) return;
        const status = current.prev_status && current.prev_status !== 'dnd' ? current.prev_status : 'online';
        await tx.statuses.save({ ...current, status, manual: status !== 'online', dnd_end_time: 0, prev_status: '' });
        emit(makeEvent('status_change', { status, user_id: s.user_id }, { userId: s.user_id }));
      });
    }
    return expired.length;
  }

  private async setAutomatic(userId: string, status: 'online' | 'away' | 'offline'): Promise<void> {
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async (tx, emit) => {
      const prev = (await tx.statuses.get(userId)) ?? this.offline(userId);
      if (prev.manual && !(prev.status === 'dnd' && prev.dnd_end_time > 0 && prev.dnd_end_time * 1000 <= now)) return;
      if (prev.status === status && (status !== 'online' || now - prev.last_activity_at < STATUS_WRITE_INTERVAL_MS)) return;
      const next: Status = { ...prev, status, manual: false, dnd_end_time: 0, last_activity_at: status === 'online' ? now : prev.last_activity_at };
      await tx.statuses.save(next);
      if (prev.status !== status) emit(makeEvent('status_change', { status, user_id: userId }, { userId }));
    });
  }
}
