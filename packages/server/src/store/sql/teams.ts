// PLACEHOLDER: replaced by the teams slice.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export class SqlTeamStore {
  constructor(readonly db: Kysely<Database>) {}
}
