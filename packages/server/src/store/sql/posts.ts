// PLACEHOLDER: replaced by the posts slice.
import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';
import type { Database } from '../schema.js';

export class SqlPostStore {
  constructor(readonly db: Kysely<Database>, readonly engine: Engine) {}
}
export class SqlReactionStore {
  constructor(readonly db: Kysely<Database>) {}
}
export class SqlThreadStore {
  constructor(readonly db: Kysely<Database>) {}
}
