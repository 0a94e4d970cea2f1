// /teams and the team parts of /users/{id}: teams, memberships, invites, stats, unread totals.
import { Type, type TSchema } from 'typebox';
import type { App } from '../app/app.js';
import type { ViewedTeam } from '../app/teams.js';
import { isValidTeamName } from '../app/teams.js';
import { invalidBodyParam, invalidParam, invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentTeam, presentTeamMember, presentTeamStats, presentTeamUnread } from '../presenters/team.js';
import { requireSession } from './auth.js';
import { toWireError } from './errors.js';
import { boolParam, idParam, paging, userIdParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

/** Optional, and null accepted as absent: clients echo Go's null fields back. */
const Opt = <T extends TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
const Str = (max = 4096) => Type.String({ maxLength: max });

const TeamBody = Type.Object({
  name: Opt(Str()),
  display_name: Opt(Str()),
  type: Opt(Str(8)),
  description: Opt(Str()),
  company_name: Opt(Str()),
  allowed_domains: Opt(Str()),
  allow_open_invite: Opt(Type.Boolean()),
});
const UpdateTeamBody = Type.Intersect([TeamBody, Type.Object({ id: Str(64) })]);
const IdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });
const MemberBody = Type.Object({ team_id: Opt(Str(64)), user_id: Opt(Str(64)) });
const SchemeRolesBody = Type.Object({ scheme_admin: Opt(Type.Boolean()), scheme_user: Opt(Type.Boolean()), scheme_guest: Opt(Type.Boolean()) });
const MAX_ADD_MEMBERS_BATCH = 256;

type P = { team_id: string; user_id: string; team_name: string };

const teamIdOf = (params: unknown) => idParam((params as P).team_id, 'team_id');
const present = (t: ViewedTeam) => presentTeam(t.team, t.view);
const nn = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

function teamNameParam(value: string | undefined): string {
  if (!value || !isValidTeamName(value)) throw invalidUrlParam('team_name');
  return value;
}

function bodyIds(ids: readonly string[], name: string): string[] {
  if (ids.length === 0) throw invalidBodyParam(name);
  for (const id of ids) if (!isValidId(id)) throw invalidBodyParam(name);
  return [...ids];
}

export function registerTeamRoutes(r: Router, app: App): void {
  // Member roles are named by the team's permission scheme, when it has one.
  const presentMember = (m: Parameters<typeof presentTeamMember>[0]) => presentTeamMember(m, app.roles.schemes.teamRoles(m.team_id));
  r.post('/api/v4/teams', { schema: { body: TeamBody } }, async (req, reply) => {
    const b = req.body;
    const team = await app.teams.createTeam(requireSession(req), {
      name: b.name ?? '',
      display_name: b.display_name ?? '',
      type: nn(b.type),
      description: nn(b.description),
      company_name: nn(b.company_name),
      allowed_domains: nn(b.allowed_domains),
      allow_open_invite: nn(b.allow_open_invite),
    });
    reply.code(201);
    return present(team);
  });

  r.get('/api/v4/teams', async (req) => {
    const q = req.query as Query;
    const { offset, limit } = paging(q);
    const { teams, totalCount } = await app.teams.getTeams(requireSession(req), { offset, limit });
    const list = teams.map(present);
    return boolParam(q.include_total_count) ? { teams: list, total_count: totalCount } : list;
  });

  r.get('/api/v4/teams/:team_id', async (req) => present(await app.teams.getTeam(requireSession(req), teamIdOf(req.params))));

  r.put('/api/v4/teams/:team_id', { schema: { body: UpdateTeamBody } }, async (req) => {
    const teamId = teamIdOf(req.params);
    const b = req.body;
    if (b.id !== teamId) throw invalidBodyParam('id');
    const team = await app.teams.updateTeam(requireSession(req), teamId, {
      display_name: b.display_name ?? '',
      description: b.description ?? '',
      company_name: b.company_name ?? '',
      allowed_domains: b.allowed_domains ?? '',
      allow_open_invite: b.allow_open_invite ?? false,
    });
    return present(team);
  });

  r.put('/api/v4/teams/:team_id/patch', { schema: { body: TeamBody } }, async (req) => {
    const b = req.body;
    const team = await app.teams.patchTeam(requireSession(req), teamIdOf(req.params), {
      display_name: nn(b.display_name),
      description: nn(b.description),
      company_name: nn(b.company_name),
      allowed_domains: nn(b.allowed_domains),
      allow_open_invite: nn(b.allow_open_invite),
    });
    return present(team);
  });

  r.delete('/api/v4/teams/:team_id', async (req) => {
    await app.teams.deleteTeam(requireSession(req), teamIdOf(req.params), boolParam((req.query as Query).permanent));
    return STATUS_OK;
  });

  r.post('/api/v4/teams/:team_id/regenerate_invite_id', async (req) =>
    present(await app.teams.regenerateInviteId(requireSession(req), teamIdOf(req.params))),
  );

  r.get('/api/v4/teams/:team_id/stats', async (req) => presentTeamStats(await app.teams.getTeamStats(requireSession(req), teamIdOf(req.params))));

  r.get('/api/v4/teams/name/:team_name', async (req) =>
    present(await app.teams.getTeamByName(requireSession(req), teamNameParam((req.params as P).team_name))),
  );

  r.get('/api/v4/teams/name/:team_name/exists', async (req) => ({
    exists: await app.teams.teamExists(requireSession(req), teamNameParam((req.params as P).team_name)),
  }));

  // Memberships

  r.get('/api/v4/teams/:team_id/members', async (req) => {
    const q = req.query as Query;
    const members = await app.teams.getTeamMembers(requireSession(req), teamIdOf(req.params), {
      ...paging(q),
      sortByUsername: q.sort === 'Username',
      excludeDeletedUsers: boolParam(q.exclude_deleted_users),
    });
    return members.map(presentMember);
  });

  r.get('/api/v4/teams/:team_id/members/:user_id', async (req) => {
    const s = requireSession(req);
    return presentMember(await app.teams.getTeamMember(s, teamIdOf(req.params), userIdParam((req.params as P).user_id, s)));
  });

  r.post('/api/v4/teams/:team_id/members/ids', { schema: { body: IdList } }, async (req) => {
    const members = await app.teams.getTeamMembersByIds(requireSession(req), teamIdOf(req.params), bodyIds(req.body, 'user_ids'));
    return members.map(presentMember);
  });

  r.post('/api/v4/teams/:team_id/members', { schema: { body: MemberBody } }, async (req, reply) => {
    const teamId = teamIdOf(req.params);
    if (req.body.team_id !== teamId) throw invalidBodyParam('team_id');
    if (!isValidId(req.body.user_id)) throw invalidBodyParam('user_id');
    const member = await app.teams.addTeamMember(requireSession(req), teamId, req.body.user_id);
    reply.code(201);
    return presentMember(member);
  });

  r.post('/api/v4/teams/:team_id/members/batch', { schema: { body: Type.Array(MemberBody, { maxItems: 10000 }) } }, async (req, reply) => {
    const teamId = teamIdOf(req.params);
    const graceful = ((req.query as Query).graceful ?? '') !== '';
    if (req.body.length > MAX_ADD_MEMBERS_BATCH) throw invalidParam('too many members in batch');
    if (req.body.length === 0) throw invalidParam('no members in batch');
    const userIds = req.body.map((m) => {
      if (m.team_id !== teamId) throw invalidParam(`team_id for member with user_id=${m.user_id ?? ''}`);
      if (!isValidId(m.user_id)) throw invalidParam('user_id');
      return m.user_id;
    });
    const results = await app.teams.addTeamMembers(requireSession(req), teamId, userIds, graceful);
    reply.code(201);
    if (!graceful) return results.map((x) => presentMember(x.member!));
    const developer = app.ctx.config.settings.enableDeveloper;
    return results.map((x) => ({
      user_id: x.user_id,
      member: x.member ? presentMember(x.member) : null,
      error: x.error ? toWireError(x.error, req.id, developer) : null,
    }));
  });

  r.delete('/api/v4/teams/:team_id/members/:user_id', async (req) => {
    const s = requireSession(req);
    await app.teams.removeTeamMember(s, teamIdOf(req.params), userIdParam((req.params as P).user_id, s));
    return STATUS_OK;
  });

  r.post('/api/v4/teams/members/invite', async (req, reply) => {
    const q = req.query as Query;
    const member = await app.teams.joinTeamByInviteId(requireSession(req), q.invite_id ?? '');
    reply.code(201);
    return presentMember(member);
  });

  r.put('/api/v4/teams/:team_id/members/:user_id/schemeRoles', { schema: { body: SchemeRolesBody } }, async (req) => {
    const s = requireSession(req);
    const b = req.body;
    await app.teams.updateTeamMemberSchemeRoles(s, teamIdOf(req.params), userIdParam((req.params as P).user_id, s), {
      scheme_admin: b.scheme_admin ?? false,
      scheme_user: b.scheme_user ?? false,
      scheme_guest: b.scheme_guest ?? false,
    });
    return STATUS_OK;
  });

  // A user's teams

  r.get('/api/v4/users/:user_id/teams', async (req) => {
    const s = requireSession(req);
    return (await app.teams.getTeamsForUser(s, userIdParam((req.params as P).user_id, s))).map(present);
  });

  r.get('/api/v4/users/:user_id/teams/members', async (req) => {
    const s = requireSession(req);
    return (await app.teams.getTeamMembersForUser(s, userIdParam((req.params as P).user_id, s))).map(presentMember);
  });

  r.get('/api/v4/users/:user_id/teams/unread', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const exclude = q.exclude_team ? idParam(q.exclude_team, 'exclude_team') : undefined;
    const withThreads = boolParam(q.include_collapsed_threads);
    const unreads = await app.teams.getTeamsUnreadForUser(s, userIdParam((req.params as P).user_id, s), exclude, withThreads);
    return unreads.map((u) => presentTeamUnread(u, withThreads));
  });

  r.get('/api/v4/users/:user_id/teams/:team_id/unread', async (req) => {
    const s = requireSession(req);
    const unread = await app.teams.getTeamUnread(s, userIdParam((req.params as P).user_id, s), teamIdOf(req.params));
    return presentTeamUnread(unread, false);
  });
}
