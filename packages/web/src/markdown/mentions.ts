// @mentions in message text, without the markdown renderer (the store uses this; markdown-it stays out of
// the first bundle).
export const MENTION = /(^|[^\p{L}\p{N}_.@-])@([a-z0-9][a-z0-9._-]*)/giu;
export const CHANNEL_WIDE = new Set(['here', 'channel', 'all']);

/** Whether the text mentions this user (for highlighting the whole post). */
export function mentionsUser(text: string, username: string): boolean {
  MENTION.lastIndex = 0;
  const lower = username.toLowerCase();
  for (const m of text.matchAll(MENTION)) {
    const name = m[2]!.replace(/[._-]+$/, '').toLowerCase();
    if (name === lower || CHANNEL_WIDE.has(name)) return true;
  }
  return false;
}
