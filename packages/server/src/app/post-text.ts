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

export interface ParsedMentions {
  /**
   * One entry per distinct @word, each listing the usernames it may stand for, longest first:
   * "@bob.smith." may mean "bob.smith." or "bob.smith" (trailing punctuation is usually prose).
   */
  candidates: string[][];
  channel: boolean;
  all: boolean;
  here: boolean;
}

// An @ that starts a word: not inside an email address or another token.
const MENTION = /(?<![\p{L}\p{N}_.\-@])@([a-z0-9.\-_]+)/giu;

function withoutCode(message: string): string {
  return message.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

export function parseMentions(message: string): ParsedMentions {
  const out: ParsedMentions = { candidates: [], channel: false, all: false, here: false };
  const seen = new Set<string>();
  for (const m of withoutCode(message).matchAll(MENTION)) {
    const word = m[1]!.toLowerCase();
    if (seen.has(word)) continue;
    seen.add(word);
    const forms = [word];
    for (let w = word; /[.\-_]$/.test(w); ) {
      w = w.slice(0, -1);
      if (w) forms.push(w);
    }
    const bare = forms[forms.length - 1];
    if (bare === 'channel') out.channel = true;
    else if (bare === 'all') out.all = true;
    else if (bare === 'here') out.here = true;
    else out.candidates.push(forms);
  }
  return out;
}
