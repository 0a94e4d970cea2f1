import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SchemeStore, StoredScheme } from '../schemes.js';

const decode = (row: Database['schemes']): StoredScheme => ({ ...row, scope: row.scope === 'channel' ? 'channel' : 'team' });

const roleNames = (s: StoredScheme) =>
  [
    s.default_team_admin_role,
    s.default_team_user_role,
    s.default_team_guest_role,
    s.default_channel_admin_role,
    s.default_channel_user_role,
    s.default_channel_guest_role,
  ].filter(Boolean);

export class SqlSchemeStore implements SchemeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async getAll() {
    const rows = await this.db.selectFrom('schemes').selectAll().where('delete_at', '=', 0).orderBy('create_at').orderBy('id').execute();
    return rows.map(decode);
  }

  async get(id: string) {
    const row = await this.db.selectFrom('schemes').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row && decode(row);
  }

  async getPage(scope: 'team' | 'channel' | undefined, offset: number, limit: number) {
    let q = this.db.selectFrom('schemes').selectAll().where('delete_at', '=', 0);
    if (scope) q = q.where('scope', '=', scope);
    const rows = await q.orderBy('create_at').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(decode);
  }

  private async nameTaken(name: string, exceptId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('schemes')
      .select('id')
      .where('name', '=', name)
      .where('delete_at', '=', 0)
      .where('id', '!=', exceptId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async save(scheme: StoredScheme) {
    if (await this.nameTaken(scheme.name, scheme.id)) return false;
    const r = await this.db
      .insertInto('schemes')
      .values(scheme)
      .onConflict((oc) => oc.columns(['name', 'delete_at']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(scheme: StoredScheme) {
    if (await this.nameTaken(scheme.name, scheme.id)) return false;
    const { name, display_name, description, update_at } = scheme;
    await this.db.updateTable('schemes').set({ name, display_name, description, update_at }).where('id', '=', scheme.id).execute();
    return true;
  }

  async delete(scheme: StoredScheme, now: number) {
    await this.db.updateTable('schemes').set({ delete_at: now, update_at: now }).where('id', '=', scheme.id).execute();
    await this.db.updateTable('teams').set({ scheme_id: null, update_at: now }).where('scheme_id', '=', scheme.id).execute();
    await this.db.updateTable('channels').set({ scheme_id: null, update_at: now }).where('scheme_id', '=', scheme.id).execute();
    const names = roleNames(scheme);
    if (names.length > 0) await this.db.deleteFrom('roles').where('name', 'in', names).execute();
  }

  async assignments() {
    const [teams, channels] = await Promise.all([
      this.db.selectFrom('teams').select(['id', 'scheme_id']).where('scheme_id', 'is not', null).where('scheme_id', '!=', '').execute(),
      this.db.selectFrom('channels').select(['id', 'scheme_id']).where('scheme_id', 'is not', null).where('scheme_id', '!=', '').execute(),
    ]);
    return {
      teams: teams.map((t) => ({ id: t.id, scheme_id: t.scheme_id! })),
      channels: channels.map((c) => ({ id: c.id, scheme_id: c.scheme_id! })),
    };
  }

  async setTeamScheme(teamId: string, schemeId: string | null, now: number) {
    await this.db.updateTable('teams').set({ scheme_id: schemeId, update_at: now }).where('id', '=', teamId).execute();
  }

  async setChannelScheme(channelId: string, schemeId: string | null, now: number) {
    await this.db.updateTable('channels').set({ scheme_id: schemeId, update_at: now }).where('id', '=', channelId).execute();
  }

  teamIds(schemeId: string, offset: number, limit: number) {
    return this.idsUsing('teams', schemeId, offset, limit);
  }

  channelIds(schemeId: string, offset: number, limit: number) {
    return this.idsUsing('channels', schemeId, offset, limit);
  }

  /** Live teams or channels assigned to the scheme, by display name. */
  private async idsUsing(table: 'teams' | 'channels', schemeId: string, offset: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom(table)
      .select('id')
      .where('scheme_id', '=', schemeId)
      .where('delete_at', '=', 0)
      .orderBy('display_name')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
