// Guest accounts in the System Console (Mattermost's promoteGuestToUser / demoteUserToGuest). A guest is a
// user with the system_guest role, set through PUT /users/{id}/roles; promoting turns every membership's
// guest flag into the user flag, as Mattermost's PromoteGuestToUser does in its store.
import { makeEvent } from '../events/event.js';
import { splitRoles } from '../permissions/check.js';
import { AppError, notFound } from '../platform/errors.js';
import { presentChannelMember } from '../presenters/channel.js';
import { presentTeamMember } from '../presenters/team.js';
import { presentUser } from '../presenters/user.js';
import type { User } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

const ALL = 1_000_000;

export class GuestService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** POST /users/{id}/promote: a guest becomes a regular user everywhere they are a member. */
  async promoteGuestToUser(session: AuthSession, userId: string): Promise<void> {
    this.app.authz.requireSystem(session, 'promote_guest');
    await inTransaction(this.ctx, async (tx, emit) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.', `user_id=${userId}`);
      const roles = splitRoles(user.roles);
      if (!roles.includes('system_guest')) {
        throw new AppError('api.user.promote_guest_to_user.no_guest.app_error', 'Unable to convert a non-guest user into a regular user.', 501);
      }
      const now = this.ctx.clock.now();
      const promoted: User = { ...user, roles: [...new Set(roles.map((r) => (r === 'system_guest' ? 'system_user' : r)))].join(' '), update_at: now };
      await tx.users.update(promoted);
      await tx.sessions.updateRolesForUser(userId, promoted.roles);
      emit(makeEvent('user_updated', { user: presentUser(promoted, { userId, isSystemAdmin: true, showEmailAddress: true, showFullName: true }) }, { all: true }));
      for (const m of await tx.teams.getMembersForUser(userId, { includeDeleted: true })) {
        if (!m.scheme_guest) continue;
        const next = await tx.teams.updateMember({ ...m, scheme_guest: false, scheme_user: true });
        if (next.delete_at === 0) emit(makeEvent('memberrole_updated', { member: JSON.stringify(presentTeamMember(next)) }, { userId }));
      }
      for (const m of await tx.channels.getMembersForUser(userId, { offset: 0, limit: ALL })) {
        if (!m.scheme_guest) continue;
        const next = await tx.channels.updateMember({ ...m, scheme_guest: false, scheme_user: true, last_update_at: now });
        emit(makeEvent('channel_member_updated', { channelMember: JSON.stringify(presentChannelMember(next, userId)) }, { userId }));
      }
    });
  }

  /** POST /users/{id}/demote: a licensed feature in Mattermost; Parley reports no license. */
  demoteUserToGuest(session: AuthSession): never {
    this.app.authz.requireSystem(session, 'demote_to_guest');
    throw new AppError('api.team.demote_user_to_guest.license.error', 'Your license does not support guest accounts.', 501);
  }
}
