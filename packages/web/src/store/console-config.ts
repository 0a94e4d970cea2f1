// The site configuration form: which settings the server returned, what the admin changed, and the patch
// that sends only those changes (PUT /config/patch merges it into the stored config). Settings set by
// the server's environment cannot be changed here (GET /config/environment marks them `true`).

/** One setting's value as the server sent it; nested objects are not edited in this form. */
export type SettingValue = string | number | boolean | string[];
export type ConfigSection = Record<string, unknown>;
export type ConfigDocument = Record<string, unknown>;
export type EnvironmentDocument = Record<string, unknown>;

export type FieldKind = 'boolean' | 'number' | 'text' | 'list';

export interface ConfigField {
  section: string;
  key: string;
  kind: FieldKind;
  /** Set by the environment: shown, not editable. */
  locked: boolean;
}

export interface ConfigGroup {
  section: string;
  fields: ConfigField[];
}

/** Mattermost's console order for the sections it shows first; any other section follows by name. */
export const SECTION_ORDER = ['ServiceSettings', 'TeamSettings', 'PrivacySettings', 'PasswordSettings', 'FileSettings', 'EmailSettings', 'RateLimitSettings'];

/** What the form holds per field: text for numbers and lists so half-typed input is kept as typed. */
export type Draft = Record<string, Record<string, string | boolean>>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(value: unknown): FieldKind | null {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'list';
  return null;
}

export function isLocked(env: EnvironmentDocument | null, section: string, key: string): boolean {
  const s = env?.[section];
  return isObject(s) && s[key] === true;
}

/** The sections and fields to show: exactly the settings the server returned, with simple values. */
export function configGroups(config: ConfigDocument, env: EnvironmentDocument | null): ConfigGroup[] {
  const rank = (name: string) => {
    const i = SECTION_ORDER.indexOf(name);
    return i === -1 ? SECTION_ORDER.length : i;
  };
  const sections = Object.keys(config)
    .filter((name) => isObject(config[name]))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const groups: ConfigGroup[] = [];
  for (const section of sections) {
    const values = config[section] as ConfigSection;
    const fields: ConfigField[] = [];
    for (const key of Object.keys(values)) {
      const kind = kindOf(values[key]);
      if (kind) fields.push({ section, key, kind, locked: isLocked(env, section, key) });
    }
    if (fields.length > 0) groups.push({ section, fields });
  }
  return groups;
}

function toDraftValue(value: unknown, kind: FieldKind): string | boolean {
  if (kind === 'boolean') return value === true;
  if (kind === 'list') return (value as string[]).join(', ');
  return String(value);
}

export function initialDraft(config: ConfigDocument, groups: ConfigGroup[]): Draft {
  const draft: Draft = {};
  for (const g of groups) {
    const values = config[g.section] as ConfigSection;
    draft[g.section] = Object.fromEntries(g.fields.map((f) => [f.key, toDraftValue(values[f.key], f.kind)]));
  }
  return draft;
}

export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The fields whose text is not a number (they block saving until fixed). */
export function invalidFields(groups: ConfigGroup[], draft: Draft): ConfigField[] {
  return groups.flatMap((g) => g.fields).filter((f) => f.kind === 'number' && !f.locked && !Number.isFinite(Number(String(draft[f.section]?.[f.key] ?? '').trim() || 'x')));
}

function fromDraft(field: ConfigField, value: string | boolean): SettingValue {
  if (field.kind === 'boolean') return value === true;
  if (field.kind === 'number') return Number(String(value).trim());
  if (field.kind === 'list') return parseList(String(value));
  return String(value);
}

function same(a: unknown, b: SettingValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * The patch for what changed: only edited, unlocked, valid fields, nested as the config is. Empty when
 * nothing changed (saving is then not offered).
 */
export function configPatch(config: ConfigDocument, groups: ConfigGroup[], draft: Draft): ConfigDocument {
  const invalid = new Set(invalidFields(groups, draft));
  const patch: ConfigDocument = {};
  for (const g of groups) {
    const original = config[g.section] as ConfigSection;
    for (const f of g.fields) {
      if (f.locked || invalid.has(f)) continue;
      const value = fromDraft(f, draft[g.section]?.[f.key] ?? '');
      if (same(original[f.key], value)) continue;
      const section = (patch[g.section] ??= {}) as ConfigSection;
      section[f.key] = value;
    }
  }
  return patch;
}

export function changedCount(patch: ConfigDocument): number {
  return Object.values(patch).reduce<number>((n, s) => n + Object.keys(s as ConfigSection).length, 0);
}
