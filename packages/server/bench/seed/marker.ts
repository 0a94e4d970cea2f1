// The record a seed leaves in the `systems` table: which spec it is for, whether it finished, and how long it
// took. A later seed with the same spec and format finds a finished record and reuses the data; a record
// still marked running means an earlier seed died midway, and its data is wiped and seeded again.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { normalizeSpec, sameSpec, type SeedSpec } from '../../../loadtest/src/dataset.js';

export const MARKER_KEY = 'LoadtestSeed';
/** Bumped whenever the seeder writes a different dataset for the same spec, so old data is not reused. */
export const SEED_FORMAT = 1;

export interface SeedMarker {
  format: number;
  spec: Required<SeedSpec>;
  state: 'running' | 'done';
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  rows?: Record<string, number>;
}

export async function readMarker(db: Kysely<Database>): Promise<SeedMarker | null> {
  const row = await db.selectFrom('systems').select('value').where('name', '=', MARKER_KEY).executeTakeFirst();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as SeedMarker;
  } catch {
    return null;
  }
}

export async function writeMarker(db: Kysely<Database>, marker: SeedMarker): Promise<void> {
  const value = JSON.stringify(marker);
  await db
    .insertInto('systems')
    .values({ name: MARKER_KEY, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

export function newMarker(spec: SeedSpec): SeedMarker {
  return { format: SEED_FORMAT, spec: normalizeSpec(spec), state: 'running', startedAt: new Date().toISOString() };
}

/** A finished seed of this very spec and format. */
export function isReusable(marker: SeedMarker | null, spec: SeedSpec): boolean {
  return marker !== null && marker.state === 'done' && marker.format === SEED_FORMAT && sameSpec(marker.spec, spec);
}
