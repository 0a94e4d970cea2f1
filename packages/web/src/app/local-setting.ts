// Small per-browser choices (a dismissed banner, the last theme for the first paint). Storage can be off
// (privacy settings); then the choice lasts until the page closes.
const memory = new Map<string, string>();

export function readLocal(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

export function writeLocal(key: string, value: string): void {
  memory.set(key, value);
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Kept in memory only.
  }
}
