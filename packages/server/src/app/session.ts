// The authenticated caller as app/ sees it. Built by AuthService from a session row or a personal access token.
import type { Session } from '../store/store.js';
import { isSystemAdmin, splitRoles } from '../permissions/check.js';

export interface AuthSession {
  id: string;
  token: string;
  userId: string;
  systemRoles: string[];
  isSystemAdmin: boolean;
  csrfToken: string;
  /** Set when the caller authenticated with a personal access token. */
  userAccessTokenId?: string;
  row: Session;
}

export function toAuthSession(row: Session): AuthSession {
  const systemRoles = splitRoles(row.roles);
  return {
    id: row.id,
    token: row.token,
    userId: row.user_id,
    systemRoles,
    isSystemAdmin: isSystemAdmin(systemRoles),
    csrfToken: row.props.csrf ?? '',
    ...(row.props.user_access_token_id ? { userAccessTokenId: row.props.user_access_token_id } : {}),
    row,
  };
}

/**
 * The authority of a user acting without a session of their own: the creator of an incoming webhook
 * whose hook posts, or of a command whose response URL is used. Never stored, never a login.
 */
export function actingAs(user: { id: string; roles: string }): AuthSession {
  return toAuthSession({
    id: '',
    token: '',
    create_at: 0,
    expires_at: 0,
    last_activity_at: 0,
    user_id: user.id,
    device_id: '',
    roles: user.roles,
    is_oauth: false,
    expired_notify: false,
    props: { type: 'Integration' },
  });
}
