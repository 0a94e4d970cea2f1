// Supported UI languages and how one is chosen: the user's `locale` once signed in, else the browser's.
// English ships in the main bundle; other catalogs load on demand.
import en from './en.json';

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;

export const LOCALES = ['en', 'de', 'pl', 'ru', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', pl: 'Polski', ru: 'Русский', ar: 'العربية' };

/** Languages written right to left: the page flips (dir="rtl") and the layout follows. */
export function localeDirection(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The first candidate we support, matched on the language part (`de-AT` → `de`). */
export function pickLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    if (!c) continue;
    const lower = c.toLowerCase();
    if (isLocale(lower)) return lower;
    const base = lower.split(/[-_]/)[0] ?? '';
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return DEFAULT_LOCALE;
  return pickLocale([...(navigator.languages ?? []), navigator.language]);
}

const loaders: Record<Locale, () => Promise<Partial<Messages>>> = {
  en: async () => en,
  de: async () => (await import('./de.json')).default,
  ru: async () => (await import('./ru.json')).default,
  pl: async () => (await import('./pl.json')).default,
  ar: async () => (await import('./ar.json')).default,
};

/** The catalog for a locale, with English filling any gap so a missing key never shows an id. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === 'en') return en;
  return { ...en, ...(await loaders[locale]()) };
}

export const englishMessages: Messages = en;
