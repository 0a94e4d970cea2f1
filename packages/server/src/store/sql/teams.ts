import type { Kysely } from 'kysely';
import type { Database, TeamMembersTable, TeamsTable } from '../schema.js';
import type { Team, TeamMember } from '../models.js';
import type { TeamListOptions, TeamStore } from '../teams.js';
import { codec } from './codec.js';

const teams = codec<TeamsTable, Team>(['allow_open_invite', 'group_constrained'], []);
const members = codec<TeamMembersTable, TeamMember>(['scheme_guest', 'scheme_user', 'scheme_admin'], []);

export class SqlTeamStore implements TeamStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(team: Team): Promise<boolean> {
    const r = await this.db
      .insertInto('teams')
      .values(teams.encode(team) as TeamsTable)
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(team: Team): Promise<Team> {
    const { id, ...rest } = teams.encode(team);
    await this.db.updateTable('teams').set(rest).where('id', '=', id!).execute();
    return team;
  }

  async get(id: string) {
    const row = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return row && teams.decode(row);
  }

  async getMany(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('teams').selectAll().where('id', 'in', [...ids]).execute();
    return rows.map(teams.decode);
  }

  async getByName(name: string) {
    const row = await this.db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    return row && teams.decode(row);
  }

  async getByInviteId(inviteId: string) {
    if (!inviteId) return undefined;
    const row = await this.db.selectFrom('teams').selectAll().where('invite_id', '=', inviteId).executeTakeFirst();
    return row && teams.decode(row);
  }

  private listed(opts: Omit<TeamListOptions, 'offset' | 'limit'>) {
    let q = this.db.selectFrom('teams');
    if (!opts.includeDeleted) q = q.where('delete_at', '=', 0);
    if (opts.openOnly !== undefined) q = q.where('allow_open_invite', '=', opts.openOnly ? 1 : 0);
    return q;
  }

  async getAll(opts: TeamListOptions) {
    const rows = await this.listed(opts)
      .selectAll()
      .orderBy('display_name')
      .orderBy('id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute();
    return rows.map(teams.decode);
  }

  async countAll(opts: Omit<TeamListOptions, 'offset' | 'limit'>) {
    const row = await this.listed(opts).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async getForUser(userId: string) {
    const rows = await this.db
      .selectFrom('teams')
      .innerJoin('team_members as tm', 'tm.team_id', 'teams.id')
      .selectAll('teams')
      .where('tm.user_id', '=', userId)
      .where('tm.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .orderBy('teams.display_name')
      .orderBy('teams.id')
      .execute();
    return rows.map(teams.decode);
  }

  async saveMember(member: TeamMember): Promise<TeamMember> {
    const row = members.encode(member) as TeamMembersTable;
    const { team_id: _t, user_id: _u, ...rest } = row;
    await this.db
      .insertInto('team_members')
      .values(row)
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet(rest))
      .execute();
    return member;
  }

  async updateMember(member: TeamMember): Promise<TeamMember> {
    const { team_id, user_id, ...rest } = members.encode(member);
    await this.db.updateTable('team_members').set(rest).where('team_id', '=', team_id!).where('user_id', '=', user_id!).execute();
    return member;
  }

  async getMember(teamId: string, userId: string) {
    const row = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && members.decode(row);
  }

  async getMembers(teamId: string, opts: { offset: number; limit: number; excludeDeletedUsers?: boolean; sortByUsername?: boolean }) {
    let q = this.db
      .selectFrom('team_members as tm')
      .innerJoin('users as u', 'u.id', 'tm.user_id')
      .selectAll('tm')
      .where('tm.team_id', '=', teamId)
      .where('tm.delete_at', '=', 0);
    if (opts.excludeDeletedUsers) q = q.where('u.delete_at', '=', 0);
    q = opts.sortByUsername ? q.orderBy('u.username') : q.orderBy('tm.user_id');
    const rows = await q.offset(opts.offset).limit(opts.limit).execute();
    return rows.map(members.decode);
  }

  async getMembersByIds(teamId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', 'in', [...userIds])
      .where('delete_at', '=', 0)
      .orderBy('user_id')
      .execute();
    return rows.map(members.decode);
  }

  async getMembersForUser(userId: string, opts: { includeDeleted?: boolean } = {}) {
    let q = this.db.selectFrom('team_members').selectAll().where('user_id', '=', userId);
    if (!opts.includeDeleted) q = q.where('delete_at', '=', 0);
    const rows = await q.orderBy('team_id').execute();
    return rows.map(members.decode);
  }

  async removeMember(teamId: string, userId: string, at: number) {
    await this.db.updateTable('team_members').set({ delete_at: at }).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
  }

  async countMembers(teamId: string, opts: { activeUsersOnly?: boolean } = {}) {
    let q = this.db
      .selectFrom('team_members as tm')
      .innerJoin('users as u', 'u.id', 'tm.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tm.team_id', '=', teamId)
      .where('tm.delete_at', '=', 0);
    if (opts.activeUsersOnly) q = q.where('u.delete_at', '=', 0);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
