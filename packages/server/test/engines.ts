// Which database engines a run covers and where PostgreSQL is. Shared by the HTTP harness and the store
// fixtures; deliberately free of server imports so store suites load only the store.
import pg from 'pg';
import type { Engine } from '../src/store/database.js';

export type EngineName = Engine;

export const PG_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function engines(): Engine[] {
  const list = (process.env.PARLEY_TEST_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  return list.filter((e): e is Engine => e === 'sqlite' || e === 'postgres');
}

/** Runs one administrative statement (CREATE/DROP SCHEMA) on its own connection. */
export async function pgAdmin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}
