import type { Audit as WireAudit } from '@mattermost/types/audits';
import type { Audit } from '../store/store.js';

/** Mattermost's Audit JSON. */
export function presentAudit(a: Audit): WireAudit {
  return {
    id: a.id,
    create_at: a.create_at,
    user_id: a.user_id,
    action: a.action,
    extra_info: a.extra_info,
    ip_address: a.ip_address,
    session_id: a.session_id,
  };
}
