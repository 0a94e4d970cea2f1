// Flags derived from notify props on every write, so that a new post reads only the members who can be
// mentioned by more than an @username in its text (migrations/0013-mention-flags.ts).

/**
 * Whether a user can be notified of a post by more than an @username in its text: custom mention keys,
 * their first name, or replies in threads they took part in (notify_props.comments).
 */
export function hasCustomMentions(notifyProps: Record<string, string>, firstName: string): boolean {
  return (
    (notifyProps.mention_keys ?? '').split(',').some((k) => k.trim() !== '') ||
    (notifyProps.first_name === 'true' && firstName !== '') ||
    notifyProps.comments === 'any' ||
    notifyProps.comments === 'root'
  );
}

export function autoFollowsThreads(memberNotifyProps: Record<string, string>): boolean {
  return memberNotifyProps.channel_auto_follow_threads === 'on';
}

function props(v: unknown): Record<string, string> | undefined {
  if (typeof v === 'string') return JSON.parse(v) as Record<string, string>;
  return v !== null && typeof v === 'object' ? (v as Record<string, string>) : undefined;
}

/** The users table's derived column, for its codec. */
export const userMentionFlags = {
  custom_mentions: (u: Record<string, unknown>) => {
    const p = props(u.notify_props);
    return p && typeof u.first_name === 'string' ? (hasCustomMentions(p, u.first_name) ? 1 : 0) : undefined;
  },
};

/** The channel_members table's derived column, for its codec. */
export const memberMentionFlags = {
  auto_follow_threads: (m: Record<string, unknown>) => {
    const p = props(m.notify_props);
    return p ? (autoFollowsThreads(p) ? 1 : 0) : undefined;
  },
};
