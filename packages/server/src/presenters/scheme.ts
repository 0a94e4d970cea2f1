// Permission schemes in Mattermost's Scheme shape. Parley has no playbooks, so their role fields are empty.
import type { StoredScheme } from '../store/store.js';

export interface WireScheme {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  scope: 'team' | 'channel';
  default_team_admin_role: string;
  default_team_user_role: string;
  default_team_guest_role: string;
  default_channel_admin_role: string;
  default_channel_user_role: string;
  default_channel_guest_role: string;
  default_playbook_admin_role: string;
  default_playbook_member_role: string;
  default_run_admin_role: string;
  default_run_member_role: string;
}

export function presentScheme(s: StoredScheme): WireScheme {
  return {
    id: s.id,
    name: s.name,
    display_name: s.display_name,
    description: s.description,
    create_at: s.create_at,
    update_at: s.update_at,
    delete_at: s.delete_at,
    scope: s.scope,
    default_team_admin_role: s.default_team_admin_role,
    default_team_user_role: s.default_team_user_role,
    default_team_guest_role: s.default_team_guest_role,
    default_channel_admin_role: s.default_channel_admin_role,
    default_channel_user_role: s.default_channel_user_role,
    default_channel_guest_role: s.default_channel_guest_role,
    default_playbook_admin_role: '',
    default_playbook_member_role: '',
    default_run_admin_role: '',
    default_run_member_role: '',
  };
}
