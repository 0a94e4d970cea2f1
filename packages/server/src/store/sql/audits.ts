import { sql, type Kysely } from 'kysely';
import type { Audit, AuditQuery, AuditStore } from '../audits.js';
import type { Database } from '../schema.js';
import { escapeLike } from './like.js';

export class SqlAuditStore implements AuditStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(audit: Audit): Promise<void> {
    await this.db.insertInto('audits').values(audit).execute();
  }

  async get(q: AuditQuery): Promise<Audit[]> {
    let query = this.db.selectFrom('audits').selectAll();
    if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
    if (q.since !== undefined) query = query.where('create_at', '>=', q.since);
    if (q.action) {
      // Case-insensitive on both engines (SQLite's LIKE already is for ASCII, PostgreSQL's is not).
      const pattern = `%${escapeLike(q.action.toLowerCase())}%`;
      query = query.where(sql<boolean>`lower(action) like ${pattern} escape '\\'`);
    }
    const rows = await query.orderBy('create_at', 'desc').orderBy('id', 'desc').offset(q.offset).limit(q.limit).execute();
    return rows.map((r) => ({ ...r, create_at: Number(r.create_at) }));
  }

  async deleteOlderThan(before: number): Promise<number> {
    const r = await this.db.deleteFrom('audits').where('create_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
