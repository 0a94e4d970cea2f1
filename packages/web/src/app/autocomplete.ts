// What the message box is completing at the caret: @someone, ~a-channel or :an_emoji:. A trigger counts
// only at the start of a word (so e-mail addresses and times like 10:30 do not open suggestions), and an
// emoji needs two letters first, as in Mattermost.

export type TriggerKind = 'user' | 'channel' | 'emoji';

export interface Trigger {
  kind: TriggerKind;
  /** What was typed after the trigger character. */
  term: string;
  /** Where the trigger character is. */
  start: number;
  /** The caret: the replacement covers start..end. */
  end: number;
}

const PATTERNS: { kind: TriggerKind; re: RegExp; min: number }[] = [
  { kind: 'user', re: /(^|[\s(])@([\p{L}\p{N}._-]*)$/u, min: 0 },
  { kind: 'channel', re: /(^|[\s(])~([\p{L}\p{N}._-]*)$/u, min: 0 },
  { kind: 'emoji', re: /(^|[\s(]):([a-z0-9_+-]*)$/i, min: 2 },
];

export function findTrigger(text: string, caret: number): Trigger | null {
  const before = text.slice(0, caret);
  for (const p of PATTERNS) {
    const m = p.re.exec(before);
    if (!m) continue;
    const term = m[2] ?? '';
    if (term.length < p.min) return null;
    return { kind: p.kind, term, start: caret - term.length - 1, end: caret };
  }
  return null;
}

/** The text with the trigger replaced by the chosen completion and a space, and where the caret goes. */
export function applyCompletion(text: string, trigger: Trigger, completion: string): { text: string; caret: number } {
  const after = text.slice(trigger.end);
  const insert = after.startsWith(' ') ? completion : `${completion} `;
  const next = text.slice(0, trigger.start) + insert + after;
  return { text: next, caret: trigger.start + insert.length };
}
