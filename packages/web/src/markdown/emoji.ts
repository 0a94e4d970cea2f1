// The emoji names the client knows (Mattermost's short names); others show as :name:.
export const EMOJI: Record<string, string> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  smile: '😄',
  smiley: '😃',
  grinning: '😀',
  laughing: '😆',
  joy: '😂',
  wink: '😉',
  blush: '😊',
  heart: '❤️',
  heart_eyes: '😍',
  tada: '🎉',
  rocket: '🚀',
  eyes: '👀',
  fire: '🔥',
  clap: '👏',
  pray: '🙏',
  thinking: '🤔',
  thinking_face: '🤔',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  wave: '👋',
  ok_hand: '👌',
  muscle: '💪',
  sob: '😭',
  cry: '😢',
  slightly_smiling_face: '🙂',
  upside_down_face: '🙃',
  sunglasses: '😎',
  coffee: '☕',
  bulb: '💡',
  star: '⭐',
  100: '💯',
  raised_hands: '🙌',
  confused: '😕',
  scream: '😱',
};

/** The quick choices in the reaction picker, in order. */
export const QUICK_REACTIONS = ['+1', 'heart', 'laughing', 'tada', 'eyes', 'rocket', 'white_check_mark', 'pray', 'thinking', 'fire', '-1', 'wave'];

export function emojiFor(name: string): string | null {
  return EMOJI[name] ?? null;
}
