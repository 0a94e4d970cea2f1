// Scratch places for store-level seeds (bench/seed): a temp data dir, plus a fresh schema on PostgreSQL.
// Everything handed out is removed by `removeAll`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeedTarget } from '../bench/seed/seed-database.js';
import { newId } from '../src/platform/ids.js';
import { pgAdmin } from './engines.js';
import { PG_URL } from './harness.js';

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
