// Slack compatibility for integration text (Mattermost's ProcessSlackText, ProcessSlackAttachments and the
// link rewrite of CreateWebhookPost): `<!channel>` and friends become @-mentions, `<@user id>` becomes
// @username, and `<https://url|label>` becomes a markdown link. Attachments keep their shape; their text
// fields get the same treatment.
import type { Store } from '../store/store.js';

const ANNOUNCEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/<!channel>/g, '@channel'],
  [/<!here>/g, '@here'],
  [/<!all>/g, '@all'],
  [/<!everyone>/g, '@all'],
];

const USER_ID_MENTION = /<@([a-z0-9]{26})(?:\|[^>]*)?>/g;
const LINK_WITH_TEXT = /<([^\n<|>]+)\|([^|\n>]+)>/g;

/** A Slack message attachment, kept as the integration sent it (validated only as an object). */
export type SlackAttachment = Record<string, unknown>;

/** `<url|text>` → `[text](url)`. */
export function slackLinksToMarkdown(text: string): string {
  return text.replace(LINK_WITH_TEXT, (_, url: string, label: string) => `[${label}](${url})`);
}

export function expandAnnouncements(text: string): string {
  let out = text;
  for (const [re, to] of ANNOUNCEMENTS) out = out.replace(re, to);
  return out;
}

/** Replaces `<@userid>` with `@username` for users that exist. */
export async function replaceUserIds(store: Store, text: string): Promise<string> {
  const ids = [...new Set([...text.matchAll(USER_ID_MENTION)].map((m) => m[1]!))];
  if (ids.length === 0) return text;
  const names = new Map((await store.users.getMany(ids)).map((u) => [u.id, u.username]));
  return text.replace(USER_ID_MENTION, (whole, id: string) => (names.has(id) ? `@${names.get(id)}` : whole));
}

export async function processSlackText(store: Store, text: string): Promise<string> {
  return replaceUserIds(store, expandAnnouncements(text));
}

/** Attachments as an array of objects, or undefined when the value is not one. */
export function asAttachments(value: unknown): SlackAttachment[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((a): a is SlackAttachment => typeof a === 'object' && a !== null && !Array.isArray(a));
}

/** The text fields of each attachment (pretext, text, title, field values) through processSlackText. */
export async function processSlackAttachments(store: Store, attachments: SlackAttachment[]): Promise<SlackAttachment[]> {
  const fix = async (v: unknown) => (typeof v === 'string' ? slackLinksToMarkdown(await processSlackText(store, v)) : v);
  const out: SlackAttachment[] = [];
  for (const a of attachments) {
    const copy: SlackAttachment = { ...a };
    for (const key of ['pretext', 'text', 'title', 'fallback']) if (key in copy) copy[key] = await fix(copy[key]);
    if (Array.isArray(copy.fields)) {
      copy.fields = await Promise.all(
        copy.fields.map(async (f: unknown) => (typeof f === 'object' && f !== null ? { ...f, value: await fix((f as { value?: unknown }).value) } : f)),
      );
    }
    out.push(copy);
  }
  return out;
}
