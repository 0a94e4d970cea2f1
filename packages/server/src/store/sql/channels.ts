// PLACEHOLDER: replaced by the channels slice.
import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';
import type { Database } from '../schema.js';

export class SqlChannelStore {
  constructor(readonly db: Kysely<Database>, readonly engine: Engine) {}
}
