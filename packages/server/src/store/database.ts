// Opens the configured engine behind one Kysely instance: embedded SQLite (WAL) by default,
// PostgreSQL when a postgres:// URL is given. Everything above this file is engine-agnostic.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** PostgreSQL schema holding the tables, when not the default. */
  schema?: string;
  close(): Promise<void>;
}

// int8 (bigint, count(*)) arrives as a string from pg; our values are ms timestamps and counters,
// all far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface OpenOptions {
  databaseUrl: string;
  dataDir: string;
  /** PostgreSQL only: put every table in this schema (tests use one throwaway schema each). */
  pgSchema?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<OpenedDatabase> {
  if (/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema},public` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', ...(opts.pgSchema ? { schema: opts.pgSchema } : {}), close: () => db.destroy() };
  }
  if (opts.databaseUrl && opts.databaseUrl !== ':memory:' && !opts.databaseUrl.startsWith('sqlite:')) {
    throw new Error(`Unsupported PARLEY_DATABASE_URL: ${opts.databaseUrl} (expected postgres://… or empty for SQLite)`);
  }
  let file = opts.databaseUrl.startsWith('sqlite:') ? opts.databaseUrl.slice('sqlite:'.length) : '';
  if (opts.databaseUrl === ':memory:') file = ':memory:';
  if (!file) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    file = path.join(opts.dataDir, 'parley.db');
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() folds ASCII only; PostgreSQL folds all of Unicode. Searches on names must agree.
  sqlite.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

export async function migrateToLatest(opened: Pick<OpenedDatabase, 'db' | 'schema'>): Promise<void> {
  // Kysely looks for its bookkeeping tables in any schema unless told which; pin it, or a second schema in
  // the same database would find the first one's lock table and fail.
  const migrator = new Migrator({ db: opened.db, provider: migrationProvider, ...(opened.schema ? { migrationTableSchema: opened.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
