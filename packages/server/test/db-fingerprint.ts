// A cheap fingerprint of a test server's database: per table, the row count and the largest change
// timestamps. Taken around traffic that was entirely refused, an unchanged fingerprint means the refusals
// wrote nothing. Tables are discovered from the database, so tables added later are covered without edits.
import { sql } from 'kysely';
import type { OpenedDatabase } from '../src/store/database.js';

/** Columns every write to a row bumps (or sets, for soft deletes). */
const CHANGE_COLUMNS = ['update_at', 'delete_at', 'edit_at', 'last_update_at', 'extra_update_at'];

/** Tables that change without any request (cluster heartbeats, live connections, migration bookkeeping),
 * and the audit trail, which records refused attempts (a failed login) by design, as Mattermost's does. */
const IGNORED = new Set(['cluster_nodes', 'presence_connections', 'kysely_migration', 'kysely_migration_lock', 'audits']);

export type Fingerprint = Record<string, string>;

let cache: { database: OpenedDatabase; query: string } | undefined;

async function buildQuery(database: OpenedDatabase): Promise<string> {
  const tables = (await database.db.introspection.getTables())
    .filter((t) => !t.isView && !IGNORED.has(t.name) && (database.schema === undefined || t.schema === database.schema))
    .sort((a, b) => a.name.localeCompare(b.name));
  const parts = tables.map((t) => {
    const names = new Set(t.columns.map((c) => c.name));
    const maxes = CHANGE_COLUMNS.filter((c) => names.has(c)).map((c) => `coalesce(max(${c}), 0)`);
    const summary = [`count(*)`, ...maxes].map((e) => `cast(${e} as text)`).join(` || ':' || `);
    return `select '${t.name}' as t, ${summary} as v from ${t.name}`;
  });
  return parts.join(' union all ');
}

/** Row counts and max change timestamps of every table, keyed by table name. */
export async function dbFingerprint(database: OpenedDatabase): Promise<Fingerprint> {
  if (cache?.database !== database) cache = { database, query: await buildQuery(database) };
  const { rows } = await sql<{ t: string; v: string }>`${sql.raw(cache.query)}`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The tables whose entries differ, as "table: before → after". */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k] ?? '-'} → ${after[k] ?? '-'}`);
}
