import { sql, type RawBuilder } from 'kysely';
import type { Engine } from '../database.js';

// User input goes into LIKE patterns with its wildcards escaped, so "john_doe" matches literally.
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `lower(column) LIKE '<term>%'` with an explicit escape character, same on both engines. */
export function lowerPrefixMatch(column: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${`${escapeLike(term.toLowerCase())}%`} escape '\\'`;
}

/** Whole-word match in a space-separated list column such as `roles`. */
export function hasWord(column: string, word: string): RawBuilder<boolean> {
  return sql<boolean>`(' ' || ${sql.ref(column)} || ' ') like ${`% ${escapeLike(word)} %`} escape '\\'`;
}

/** Sorts after every character, so [term, term + this) holds exactly the strings that start with term. */
const PREFIX_END = '\u{10FFFF}';

/**
 * `lower(column)` starts with `term`, written as a range so that the lower(column) indexes of migration 0006
 * serve it (a LIKE on an expression cannot use them). PostgreSQL compares in the "C" collation, as indexed.
 */
export function lowerPrefixRange(column: string, term: string, engine: Engine): RawBuilder<boolean> {
  const lo = term.toLowerCase();
  const hi = `${lo}${PREFIX_END}`;
  const col = sql.ref(column);
  if (engine === 'postgres') return sql<boolean>`(lower(${col}) collate "C" >= ${lo} and lower(${col}) collate "C" < ${hi})`;
  return sql<boolean>`(lower(${col}) >= ${lo} and lower(${col}) < ${hi})`;
}
