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
