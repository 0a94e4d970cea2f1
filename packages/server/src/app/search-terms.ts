// Mattermost's search syntax (model.ParseSearchParams): words, "phrases", -exclusions, #hashtags, word*,
// from:, in:, on:, before:, after:. Pure; the store turns the result into FTS5 or tsquery text.
import { badRequest } from '../platform/errors.js';

export interface ParsedSearch {
  words: string[];
  phrases: string[][];
  hashtags: { tag: string; parts: string[] }[];
  excludedWords: string[];
  excludedPhrases: string[][];
  fromUsernames: string[];
  excludedUsernames: string[];
  inChannels: string[];
  excludedChannels: string[];
  since?: number;
  until?: number;
  /** The positive terms as typed, for the `matches` highlight list. */
  highlights: string[];
}

const MAX_TERMS = 32;
const DAY = 86_400_000;
const WORD_PARTS = /[\p{L}\p{N}]+/gu;

/** Letters-and-digits runs, lowercase: the only text that reaches either engine's query language. */
function parts(text: string): string[] {
  return (text.toLowerCase().match(WORD_PARTS) ?? []).slice(0, MAX_TERMS);
}

/** Start of the given local day in UTC ms; offsetSeconds is east of UTC, as Mattermost's time_zone_offset. */
function dayStart(value: string, offsetSeconds: number): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3])) {
    throw badRequest('api.post.search_posts.invalid_date.app_error', 'Invalid date in search terms.', value);
  }
  return ms - offsetSeconds * 1000;
}

/** Splits on whitespace, keeping "quoted phrases" (with an optional leading -) together. */
function tokenize(terms: string): string[] {
  return terms.match(/-?"[^"]*"?|[^\s"]+/g) ?? [];
}

export function parseSearchTerms(terms: string, offsetSeconds: number): ParsedSearch {
  const out: ParsedSearch = {
    words: [], phrases: [], hashtags: [], excludedWords: [], excludedPhrases: [],
    fromUsernames: [], excludedUsernames: [], inChannels: [], excludedChannels: [], highlights: [],
  };
  const tighten = (field: 'since' | 'until', v: number, pick: (a: number, b: number) => number) => {
    out[field] = out[field] === undefined ? v : pick(out[field], v);
  };
  for (const raw of tokenize(terms).slice(0, MAX_TERMS)) {
    const excluded = raw.startsWith('-') && raw.length > 1;
    const token = excluded ? raw.slice(1) : raw;
    if (token.startsWith('"')) {
      const p = parts(token);
      if (p.length === 0) continue;
      if (excluded) out.excludedPhrases.push(p);
      else {
        out.phrases.push(p);
        out.highlights.push(token.replace(/"/g, ''));
      }
      continue;
    }
    const flag = /^(from|in|channel|on|before|after):(.*)$/i.exec(token);
    if (flag) {
      const name = flag[1]!.toLowerCase();
      const value = flag[2]!.replace(/^@/, '').toLowerCase();
      if (!value) continue;
      if (name === 'from') (excluded ? out.excludedUsernames : out.fromUsernames).push(value);
      else if (name === 'in' || name === 'channel') (excluded ? out.excludedChannels : out.inChannels).push(value.replace(/^~/, ''));
      else if (name === 'on') {
        tighten('since', dayStart(value, offsetSeconds), Math.max);
        tighten('until', dayStart(value, offsetSeconds) + DAY, Math.min);
      } else if (name === 'after') tighten('since', dayStart(value, offsetSeconds) + DAY, Math.max);
      else tighten('until', dayStart(value, offsetSeconds), Math.min);
      continue;
    }
    if (token.startsWith('#') && !excluded) {
      const tag = token.replace(/^#+/, '').toLowerCase().replace(/[^\p{L}\p{N}\-_.]+$/u, '');
      const p = parts(tag);
      if (p.length === 0) continue;
      out.hashtags.push({ tag, parts: p });
      out.highlights.push(`#${tag}`);
      continue;
    }
    const prefix = token.endsWith('*');
    const p = parts(token);
    if (p.length === 0) continue;
    // "foo-bar" is one term to the user, so its parts must stay together: a phrase.
    if (p.length > 1) {
      (excluded ? out.excludedPhrases : out.phrases).push(p);
      if (!excluded) out.highlights.push(p.join(' '));
      continue;
    }
    const word = prefix ? `${p[0]!}*` : p[0]!;
    (excluded ? out.excludedWords : out.words).push(word);
    if (!excluded) out.highlights.push(word);
  }
  return out;
}

/** Which highlight terms occur in a message, as Mattermost's `matches` lists them for the client. */
export function matchedTerms(message: string, highlights: readonly string[]): string[] {
  const lower = message.toLowerCase();
  return highlights.filter((h) => lower.includes(h.replace(/\*$/, '').toLowerCase()));
}
