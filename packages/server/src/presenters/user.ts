// The one reviewed place where a user becomes wire JSON. Secrets never leave; what other viewers see
// follows Mattermost's SanitizeProfile and the privacy settings.
import type { UserProfile } from '@mattermost/types/users';
import type { User } from '../store/store.js';

export interface UserViewer {
  /** The caller's user id ('' for anonymous callers). */
  userId: string;
  isSystemAdmin: boolean;
  showEmailAddress: boolean;
  showFullName: boolean;
}

/** A user as sent: Mattermost never sends `password`, so the wire type has none. */
export type WireUser = Omit<UserProfile, 'password'> & { email_verified: boolean };

export function presentUser(user: User, viewer: UserViewer): WireUser {
  const self = viewer.userId === user.id;
  const full = self || viewer.isSystemAdmin;
  const out: WireUser = {
    id: user.id,
    create_at: user.create_at,
    update_at: user.update_at,
    delete_at: user.delete_at,
    username: user.username,
    auth_service: user.auth_service,
    email: full || viewer.showEmailAddress ? user.email : '',
    nickname: user.nickname,
    first_name: full || viewer.showFullName ? user.first_name : '',
    last_name: full || viewer.showFullName ? user.last_name : '',
    position: user.position,
    roles: user.roles,
    locale: user.locale,
    timezone: user.timezone as WireUser['timezone'],
    props: user.props,
    notify_props: (full ? user.notify_props : {}) as WireUser['notify_props'],
    last_picture_update: user.last_picture_update,
    mfa_active: user.mfa_active,
    is_bot: user.is_bot,
    bot_description: user.bot_description,
    email_verified: user.email_verified,
    last_activity_at: user.last_activity_at,
    terms_of_service_id: '',
    terms_of_service_create_at: 0,
    last_password_update: full ? user.last_password_update : 0,
  };
  if (full) out.failed_attempts = user.failed_attempts;
  return out;
}

/**
 * The view another user gets of a fully presented user — used where one serialised event goes to many
 * recipients (`user_updated`) and only some may see everything.
 */
export function sanitizeForOthers(user: WireUser, viewer: Pick<UserViewer, 'showEmailAddress' | 'showFullName'>): WireUser {
  const { failed_attempts: _f, ...rest } = user;
  return {
    ...rest,
    email: viewer.showEmailAddress ? user.email : '',
    first_name: viewer.showFullName ? user.first_name : '',
    last_name: viewer.showFullName ? user.last_name : '',
    notify_props: {} as WireUser['notify_props'],
    last_password_update: 0,
  };
}
