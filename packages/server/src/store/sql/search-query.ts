// Search terms → each engine's full-text query language. Parts are already letters and digits only
// (app/search-terms.ts), so quoting here is belt and braces rather than the only defence.

export interface SearchTerm {
  /** Which indexed text the term is for. */
  kind: 'message' | 'hashtags';
  /** One part = a word, several = a phrase. */
  parts: string[];
  /** The last part is a prefix. */
  prefix: boolean;
}

const ftsString = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** An FTS5 MATCH expression: each term restricted to its column, joined by AND or OR. */
export function ftsMatch(terms: readonly SearchTerm[], or: boolean): string {
  return terms
    .map((t) => `${t.kind} : ${ftsString(t.parts.join(' '))}${t.prefix ? ' *' : ''}`)
    .join(or ? ' OR ' : ' AND ');
}

const lexeme = (s: string) => `'${s.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;

/** A to_tsquery expression: phrases with <->, a prefix as :*, joined by & or |. */
export function tsQuery(terms: readonly SearchTerm[], or: boolean): string {
  return terms
    .map((t) => {
      const parts = t.parts.map((p, i) => lexeme(p) + (t.prefix && i === t.parts.length - 1 ? ':*' : ''));
      return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
    })
    .join(or ? ' | ' : ' & ');
}
