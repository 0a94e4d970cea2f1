// What the server reads out of a message: hashtags (stored for search) and @-mentions (unread mention
// counts). Pure functions; rules follow Mattermost's model.ParseHashtags and its explicit-mention parsing.

const PUNCT_START = /^[^\p{L}\p{N}\s#]+/u;
const PUNCT_END = /[^\p{L}\p{N}\s]+$/u;
const EXTRA_POUNDS = /^#{2,}/;
const VALID_HASHTAG = /^#\p{L}[\p{L}\p{N}\-_.]*[\p{L}\p{N}]$/u;
const MAX_HASHTAGS_LENGTH = 1000;

/** Space-separated hashtags in message order, cut at a word boundary to fit the 1000-character column. */
export function parseHashtags(message: string): string {
  const tags: string[] = [];
  for (const raw of message.split(/\s+/)) {
    const word = raw.replace(PUNCT_START, '').replace(PUNCT_END, '').replace(EXTRA_POUNDS, '#');
    if (VALID_HASHTAG.test(word)) tags.push(word);
  }
  let out = tags.join(' ');
  if (out.length > MAX_HASHTAGS_LENGTH) {
    out = out.slice(0, MAX_HASHTAGS_LENGTH - 1);
    const lastSpace = out.lastIndexOf(' ');
    out = lastSpace > -1 ? out.slice(0, lastSpace) : '';
  }
  return out;
}

/**
 * Mention keywords and the users each stands for: "@username", the user's own mention keys (both
 * lowercase, matched case-insensitively), first names (matched exactly), and "@channel", "@all", "@here"
 * for the users those reach. Built per channel by app/mentions.ts.
 */
export type MentionKeywords = Map<string, string[]>;

export type MentionKind = 'keyword' | 'channel';

export interface MentionHits {
  users: Map<string, MentionKind>;
  channel: boolean;
  all: boolean;
  here: boolean;
}

const CHANNEL_WIDE = new Set(['@here', '@channel', '@all']);
// Characters that may be part of a mention or an emoji name; anything else separates words.
const WORD = /[\p{L}\p{N}:.\-_@]+/gu;
const TRAILING = /[.\-:_]$/;
// Mattermost compares byte and rune counts; in JS terms: any character beyond ASCII.
const isAscii = (s: string) => [...s].every((c) => c.charCodeAt(0) < 0x80);

function withoutCode(message: string): string {
  return message.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** The words of a message that may be mentions or keywords: code and emoji out, leading punctuation off. */
function* words(message: string): Generator<string> {
  for (const [raw] of withoutCode(message).matchAll(WORD)) {
    if (raw.length > 1 && raw.startsWith(':') && raw.endsWith(':')) continue;
    const word = raw.replace(/^[:.\-_]+/, '');
    if (word) yield word;
  }
}

/**
 * Everything in a message that findMentions could take for an @-mention, lowercased and without the "@":
 * each @word and each of its stems with trailing punctuation taken off. A superset, so that only these
 * users need to be looked up (plus those with custom mention keys).
 */
export function atMentionTerms(message: string): Set<string> {
  const terms = new Set<string>();
  for (const word of words(message)) {
    if (!word.startsWith('@')) continue;
    let stem = word.toLowerCase();
    terms.add(stem.slice(1));
    while (stem !== '' && TRAILING.test(stem)) {
      stem = stem.slice(0, -1);
      terms.add(stem.slice(1));
    }
  }
  terms.delete('');
  return terms;
}

/**
 * Who a message mentions, following Mattermost's standard mention parser: words split on anything that
 * cannot be in a mention, emoji (:name:) skipped, trailing sentence punctuation tried off, words joined by
 * ".", "-" or ":" tried part by part, and keywords in scripts written without spaces found inside words.
 * Code spans and blocks mention nobody.
 */
export function findMentions(message: string, keywords: MentionKeywords): MentionHits {
  const hits: MentionHits = { users: new Map(), channel: false, all: false, here: false };
  const add = (ids: readonly string[] | undefined, kind: MentionKind) => {
    for (const id of ids ?? []) if (hits.users.get(id) !== 'keyword') hits.users.set(id, kind);
  };
  const check = (word: string): boolean => {
    const lower = word.toLowerCase();
    if (lower === '@here') hits.here = true;
    else if (lower === '@channel') hits.channel = true;
    else if (lower === '@all') hits.all = true;
    const kind: MentionKind = CHANNEL_WIDE.has(lower) ? 'channel' : 'keyword';
    const ids = keywords.get(lower) ?? keywords.get(word);
    if (!ids) return false;
    add(ids, kind);
    return true;
  };
  const multibyte = [...keywords.keys()].filter((k) => !isAscii(k));

  for (const word of words(message)) {
    if (check(word)) continue;
    let stem = word;
    let found = false;
    while (stem !== '' && TRAILING.test(stem)) {
      stem = stem.slice(0, -1);
      if (check(stem)) {
        found = true;
        break;
      }
    }
    if (found) continue;
    if (!word.startsWith('@') && /[.\-:]/.test(word)) {
      for (const part of word.split(/[.\-:]+/)) if (part) check(part);
    }
    if (multibyte.length > 0 && !isAscii(word)) {
      for (const k of multibyte) if (word.includes(k)) add(keywords.get(k), 'keyword');
    }
  }
  return hits;
}

/** A post's permalink as Mattermost writes it; without a team (a DM), the web app's /_redirect resolves it. */
export function permalinkUrl(siteUrl: string, team: { name: string } | undefined, postId: string): string {
  return `${siteUrl}/${team ? team.name : '_redirect'}/pl/${postId}`;
}
