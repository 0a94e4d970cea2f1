// Teams: creation with the default channels, membership (join, invite, leave), listing, unread totals.
// Mirrors server/channels/app/team.go and the team checks of server/channels/api4/team.go.
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, forbidden, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { memberRoles, splitRoles } from '../permissions/check.js';
import { presentTeam, presentTeamMember, type TeamView } from '../presenters/team.js';
import type { Store, Team, TeamMember, User } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';
import { runeCount } from './validate.js';

export interface CreateTeamInput {
  name: string;
  display_name: string;
  type?: string;
  description?: string;
  company_name?: string;
  allowed_domains?: string;
  allow_open_invite?: boolean;
}

export interface TeamPatch {
  display_name?: string;
  description?: string;
  company_name?: string;
  allowed_domains?: string;
  allow_open_invite?: boolean;
}

/** A team with what the caller may see of it; api4 hands both to presentTeam. */
export interface ViewedTeam {
  team: Team;
  view: TeamView;
}

export interface TeamUnreadTotals {
  teamId: string;
  msgCount: number;
  msgCountRoot: number;
  mentionCount: number;
  mentionCountRoot: number;
  /** Only when collapsed threads were asked for. */
  threadCount?: number;
  threadMentionCount?: number;
}

export interface BatchResult {
  user_id: string;
  member?: TeamMember;
  error?: AppError;
}

const TEAM_NAME_RE = /^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$/;
// Mattermost's reservedName list: a team name may not start with any of these.
const RESERVED_TEAM_NAMES = ['admin', 'api', 'channel', 'claim', 'error', 'files', 'help', 'landing', 'login', 'mfa', 'oauth', 'plug', 'plugins', 'post', 'signup', 'boards', 'playbooks'];
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/** Mattermost's IsValidTeamName: the character rules, at least two characters (reserved words aside). */
export function isValidTeamName(name: string): boolean {
  return name.length >= 2 && name.length <= 64 && TEAM_NAME_RE.test(name);
}

export function isReservedTeamName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_TEAM_NAMES.some((r) => lower.startsWith(r));
}

/** Mattermost's Team.IsValid, in its order, with its error ids. */
export function validateTeam(t: Team): void {
  const invalid = (field: string, message: string) => badRequest(`model.team.is_valid.${field}.app_error`, message, `id=${t.id}`);
  if (t.email.length > 128 || (t.email !== '' && !EMAIL_RE.test(t.email))) throw invalid('email', 'Invalid email.');
  if (runeCount(t.display_name) === 0 || runeCount(t.display_name) > 64) throw invalid('name', 'Invalid name.');
  if (t.name.length > 64) throw invalid('url', 'Invalid URL Identifier');
  if (t.description.length > 255) throw invalid('description', 'Invalid description.');
  if (isReservedTeamName(t.name)) throw invalid('reserved', 'This URL is not available. Please try another.');
  if (!TEAM_NAME_RE.test(t.name) || t.name.length < 2) throw invalid('characters', 'Name must be 2 or more lowercase alphanumeric characters');
  if (t.type !== 'O' && t.type !== 'I') throw invalid('type', 'Invalid type.');
  if (t.company_name.length > 64) throw invalid('company', 'Invalid company name.');
  if (t.allowed_domains.length > 500) throw invalid('domains', 'Invalid allowed domains.');
}

/**
 * Mattermost keeps `type` and `allow_open_invite` in step, privacy first: an invite-only type closes the
 * team, and a closed team is invite-only.
 */
function syncTypeAndOpenInvite(t: Team): void {
  if (t.type === 'I') t.allow_open_invite = false;
  t.type = t.allow_open_invite ? 'O' : 'I';
}

export const teamNotFound = () => notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
const memberNotFound = () => notFound('app.team.get_member.missing.app_error', 'No team member found for that user ID and team ID.');
const missingAccount = () => notFound('app.user.missing_account.const', 'Unable to find the user.');

function isOpenTeam(t: Team): boolean {
  return t.allow_open_invite && t.type === 'O';
}

function isGuest(user: User): boolean {
  return splitRoles(user.roles).includes('system_guest');
}

function emailDomainAllowed(email: string, allowedDomains: string): boolean {
  const domains = allowedDomains.split(/[\s,@]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);
  if (domains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.includes(domain);
}

export class TeamService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private now(): number {
    return this.ctx.clock.now();
  }

  private async requireTeam(store: Store, teamId: string): Promise<Team> {
    const team = await store.teams.get(teamId);
    if (!team) throw teamNotFound();
    return team;
  }

  private async requireUser(store: Store, userId: string): Promise<User> {
    const user = await store.users.get(userId);
    if (!user) throw missingAccount();
    return user;
  }

  /** Which of these teams the caller may manage (and so see email and invite id of). */
  private async views(session: AuthSession, teams: readonly Team[]): Promise<ViewedTeam[]> {
    const showEmail = this.ctx.config.settings.showEmailAddress || session.isSystemAdmin;
    if (this.app.authz.hasSystem(session, 'manage_team')) return teams.map((team) => ({ team, view: { canManage: true, showEmail } }));
    const managed = new Set(
      (await this.ctx.store.teams.getMembersForUser(session.userId))
        .filter((m) => this.app.authz.grants({ system: session.systemRoles, team: splitRoles(memberRoles('team', m, this.app.roles.schemes.teamRoles(m.team_id))) }, 'manage_team'))
        .map((m) => m.team_id),
    );
    return teams.map((team) => ({ team, view: { canManage: managed.has(team.id), showEmail } }));
  }

  private async viewOne(session: AuthSession, team: Team): Promise<ViewedTeam> {
    const [viewed] = await this.views(session, [team]);
    return viewed!;
  }

  private teamEvent(event: 'update_team' | 'delete_team', team: Team) {
    const data = { team: JSON.stringify(presentTeam(team, { canManage: false })) };
    return makeEvent(event, data, event === 'delete_team' ? { all: true } : { teamId: team.id });
  }

  /** POST /teams: the creator becomes team admin and joins the default channels. */
  async createTeam(session: AuthSession, input: CreateTeamInput): Promise<ViewedTeam> {
    if (!this.app.authz.hasSystem(session, 'create_team')) {
      throw forbidden('api.team.is_team_creation_allowed.disabled.app_error', 'Team creation has been disabled. Please ask your System Administrator for details.');
    }
    const creator = await this.requireUser(this.ctx.store, session.userId);
    const now = this.now();
    const team: Team = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      display_name: input.display_name ?? '',
      name: input.name ?? '',
      description: input.description ?? '',
      email: creator.email,
      type: input.type ?? 'O',
      company_name: input.company_name ?? '',
      allowed_domains: input.allowed_domains ?? '',
      invite_id: newId(),
      allow_open_invite: input.allow_open_invite ?? false,
      last_team_icon_update: 0,
      scheme_id: null,
      group_constrained: null,
    };
    if (team.type !== 'O' && team.type !== 'I') validateTeam(team);
    syncTypeAndOpenInvite(team);
    validateTeam(team);
    if (!emailDomainAllowed(creator.email, team.allowed_domains)) {
      throw badRequest('api.team.is_team_creation_allowed.domain.app_error', 'Email must be from a specific domain (e.g. @example.com). Please ask your System Administrator for details.');
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      if (!(await tx.teams.save(team))) {
        throw badRequest('store.sql_team.save_team.existing.app_error', 'A team with that name already exists.', `name=${team.name}`);
      }
      await this.app.channels.createDefaultChannelsInTx(tx, team);
      await this.joinInTx(tx, emit, team, creator, null);
    });
    // The creator is now team admin, which their session's view must reflect at once.
    return { team, view: { canManage: true, showEmail: true } };
  }

  /**
   * Adds a user to a team: membership (revived if they had left), the default channels, and the join
   * messages. Used for sign-up with an invite id (session null), invites and admin adds.
   */
  async joinUserToTeam(user: User, team: Team, session: AuthSession | null): Promise<TeamMember> {
    return inTransaction(this.ctx, async (tx, emit) => {
      const actor = session && session.userId !== user.id ? await tx.users.get(session.userId) : undefined;
      return (await this.joinInTx(tx, emit, team, user, actor ?? null)).member;
    });
  }

  /** Mattermost's JoinUserToTeam inside the caller's transaction; `actor` set means "added by". */
  private async joinInTx(tx: Store, emit: Emit, team: Team, user: User, actor: User | null): Promise<{ member: TeamMember; added: boolean }> {
    const existing = await tx.teams.getMember(team.id, user.id);
    if (existing && existing.delete_at === 0) return { member: existing, added: false };
    if (!user.is_bot && !emailDomainAllowed(user.email, team.allowed_domains)) {
      throw badRequest('api.team.join_user_to_team.allowed_domains.app_error', 'The user cannot be added as the domain associated with the account is not permitted. Contact your System Administrator for additional details.');
    }
    const max = this.ctx.config.settings.maxUsersPerTeam;
    if (max > 0 && (await tx.teams.countMembers(team.id, { activeUsersOnly: true })) >= max) {
      throw badRequest('app.team.join_user_to_team.max_accounts.app_error', 'This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.', `teamId=${team.id}`);
    }
    const guest = isGuest(user);
    // Mattermost's rule: the user whose email the team carries (its creator) is its admin.
    const asAdmin = !guest && team.email !== '' && team.email === user.email;
    const member: TeamMember = existing
      ? { ...existing, delete_at: 0 }
      : { team_id: team.id, user_id: user.id, roles: '', delete_at: 0, scheme_guest: guest, scheme_user: !guest, scheme_admin: asAdmin, create_at: this.now() };
    await tx.teams.saveMember(member);
    if (!guest) await this.app.channels.joinDefaultChannelsInTx(tx, emit, team, user, asAdmin, actor);
    emit(makeEvent('added_to_team', { team_id: team.id, user_id: user.id }, { userId: user.id }));
    return { member, added: true };
  }

  async getTeam(session: AuthSession, teamId: string): Promise<ViewedTeam> {
    const team = await this.requireTeam(this.ctx.store, teamId);
    if (!isOpenTeam(team)) await this.app.authz.requireTeam(session, team.id, 'view_team');
    return this.viewOne(session, team);
  }

  async getTeamByName(session: AuthSession, name: string): Promise<ViewedTeam> {
    const team = await this.ctx.store.teams.getByName(name);
    if (!team) throw notFound('app.team.get_by_name.missing.app_error', 'Unable to find the existing team.', `name=${name}`);
    if (!isOpenTeam(team)) await this.app.authz.requireTeam(session, team.id, 'view_team');
    return this.viewOne(session, team);
  }

  /** GET /teams/name/{name}/exists: only teams the caller could see count. */
  async teamExists(session: AuthSession, name: string): Promise<boolean> {
    const team = await this.ctx.store.teams.getByName(name);
    if (!team) return false;
    const member = await this.ctx.store.teams.getMember(team.id, session.userId);
    if (member && member.delete_at === 0) return true;
    return this.app.authz.hasSystem(session, team.allow_open_invite ? 'list_public_teams' : 'list_private_teams');
  }

  /** GET /teams: open teams for list_public_teams, all for admins who may also list private ones. */
  async getTeams(session: AuthSession, page: { offset: number; limit: number }): Promise<{ teams: ViewedTeam[]; totalCount: number }> {
    const listPrivate = this.app.authz.hasSystem(session, 'list_private_teams');
    const listPublic = this.app.authz.hasSystem(session, 'list_public_teams');
    if (!listPrivate && !listPublic) {
      throw forbidden('api.team.get_all_teams.insufficient_permissions', "You don't have the appropriate permissions to list all teams");
    }
    // Someone who may list only private teams sees those alone, as in Mattermost.
    const filter = listPrivate && listPublic ? {} : { openOnly: listPublic };
    const teams = await this.ctx.store.teams.getAll({ ...filter, offset: page.offset, limit: page.limit });
    const totalCount = await this.ctx.store.teams.countAll(filter);
    return { teams: await this.views(session, teams), totalCount };
  }

  async getTeamsForUser(session: AuthSession, userId: string): Promise<ViewedTeam[]> {
    this.app.authz.requireSelfOr(session, userId, 'sysconsole_read_user_management_users');
    return this.views(session, await this.ctx.store.teams.getForUser(userId));
  }

  /** Every membership of the user, teams they left included (delete_at > 0), as Mattermost returns. */
  async getTeamMembersForUser(session: AuthSession, userId: string): Promise<TeamMember[]> {
    this.app.authz.requireSelfOr(session, userId, 'read_other_users_teams');
    return this.ctx.store.teams.getMembersForUser(userId, { includeDeleted: true });
  }

  async getTeamMembers(
    session: AuthSession,
    teamId: string,
    opts: { offset: number; limit: number; sortByUsername?: boolean; excludeDeletedUsers?: boolean },
  ): Promise<TeamMember[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    return this.ctx.store.teams.getMembers(teamId, opts);
  }

  async getTeamMember(session: AuthSession, teamId: string, userId: string): Promise<TeamMember> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    const member = await this.ctx.store.teams.getMember(teamId, userId);
    if (!member) throw memberNotFound();
    return member;
  }

  async getTeamMembersByIds(session: AuthSession, teamId: string, userIds: readonly string[]): Promise<TeamMember[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    return this.ctx.store.teams.getMembersByIds(teamId, userIds);
  }

  async getTeamStats(session: AuthSession, teamId: string): Promise<{ teamId: string; total: number; active: number }> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    await this.requireTeam(this.ctx.store, teamId);
    const [total, active] = await Promise.all([
      this.ctx.store.teams.countMembers(teamId),
      this.ctx.store.teams.countMembers(teamId, { activeUsersOnly: true }),
    ]);
    return { teamId, total, active };
  }

  /** POST /teams/{id}/members: joining yourself needs the team to be open (or join_private_teams). */
  async addTeamMember(session: AuthSession, teamId: string, userId: string): Promise<TeamMember> {
    const team = await this.requireTeam(this.ctx.store, teamId);
    if (userId === session.userId) {
      this.app.authz.requireSystem(session, team.allow_open_invite ? 'join_public_teams' : 'join_private_teams');
    } else {
      await this.app.authz.requireTeam(session, teamId, 'add_user_to_team');
    }
    const user = await this.requireUser(this.ctx.store, userId);
    // Mattermost's AddTeamMember passes no requestor, so the message reads "joined the team".
    return inTransaction(this.ctx, async (tx, emit) => (await this.joinInTx(tx, emit, team, user, null)).member);
  }

  /**
   * POST /teams/{id}/members/batch: all or nothing, unless graceful, where each user is added on its
   * own and failures are reported per user.
   */
  async addTeamMembers(session: AuthSession, teamId: string, userIds: readonly string[], graceful: boolean): Promise<BatchResult[]> {
    const team = await this.requireTeam(this.ctx.store, teamId);
    await this.app.authz.requireTeam(session, teamId, 'add_user_to_team');
    const addOne = async (tx: Store, emit: Emit, userId: string, actor: User | null) => {
      const user = await this.requireUser(tx, userId);
      return (await this.joinInTx(tx, emit, team, user, actor && actor.id !== user.id ? actor : null)).member;
    };
    const actor = (await this.ctx.store.users.get(session.userId)) ?? null;
    if (!graceful) {
      return inTransaction(this.ctx, async (tx, emit) => {
        const out: BatchResult[] = [];
        for (const userId of userIds) out.push({ user_id: userId, member: await addOne(tx, emit, userId, actor) });
        return out;
      });
    }
    const out: BatchResult[] = [];
    for (const userId of userIds) {
      try {
        out.push({ user_id: userId, member: await inTransaction(this.ctx, (tx, emit) => addOne(tx, emit, userId, actor)) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ user_id: userId, error: err });
      }
    }
    return out;
  }

  /** POST /teams/members/invite?invite_id= */
  async joinTeamByInviteId(session: AuthSession, inviteId: string): Promise<TeamMember> {
    if (!inviteId) throw badRequest('api.team.add_user_to_team.missing_parameter.app_error', 'Parameter required to add user to team.');
    const team = await this.ctx.store.teams.getByInviteId(inviteId);
    if (!team || team.delete_at > 0) throw notFound('app.team.get_by_invite_id.finding.app_error', 'Unable to find the existing team.');
    if (session.systemRoles.includes('system_guest')) {
      throw forbidden('api.team.add_user_to_team_from_invite.guest.app_error', 'Guests are restricted from joining a team via an invite link.');
    }
    const user = await this.requireUser(this.ctx.store, session.userId);
    return inTransaction(this.ctx, async (tx, emit) => (await this.joinInTx(tx, emit, team, user, null)).member);
  }

  /**
   * DELETE /teams/{id}/members/{uid}: leaving (or being removed) soft-deletes the membership and removes
   * the user from every channel of the team; town-square records it.
   */
  async removeTeamMember(session: AuthSession, teamId: string, userId: string): Promise<void> {
    if (session.userId !== userId) await this.app.authz.requireTeam(session, teamId, 'remove_user_from_team');
    const team = await this.requireTeam(this.ctx.store, teamId);
    const user = await this.requireUser(this.ctx.store, userId);
    await inTransaction(this.ctx, async (tx, emit) => {
      const member = await tx.teams.getMember(teamId, userId);
      if (!member || member.delete_at > 0) {
        throw badRequest('api.team.remove_user_from_team.missing.app_error', 'The user does not appear to be part of this team.');
      }
      for (const channelId of await tx.channels.removeMembersForUserInTeam(userId, teamId)) {
        await tx.threads.removeMembershipsForChannel(userId, channelId);
      }
      await this.app.channels.postLeaveTeamInTx(tx, emit, team, user, session.userId === userId);
      await tx.teams.removeMember(teamId, userId, this.now());
      const data = { user_id: userId, team_id: teamId };
      emit(makeEvent('leave_team', data, { teamId }));
      // The user is no longer a team member, so the team audience misses them; they need it most.
      emit(makeEvent('leave_team', data, { userId }));
    });
  }

  async patchTeam(session: AuthSession, teamId: string, patch: TeamPatch): Promise<ViewedTeam> {
    await this.app.authz.requireTeam(session, teamId, 'manage_team');
    const updated = await inTransaction(this.ctx, async (tx, emit) => {
      const next = { ...(await this.requireTeam(tx, teamId)) };
      for (const k of ['display_name', 'description', 'company_name', 'allowed_domains'] as const) {
        if (patch[k] !== undefined) next[k] = patch[k];
      }
      if (patch.allow_open_invite !== undefined) {
        // Closing a team invalidates the links already handed out.
        if (!patch.allow_open_invite) next.invite_id = newId();
        next.allow_open_invite = patch.allow_open_invite;
        next.type = patch.allow_open_invite ? 'O' : 'I';
      }
      return this.saveTeamInTx(tx, emit, next);
    });
    return this.viewOne(session, updated);
  }

  /** PUT /teams/{id}: Mattermost copies only the editable fields from the body. */
  async updateTeam(session: AuthSession, teamId: string, body: Required<TeamPatch>): Promise<ViewedTeam> {
    await this.app.authz.requireTeam(session, teamId, 'manage_team');
    const updated = await inTransaction(this.ctx, async (tx, emit) => {
      const old = await this.requireTeam(tx, teamId);
      const next: Team = { ...old, ...body, type: body.allow_open_invite ? 'O' : 'I' };
      return this.saveTeamInTx(tx, emit, next);
    });
    return this.viewOne(session, updated);
  }

  private async saveTeamInTx(tx: Store, emit: Emit, team: Team): Promise<Team> {
    syncTypeAndOpenInvite(team);
    validateTeam(team);
    team.update_at = this.now();
    await tx.teams.update(team);
    emit(this.teamEvent('update_team', team));
    return team;
  }

  async regenerateInviteId(session: AuthSession, teamId: string): Promise<ViewedTeam> {
    await this.app.authz.requireTeam(session, teamId, 'manage_team');
    const updated = await inTransaction(this.ctx, async (tx, emit) => {
      const team = { ...(await this.requireTeam(tx, teamId)), invite_id: newId(), update_at: this.now() };
      await tx.teams.update(team);
      emit(this.teamEvent('update_team', team));
      return team;
    });
    return this.viewOne(session, updated);
  }

  /** DELETE /teams/{id}: archive. Permanent deletion stays off, as EnableAPITeamDeletion defaults. */
  async deleteTeam(session: AuthSession, teamId: string, permanent: boolean): Promise<void> {
    await this.app.authz.requireTeam(session, teamId, 'manage_team');
    if (permanent) {
      throw new AppError('api.user.delete_team.not_enabled.app_error', 'Permanent team deletion feature is not enabled. Please ask your System Administrator.', 401, `teamId=${teamId}`);
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      const team = await this.requireTeam(tx, teamId);
      const now = this.now();
      const archived = { ...team, delete_at: now, update_at: now };
      await tx.teams.update(archived);
      emit(this.teamEvent('delete_team', archived));
    });
  }

  /** PUT /teams/{id}/members/{uid}/schemeRoles */
  async updateTeamMemberSchemeRoles(
    session: AuthSession,
    teamId: string,
    userId: string,
    roles: { scheme_admin: boolean; scheme_user: boolean; scheme_guest: boolean },
  ): Promise<TeamMember> {
    await this.app.authz.requireTeam(session, teamId, 'manage_team_roles');
    return inTransaction(this.ctx, async (tx, emit) => {
      const member = await tx.teams.getMember(teamId, userId);
      if (!member) throw memberNotFound();
      if (roles.scheme_user && roles.scheme_guest) {
        throw badRequest('api.team.update_team_member_roles.guest_and_user.app_error', 'Invalid team member update: A user must be a guest or a user but not both.');
      }
      const next: TeamMember = { ...member, scheme_admin: roles.scheme_admin, scheme_user: roles.scheme_user, scheme_guest: roles.scheme_guest };
      await tx.teams.updateMember(next);
      emit(makeEvent('memberrole_updated', { member: JSON.stringify(presentTeamMember(next, this.app.roles.schemes.teamRoles(teamId))) }, { userId }));
      return next;
    });
  }

  /**
   * GET /users/{uid}/teams/unread: unread over each team's channels, DMs and GMs excluded; with
   * include_collapsed_threads, also the team's unread followed threads and their mentions.
   */
  async getTeamsUnreadForUser(session: AuthSession, userId: string, excludeTeamId?: string, includeThreads = false): Promise<TeamUnreadTotals[]> {
    this.app.authz.requireSelfOr(session, userId, 'manage_system');
    const memberships = await this.ctx.store.teams.getMembersForUser(userId);
    const totals = new Map<string, TeamUnreadTotals>();
    for (const m of memberships) {
      if (m.team_id !== excludeTeamId) totals.set(m.team_id, { teamId: m.team_id, msgCount: 0, msgCountRoot: 0, mentionCount: 0, mentionCountRoot: 0 });
    }
    for (const row of await this.ctx.store.channels.getUnreadsForUser(userId)) this.addUnread(totals.get(row.team_id), row);
    if (includeThreads) {
      for (const t of totals.values()) {
        t.threadCount = 0;
        t.threadMentionCount = 0;
      }
      for (const row of await this.ctx.store.threads.getTeamUnreads(userId, [...totals.keys()])) {
        const t = totals.get(row.team_id);
        if (!t) continue;
        t.threadCount = row.thread_count;
        t.threadMentionCount = row.thread_mention_count;
      }
    }
    return [...totals.values()];
  }

  /** GET /users/{uid}/teams/{tid}/unread */
  async getTeamUnread(session: AuthSession, userId: string, teamId: string): Promise<TeamUnreadTotals> {
    this.app.authz.requireSelfOr(session, userId);
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    const total: TeamUnreadTotals = { teamId, msgCount: 0, msgCountRoot: 0, mentionCount: 0, mentionCountRoot: 0 };
    for (const row of await this.ctx.store.channels.getUnreadsForUser(userId, teamId)) this.addUnread(total, row);
    return total;
  }

  private addUnread(total: TeamUnreadTotals | undefined, row: Awaited<ReturnType<Store['channels']['getUnreadsForUser']>>[number]): void {
    if (!total) return;
    total.mentionCount += row.mention_count;
    total.mentionCountRoot += row.mention_count_root;
    // A muted channel (mark_unread = mention) adds its mentions but not its messages.
    if (row.notify_props.mark_unread !== 'mention') {
      total.msgCount += Math.max(0, row.total_msg_count - row.msg_count);
      total.msgCountRoot += Math.max(0, row.total_msg_count_root - row.msg_count_root);
    }
  }
}
