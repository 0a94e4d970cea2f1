import type { Kysely } from 'kysely';
import type { Database, SessionsTable, UserAccessTokensTable } from '../schema.js';
import type { Session, UserAccessToken } from '../models.js';
import type { SessionStore, UserAccessTokenStore } from '../sessions.js';
import { codec } from './codec.js';

const sessions = codec<SessionsTable, Session>(['is_oauth', 'expired_notify'], ['props']);
const tokens = codec<UserAccessTokensTable, UserAccessToken>(['is_active'], []);

export class SqlSessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(session: Session): Promise<Session> {
    await this.db.insertInto('sessions').values(sessions.encode(session) as SessionsTable).execute();
    return session;
  }
  async get(id: string) {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && sessions.decode(row);
  }
  async getByToken(token: string) {
    const row = await this.db.selectFrom('sessions').selectAll().where('token', '=', token).executeTakeFirst();
    return row && sessions.decode(row);
  }
  async getForUser(userId: string) {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_activity_at', 'desc').execute();
    return rows.map(sessions.decode);
  }
  async updateLastActivity(id: string, at: number, expiresAt?: number) {
    await this.db
      .updateTable('sessions')
      .set(expiresAt === undefined ? { last_activity_at: at } : { last_activity_at: at, expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
  }
  async remove(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }
  async updateRolesForUser(userId: string, roles: string) {
    await this.db.updateTable('sessions').set({ roles }).where('user_id', '=', userId).execute();
  }
  async removeForUser(userId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
  async removeAll() {
    const rows = await this.db.selectFrom('sessions').select('user_id').distinct().execute();
    await this.db.deleteFrom('sessions').execute();
    return rows.map((r) => r.user_id);
  }
  async removeByDevice(userId: string, deviceId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
  }
  async removeExpired(now: number) {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '>', 0).where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

export class SqlUserAccessTokenStore implements UserAccessTokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(token: UserAccessToken) {
    await this.db.insertInto('user_access_tokens').values(tokens.encode(token) as UserAccessTokensTable).execute();
    return token;
  }
  async get(id: string) {
    const row = await this.db.selectFrom('user_access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && tokens.decode(row);
  }
  async getByToken(token: string) {
    const row = await this.db.selectFrom('user_access_tokens').selectAll().where('token', '=', token).executeTakeFirst();
    return row && tokens.decode(row);
  }
  async getForUser(userId: string, offset: number, limit: number) {
    const rows = await this.db
      .selectFrom('user_access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map(tokens.decode);
  }
  async setActive(id: string, active: boolean) {
    await this.db.updateTable('user_access_tokens').set({ is_active: active ? 1 : 0 }).where('id', '=', id).execute();
  }
  async remove(id: string) {
    await this.db.deleteFrom('user_access_tokens').where('id', '=', id).execute();
  }
}
