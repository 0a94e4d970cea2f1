// Opens the configured engine behind one Kysely instance: embedded SQLite (WAL) by default,
// PostgreSQL when a postgres:// URL is given. Everything above this file is engine-agnostic.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { tracedDialect } from './layers/sql-tracing.js';

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** PostgreSQL schema holding the tables, when not the default. */
  schema?: string;
  /** Open connections to the database (the pool's size for PostgreSQL, 1 for SQLite). */
  connections(): number;
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
  /** Wrap the dialect so that every SQL statement is a span (only when tracing is on). */
  traceSql?: boolean;
  /** An idle pooled connection failed (the server restarted); the pool replaces it on next use. */
  onIdleError?: (err: Error) => void;
}

/** Prepared statements kept per SQL text; beyond this many, the least recently used are finalised. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely's SQLite driver prepares every query anew, and SQLite then parses and plans the same SQL over and
 * over (15 % of the server's CPU under load in a profile). The handful of query shapes the app uses are
 * prepared once and reused; a statement still being iterated is never handed out twice.
 */
function cachedStatements(sqlite: SqliteDatabase.Database): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Re-inserted so that Map order is least recently used first.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

export async function openDatabase(opts: OpenOptions): Promise<OpenedDatabase> {
  if (/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema},public` } : {}),
    });
    // Without a listener, an idle connection dropped by the server (a restart, a failover) is an
    // unhandled 'error' event and ends the process.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const dialect = new PostgresDialect({ pool });
    const db = new Kysely<Database>({ dialect: opts.traceSql ? tracedDialect(dialect, 'postgres') : dialect });
    return {
      db,
      engine: 'postgres',
      ...(opts.pgSchema ? { schema: opts.pgSchema } : {}),
      connections: () => pool.totalCount,
      close: () => db.destroy(),
    };
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
  const dialect = new SqliteDialect({ database: cachedStatements(sqlite) });
  const db = new Kysely<Database>({ dialect: opts.traceSql ? tracedDialect(dialect, 'sqlite') : dialect });
  return { db, engine: 'sqlite', connections: () => (sqlite.open ? 1 : 0), close: () => db.destroy() };
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
