// Which words of a search to highlight in its results. The server parses the search itself (from:, in:,
// on:, "phrases", -exclusions, wildcards*); the client only needs the words that were looked for.

const FILTER = /^-?(from|in|channel|on|before|after|ext):/i;

/** The words and phrases a search looks for, without filters, exclusions and wildcard stars. */
export function searchedTerms(terms: string): string[] {
  const out: string[] = [];
  for (const m of terms.matchAll(/(-?)"([^"]*)"|(\S+)/g)) {
    if (m[2] !== undefined) {
      if (m[1] === '' && m[2].trim() !== '') out.push(m[2].trim());
      continue;
    }
    const word = m[3]!;
    if (word.startsWith('-') || FILTER.test(word)) continue;
    const bare = word.replace(/\*+$/, '').replace(/^"|"$/g, '');
    if (bare !== '') out.push(bare);
  }
  return out;
}

/** What to mark in one result: the server's matches for it (when it sent any) and the searched words. */
export function highlightTerms(terms: string, matches: readonly string[] = []): string[] {
  const all = [...matches.map((m) => m.replace(/\*+$/, '')), ...searchedTerms(terms)].filter((t) => t.trim() !== '');
  const seen = new Set<string>();
  // Longest first, so a phrase wins over a word inside it.
  return all
    .filter((t) => {
      const key = t.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => b.length - a.length);
}
