import type { Session, UserAccessToken } from '../store/store.js';

/** Sessions are listed with the token blanked: it is a credential. */
export function presentSession(s: Session) {
  return {
    id: s.id,
    token: '',
    create_at: s.create_at,
    expires_at: s.expires_at,
    last_activity_at: s.last_activity_at,
    user_id: s.user_id,
    device_id: s.device_id,
    roles: s.roles,
    is_oauth: s.is_oauth,
    expired_notify: s.expired_notify,
    props: { ...s.props, csrf: '' },
    team_members: [],
    local: false,
  };
}

/** The token string is shown once, at creation; listings omit it. */
export function presentUserAccessToken(t: UserAccessToken, withToken = false) {
  return {
    id: t.id,
    ...(withToken ? { token: t.token } : {}),
    user_id: t.user_id,
    description: t.description,
    is_active: t.is_active,
  };
}
