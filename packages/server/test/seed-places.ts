// Scratch places for store-level seeds (bench/seed): a temp data dir, plus a fresh schema on PostgreSQL.
// Everything handed out is removed by `removeAll`. Also: API calls as a seeded user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeedTarget } from '../bench/seed/seed-database.js';
import { newId } from '../src/platform/ids.js';
import { pgAdmin } from './engines.js';
import assert from 'node:assert/strict';
import { ADMIN_USERNAME, PASSWORD, username } from '../../loadtest/src/dataset.js';
import { ADMIN } from '../bench/seed/plan.js';
import { PG_URL, raw } from './harness.js';

export function seedPlaces(engine: 'sqlite' | 'postgres', prefix: string): { place(): Promise<SeedTarget>; removeAll(): Promise<void> } {
  const dirs: string[] = [];
  const schemas: string[] = [];
  return {
    async place() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dataDir);
      if (engine === 'sqlite') return { engine, dataDir, databaseUrl: '' };
      const schema = `t_${newId()}`;
      schemas.push(schema);
      await pgAdmin(`CREATE SCHEMA ${schema}`);
      return { engine, dataDir, databaseUrl: PG_URL, pgSchema: schema };
    },
    async removeAll() {
      for (const s of schemas) await pgAdmin(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/**
 * Calls the API of `url()` as seeded user `u` (ADMIN for the administrator), signing in on first use; any
 * status from 300 on fails the test. Returns the parsed body.
 */
export function seededUserCaller(url: () => string): (u: number, method: string, pathname: string, body?: unknown) => Promise<unknown> {
  const tokens = new Map<number, string>();
  return async (u, method, pathname, body) => {
    let token = tokens.get(u);
    if (!token) {
      const login = await raw(url(), 'POST', '/api/v4/users/login', { body: { login_id: u === ADMIN ? ADMIN_USERNAME : username(u), password: PASSWORD } });
      assert.equal(login.status, 200, JSON.stringify(login.json));
      token = login.headers.get('token')!;
      tokens.set(u, token);
    }
    const res = await raw(url(), method, `/api/v4${pathname}`, { token, ...(body !== undefined ? { body } : {}) });
    assert.ok(res.status < 300, `${method} ${pathname}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
}
