// Light, dark, or whatever the system prefers. The stylesheet reads `data-theme` on <html>; without it
// (before sign-in, or "follow the system") it follows prefers-color-scheme.
import { readLocal } from './local-setting';

export const THEME_KEY = 'parley.theme';

export function applyTheme(choice: string | null): void {
  const root = document.documentElement;
  if (choice === 'light' || choice === 'dark') root.dataset.theme = choice;
  else delete root.dataset.theme;
}

/** At start-up, before anything renders: the theme this browser last showed, so there is no flash. */
export function applyRememberedTheme(): void {
  applyTheme(readLocal(THEME_KEY));
}
