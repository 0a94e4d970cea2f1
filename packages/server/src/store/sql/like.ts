import { sql, type RawBuilder } from 'kysely';

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
