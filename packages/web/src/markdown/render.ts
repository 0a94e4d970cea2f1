// Message text → HTML. markdown-it with raw HTML off (it is escaped, never passed through), links limited
// to http(s)/mailto and opened in a new tab without an opener, images off (no remote loads from a
// message), @mentions and :emoji: marked up. The result is safe to set as innerHTML.
import MarkdownIt from 'markdown-it';
import type { StateCore } from 'markdown-it';
import { emojiFor } from './emoji';
import { CHANNEL_WIDE, MENTION } from './mentions';

export { mentionsUser } from './mentions';

export interface RenderEnv {
  /** The reader's username: their own mentions are highlighted more strongly. */
  myUsername?: string;
  /** Words to mark (search results): matched case-insensitively at the start of a word. */
  highlight?: readonly string[];
}

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const EMOJI_CODE = /:([a-z0-9_+-]+):/g;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);
md.validateLink = (url: string) => SAFE_URL.test(url.trim());
md.linkify.set({ fuzzyLink: true, fuzzyEmail: false });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

md.renderer.rules.mention = (tokens, idx, _options, env) => {
  const name = String(tokens[idx]!.meta?.name ?? '');
  const lower = name.toLowerCase();
  const me = (env as RenderEnv | undefined)?.myUsername?.toLowerCase();
  const self = (me !== undefined && me !== '' && lower === me) || CHANNEL_WIDE.has(lower);
  return `<span class="mention${self ? ' mention--me' : ''}">@${md.utils.escapeHtml(name)}</span>`;
};

md.renderer.rules.highlight = (tokens, idx) => `<mark class="highlight">${md.utils.escapeHtml(tokens[idx]!.content)}</mark>`;

md.renderer.rules.emoji = (tokens, idx) => {
  const t = tokens[idx]!;
  return `<span class="emoji" title=":${md.utils.escapeHtml(String(t.meta?.name ?? ''))}:">${t.content}</span>`;
};

/** Splits plain text runs (outside links and code) into text, mention and emoji tokens. */
function markMentionsAndEmoji(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    let linkDepth = 0;
    for (const tok of block.children) {
      if (tok.type === 'link_open') linkDepth += 1;
      if (tok.type === 'link_close') linkDepth -= 1;
      if (tok.type !== 'text' || linkDepth > 0) {
        out.push(tok);
        continue;
      }
      const pieces: { kind: 'text' | 'mention' | 'emoji'; value: string; name?: string }[] = [];
      let rest = tok.content;
      for (;;) {
        MENTION.lastIndex = 0;
        EMOJI_CODE.lastIndex = 0;
        const m = MENTION.exec(rest);
        let e = EMOJI_CODE.exec(rest);
        while (e && !emojiFor(e[1]!)) e = EMOJI_CODE.exec(rest);
        const mAt = m ? m.index + m[1]!.length : Infinity;
        const eAt = e ? e.index : Infinity;
        if (mAt === Infinity && eAt === Infinity) break;
        if (mAt <= eAt && m) {
          // "@bob." ends a sentence: the dot is not part of the name.
          const name = m[2]!.replace(/[._-]+$/, '');
          pieces.push({ kind: 'text', value: rest.slice(0, mAt) });
          pieces.push({ kind: 'mention', value: `@${name}`, name });
          rest = rest.slice(mAt + 1 + name.length);
        } else if (e) {
          pieces.push({ kind: 'text', value: rest.slice(0, eAt) });
          pieces.push({ kind: 'emoji', value: emojiFor(e[1]!)!, name: e[1]! });
          rest = rest.slice(eAt + e[0].length);
        }
      }
      if (pieces.length === 0) {
        out.push(tok);
        continue;
      }
      pieces.push({ kind: 'text', value: rest });
      for (const p of pieces) {
        if (p.kind === 'text') {
          if (p.value === '') continue;
          const t = new state.Token('text', '', 0);
          t.content = p.value;
          out.push(t);
        } else {
          const t = new state.Token(p.kind, '', 0);
          t.content = p.value;
          t.meta = { name: p.name };
          out.push(t);
        }
      }
    }
    block.children = out;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits text tokens (link text included, code and mentions not) around the searched words. */
function markHighlights(state: StateCore, words: readonly string[]): void {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.map(escapeRegExp).join('|')})`, 'giu');
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    for (const tok of block.children) {
      if (tok.type !== 'text') {
        out.push(tok);
        continue;
      }
      let at = 0;
      for (const m of tok.content.matchAll(pattern)) {
        if (m[0] === '') continue;
        if (m.index > at) out.push(Object.assign(new state.Token('text', '', 0), { content: tok.content.slice(at, m.index) }));
        out.push(Object.assign(new state.Token('highlight', '', 0), { content: m[0] }));
        at = m.index + m[0].length;
      }
      if (at === 0) out.push(tok);
      else if (at < tok.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: tok.content.slice(at) }));
    }
    block.children = out;
  }
}

md.core.ruler.push('parley_mentions', (state) => {
  markMentionsAndEmoji(state);
  const words = (state.env as RenderEnv | undefined)?.highlight?.filter((w) => w !== '') ?? [];
  if (words.length > 0) markHighlights(state, words);
  return true;
});

const cache = new Map<string, string>();
const CACHE_LIMIT = 1000;

export function renderMarkdown(text: string, env: RenderEnv = {}): string {
  const key = `${env.myUsername ?? ''}\u0000${(env.highlight ?? []).join('\u0001')}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = md.render(text, { ...env });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}
