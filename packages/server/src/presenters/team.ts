// Teams and team memberships as Mattermost sends them. Hiding a team's email and invite id from people
// who cannot manage it (Team.Sanitize) happens here and nowhere else.
import type { Team as MmTeam, TeamStats, TeamUnread } from '@mattermost/types/teams';
import { memberRoles, type SchemeRoleNames } from '../permissions/check.js';
import type { Team, TeamMember } from '../store/store.js';

/** Go's *string / *bool fields arrive as null, which @mattermost/types does not spell out. */
export type WireTeam = Omit<MmTeam, 'scheme_id' | 'group_constrained' | 'policy_id'> & {
  scheme_id: string | null;
  group_constrained: boolean | null;
  policy_id: string | null;
  cloud_limits_archived: boolean;
};

export interface WireTeamMember {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
  explicit_roles: string;
  create_at: number;
}

export interface TeamView {
  /** The viewer may manage the team: email and invite id stay visible. */
  canManage: boolean;
  /** PrivacySettings.ShowEmailAddress, or the viewer is a system admin. */
  showEmail?: boolean;
}

export function presentTeam(team: Team, view: TeamView): WireTeam {
  const out: WireTeam = {
    id: team.id,
    create_at: team.create_at,
    update_at: team.update_at,
    delete_at: team.delete_at,
    display_name: team.display_name,
    name: team.name,
    description: team.description,
    email: view.canManage && view.showEmail !== false ? team.email : '',
    type: team.type === 'O' ? 'O' : 'I',
    company_name: team.company_name,
    allowed_domains: team.allowed_domains,
    invite_id: view.canManage ? team.invite_id : '',
    allow_open_invite: team.allow_open_invite,
    scheme_id: team.scheme_id,
    group_constrained: team.group_constrained,
    policy_id: null,
    cloud_limits_archived: false,
  };
  // Go omits last_team_icon_update when zero.
  if (team.last_team_icon_update) out.last_team_icon_update = team.last_team_icon_update;
  return out;
}

/** `names`: the team roles of the team's permission scheme, when it has one. */
export function presentTeamMember(m: TeamMember, names?: SchemeRoleNames): WireTeamMember {
  return {
    team_id: m.team_id,
    user_id: m.user_id,
    roles: memberRoles('team', m, names),
    delete_at: m.delete_at,
    scheme_guest: m.scheme_guest,
    scheme_user: m.scheme_user,
    scheme_admin: m.scheme_admin,
    explicit_roles: m.roles,
    create_at: m.create_at,
  };
}

export function presentTeamStats(s: { teamId: string; total: number; active: number }): TeamStats {
  return { team_id: s.teamId, total_member_count: s.total, active_member_count: s.active };
}

/** msg_count here counts unread messages, unlike the member field of the same name. */
export function presentTeamUnread(
  u: { teamId: string; msgCount: number; msgCountRoot: number; mentionCount: number; mentionCountRoot: number; threadCount?: number; threadMentionCount?: number },
  withThreads: boolean,
): TeamUnread {
  return {
    team_id: u.teamId,
    msg_count: u.msgCount,
    mention_count: u.mentionCount,
    mention_count_root: u.mentionCountRoot,
    msg_count_root: u.msgCountRoot,
    ...(withThreads ? { thread_count: u.threadCount ?? 0, thread_mention_count: u.threadMentionCount ?? 0, thread_urgent_mention_count: 0 } : {}),
  };
}
