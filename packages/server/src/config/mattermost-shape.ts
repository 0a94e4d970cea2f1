// Settings ⇄ Mattermost's nested config JSON (`ServiceSettings.EnableCommands` …), for GET/PUT /config.
// One table row per supported setting; adding a setting is one line. Keys Parley does not implement are
// not listed, and unknown keys in a request are ignored (as Mattermost's JSON decoding ignores them).
// This module is pure (config/ imports nothing with I/O): the app layer turns a `ConfigProblem` into an
// AppError.
import type { Config, Settings } from './config.js';

/** Mattermost's stand-in for secrets in GET /config; a PUT that sends it back keeps the stored value. */
export const FAKE_SETTING = '********';

export type SettingType = 'bool' | 'int' | 'string';

export interface SettingSpec {
  section: string;
  key: string;
  field: keyof Settings;
  type: SettingType;
  /** int: inclusive bounds. */
  min?: number;
  max?: number;
  /** string: allowed values. */
  values?: readonly string[];
  /** string: longest accepted value. */
  maxLength?: number;
  /** Mattermost's `model.config.is_valid.*` id when it has one for this key. */
  invalidId?: string;
  /** Shown as FAKE_SETTING; a write of FAKE_SETTING keeps the current value. */
  secret?: boolean;
  /** Environment variable that sets it (and then locks it against API changes). */
  env?: string;
  /** Custom mapping when the wire value is not the field itself (units, parts of a URL). */
  read?: (s: Settings) => unknown;
  write?: (s: Settings, value: never) => void;
}

// ---- composite fields ------------------------------------------------------------------------------------

type SmtpPart = 'SMTPServer' | 'SMTPPort' | 'SMTPUsername' | 'SMTPPassword' | 'ConnectionSecurity';

/** Mattermost keeps SMTP as separate keys; Parley as one URL (smtp://user:pass@host:port, smtps:// for TLS). */
function smtpParts(url: string): Record<SmtpPart, string> {
  const empty = { SMTPServer: '', SMTPPort: '', SMTPUsername: '', SMTPPassword: '', ConnectionSecurity: '' };
  if (url === '') return empty;
  try {
    const u = new URL(url);
    return {
      SMTPServer: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      SMTPPort: u.port || (u.protocol === 'smtps:' ? '465' : '25'),
      SMTPUsername: decodeURIComponent(u.username),
      SMTPPassword: decodeURIComponent(u.password),
      ConnectionSecurity: u.protocol === 'smtps:' ? 'TLS' : '',
    };
  } catch {
    return empty;
  }
}

function smtpUrl(p: Record<SmtpPart, string>): string {
  if (p.SMTPServer === '') return '';
  const auth = p.SMTPUsername ? `${encodeURIComponent(p.SMTPUsername)}${p.SMTPPassword ? `:${encodeURIComponent(p.SMTPPassword)}` : ''}@` : '';
  const host = p.SMTPServer.includes(':') ? `[${p.SMTPServer}]` : p.SMTPServer;
  return `${p.ConnectionSecurity === 'TLS' ? 'smtps' : 'smtp'}://${auth}${host}${p.SMTPPort ? `:${p.SMTPPort}` : ''}`;
}

const smtp = (part: SmtpPart) => ({
  read: (s: Settings) => smtpParts(s.smtpUrl)[part],
  write: (s: Settings, v: string) => {
    s.smtpUrl = smtpUrl({ ...smtpParts(s.smtpUrl), [part]: v });
  },
});

/** emailFrom is `Name <address>`; Mattermost has FeedbackName and FeedbackEmail. */
function fromParts(from: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(from);
  return m ? { name: m[1]!, email: m[2]! } : { name: '', email: from.trim() };
}
const feedback = (part: 'name' | 'email') => ({
  read: (s: Settings) => fromParts(s.emailFrom)[part],
  write: (s: Settings, v: string) => {
    const p = { ...fromParts(s.emailFrom), [part]: v };
    s.emailFrom = p.name ? `${p.name} <${p.email}>` : p.email;
  },
});

// ---- the table -------------------------------------------------------------------------------------------

const bool = (section: string, key: string, field: keyof Settings, env?: string): SettingSpec => ({ section, key, field, type: 'bool', ...(env ? { env } : {}) });

export const SETTINGS_MAP: readonly SettingSpec[] = [
  // ServiceSettings
  bool('ServiceSettings', 'EnableUserAccessTokens', 'enableUserAccessTokens'),
  { section: 'ServiceSettings', key: 'SessionLengthWebInHours', field: 'sessionLengthHours', type: 'int', min: 1, max: 1_000_000, env: 'PARLEY_SESSION_LENGTH_WEB_IN_HOURS' },
  { section: 'ServiceSettings', key: 'SessionIdleTimeoutInMinutes', field: 'sessionIdleTimeoutInMinutes', type: 'int', min: 0, max: 100_000_000, env: 'PARLEY_SESSION_IDLE_TIMEOUT_IN_MINUTES' },
  bool('ServiceSettings', 'EnableMultifactorAuthentication', 'enableMultifactorAuthentication', 'PARLEY_ENABLE_MULTIFACTOR_AUTHENTICATION'),
  bool('ServiceSettings', 'EnforceMultifactorAuthentication', 'enforceMultifactorAuthentication', 'PARLEY_ENFORCE_MULTIFACTOR_AUTHENTICATION'),
  bool('ServiceSettings', 'ExperimentalStrictCSRFEnforcement', 'strictCsrf', 'PARLEY_STRICT_CSRF'),
  bool('ServiceSettings', 'EnableDeveloper', 'enableDeveloper', 'PARLEY_ENABLE_DEVELOPER'),
  { section: 'ServiceSettings', key: 'MaximumLoginAttempts', field: 'maximumLoginAttempts', type: 'int', min: 1, max: 1_000_000, invalidId: 'model.config.is_valid.login_attempts.app_error', env: 'PARLEY_MAXIMUM_LOGIN_ATTEMPTS' },
  { section: 'ServiceSettings', key: 'CollapsedThreads', field: 'collapsedThreads', type: 'string', values: ['disabled', 'default_off', 'default_on', 'always_on'], invalidId: 'model.config.is_valid.collapsed_threads.app_error', env: 'PARLEY_COLLAPSED_THREADS' },
  bool('ServiceSettings', 'AllowSyncedDrafts', 'allowSyncedDrafts'),
  bool('ServiceSettings', 'EnableBotAccountCreation', 'enableBotAccountCreation', 'PARLEY_ENABLE_BOT_ACCOUNT_CREATION'),
  bool('ServiceSettings', 'DisableBotsWhenOwnerIsDeactivated', 'disableBotsWhenOwnerIsDeactivated', 'PARLEY_DISABLE_BOTS_WHEN_OWNER_IS_DEACTIVATED'),
  bool('ServiceSettings', 'PostPriority', 'postPriority'),
  bool('ServiceSettings', 'EnableIncomingWebhooks', 'enableIncomingWebhooks', 'PARLEY_ENABLE_INCOMING_WEBHOOKS'),
  bool('ServiceSettings', 'EnableOutgoingWebhooks', 'enableOutgoingWebhooks', 'PARLEY_ENABLE_OUTGOING_WEBHOOKS'),
  bool('ServiceSettings', 'EnableCommands', 'enableCommands', 'PARLEY_ENABLE_COMMANDS'),
  bool('ServiceSettings', 'EnablePostUsernameOverride', 'enablePostUsernameOverride', 'PARLEY_ENABLE_POST_USERNAME_OVERRIDE'),
  bool('ServiceSettings', 'EnablePostIconOverride', 'enablePostIconOverride', 'PARLEY_ENABLE_POST_ICON_OVERRIDE'),
  { section: 'ServiceSettings', key: 'AllowedUntrustedInternalConnections', field: 'allowedUntrustedInternalConnections', type: 'string', maxLength: 4096, env: 'PARLEY_ALLOWED_UNTRUSTED_INTERNAL_CONNECTIONS' },
  {
    section: 'ServiceSettings',
    key: 'OutgoingIntegrationRequestsTimeout',
    field: 'outgoingIntegrationRequestsTimeoutMs',
    type: 'int',
    min: 1,
    max: 600,
    env: 'PARLEY_OUTGOING_TIMEOUT_MS',
    // Mattermost counts seconds.
    read: (s) => Math.max(1, Math.round(s.outgoingIntegrationRequestsTimeoutMs / 1000)),
    write: (s, v: number) => {
      s.outgoingIntegrationRequestsTimeoutMs = v * 1000;
    },
  },
  // TeamSettings
  { section: 'TeamSettings', key: 'SiteName', field: 'siteName', type: 'string', maxLength: 30, invalidId: 'model.config.is_valid.sitename_length.app_error', env: 'PARLEY_SITE_NAME' },
  bool('TeamSettings', 'EnableOpenServer', 'enableOpenServer', 'PARLEY_ENABLE_OPEN_SERVER'),
  bool('TeamSettings', 'EnableUserCreation', 'enableUserCreation'),
  { section: 'TeamSettings', key: 'MaxUsersPerTeam', field: 'maxUsersPerTeam', type: 'int', min: 1, max: 1_000_000, invalidId: 'model.config.is_valid.max_users.app_error', env: 'PARLEY_MAX_USERS_PER_TEAM' },
  { section: 'TeamSettings', key: 'MaxChannelsPerTeam', field: 'maxChannelsPerTeam', type: 'int', min: 1, max: 1_000_000, invalidId: 'model.config.is_valid.max_channels.app_error' },
  { section: 'TeamSettings', key: 'MaxNotificationsPerChannel', field: 'maxNotificationsPerChannel', type: 'int', min: 1, max: 10_000_000, invalidId: 'model.config.is_valid.max_notify_per_channel.app_error' },
  // PrivacySettings
  bool('PrivacySettings', 'ShowEmailAddress', 'showEmailAddress'),
  bool('PrivacySettings', 'ShowFullName', 'showFullName'),
  // PasswordSettings
  { section: 'PasswordSettings', key: 'MinimumLength', field: 'passwordMinimumLength', type: 'int', min: 5, max: 72, invalidId: 'model.config.is_valid.password_length.app_error', env: 'PARLEY_PASSWORD_MINIMUM_LENGTH' },
  bool('PasswordSettings', 'Lowercase', 'passwordRequireLowercase', 'PARLEY_PASSWORD_REQUIRE_LOWERCASE'),
  bool('PasswordSettings', 'Uppercase', 'passwordRequireUppercase', 'PARLEY_PASSWORD_REQUIRE_UPPERCASE'),
  bool('PasswordSettings', 'Number', 'passwordRequireNumber', 'PARLEY_PASSWORD_REQUIRE_NUMBER'),
  bool('PasswordSettings', 'Symbol', 'passwordRequireSymbol', 'PARLEY_PASSWORD_REQUIRE_SYMBOL'),
  // RateLimitSettings (MemoryStoreSize takes effect at the next start)
  bool('RateLimitSettings', 'Enable', 'rateLimitEnable', 'PARLEY_RATE_LIMIT_ENABLE'),
  { section: 'RateLimitSettings', key: 'PerSec', field: 'rateLimitPerSec', type: 'int', min: 1, max: 1_000_000, invalidId: 'model.config.is_valid.rate_sec.app_error', env: 'PARLEY_RATE_LIMIT_PER_SEC' },
  { section: 'RateLimitSettings', key: 'MaxBurst', field: 'rateLimitMaxBurst', type: 'int', min: 1, max: 1_000_000, invalidId: 'model.config.is_valid.max_burst.app_error', env: 'PARLEY_RATE_LIMIT_MAX_BURST' },
  { section: 'RateLimitSettings', key: 'MemoryStoreSize', field: 'rateLimitMemoryStoreSize', type: 'int', min: 1, max: 10_000_000, invalidId: 'model.config.is_valid.rate_mem.app_error', env: 'PARLEY_RATE_LIMIT_MEMORY_STORE_SIZE' },
  bool('RateLimitSettings', 'VaryByRemoteAddr', 'rateLimitVaryByRemoteAddr', 'PARLEY_RATE_LIMIT_VARY_BY_REMOTE_ADDR'),
  bool('RateLimitSettings', 'VaryByUser', 'rateLimitVaryByUser', 'PARLEY_RATE_LIMIT_VARY_BY_USER'),
  { section: 'RateLimitSettings', key: 'VaryByHeader', field: 'rateLimitVaryByHeader', type: 'string', maxLength: 256, env: 'PARLEY_RATE_LIMIT_VARY_BY_HEADER' },
  // FileSettings
  { section: 'FileSettings', key: 'MaxFileSize', field: 'maxFileSize', type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER, invalidId: 'model.config.is_valid.max_file_size.app_error' },
  bool('FileSettings', 'EnablePublicLink', 'enablePublicLink', 'PARLEY_ENABLE_PUBLIC_LINK'),
  // EmailSettings
  { section: 'EmailSettings', key: 'SMTPServer', field: 'smtpUrl', type: 'string', maxLength: 255, env: 'PARLEY_SMTP_URL', ...smtp('SMTPServer') },
  { section: 'EmailSettings', key: 'SMTPPort', field: 'smtpUrl', type: 'string', maxLength: 5, env: 'PARLEY_SMTP_URL', ...smtp('SMTPPort') },
  { section: 'EmailSettings', key: 'SMTPUsername', field: 'smtpUrl', type: 'string', maxLength: 255, env: 'PARLEY_SMTP_URL', ...smtp('SMTPUsername') },
  { section: 'EmailSettings', key: 'SMTPPassword', field: 'smtpUrl', type: 'string', maxLength: 255, secret: true, env: 'PARLEY_SMTP_URL', ...smtp('SMTPPassword') },
  { section: 'EmailSettings', key: 'ConnectionSecurity', field: 'smtpUrl', type: 'string', values: ['', 'TLS', 'STARTTLS'], invalidId: 'model.config.is_valid.email_security.app_error', env: 'PARLEY_SMTP_URL', ...smtp('ConnectionSecurity') },
  { section: 'EmailSettings', key: 'FeedbackName', field: 'emailFrom', type: 'string', maxLength: 128, env: 'PARLEY_EMAIL_FROM', ...feedback('name') },
  { section: 'EmailSettings', key: 'FeedbackEmail', field: 'emailFrom', type: 'string', maxLength: 128, env: 'PARLEY_EMAIL_FROM', ...feedback('email') },
  bool('EmailSettings', 'EnableEmailBatching', 'enableEmailBatching', 'PARLEY_EMAIL_BATCHING'),
  { section: 'EmailSettings', key: 'EmailBatchingInterval', field: 'emailBatchingIntervalSeconds', type: 'int', min: 30, max: 86_400, invalidId: 'model.config.is_valid.email_batching_interval.app_error' },
];

// ---- conversion ------------------------------------------------------------------------------------------

export type MattermostConfig = Record<string, Record<string, unknown>>;

/** Why a config document was refused: Mattermost's id where it has one. */
export interface ConfigProblem {
  id: string;
  message: string;
}

const readSpec = (spec: SettingSpec, s: Settings): unknown => (spec.read ? spec.read(s) : s[spec.field]);

/** The settings in Mattermost's nested shape; with `maskSecrets`, secrets that are set read FAKE_SETTING. */
export function toMattermostConfig(s: Settings, opts: { maskSecrets?: boolean } = {}): MattermostConfig {
  const out: MattermostConfig = {};
  for (const spec of SETTINGS_MAP) {
    let value = readSpec(spec, s);
    if (spec.secret && opts.maskSecrets && value !== '') value = FAKE_SETTING;
    (out[spec.section] ??= {})[spec.key] = value;
  }
  return out;
}

/**
 * Keys that describe how this process was started (site URL, file storage) and cannot change while it runs:
 * shown by GET /config, listed as set by the environment, and ignored in a PUT like unknown keys.
 */
export function startupConfig(config: Pick<Config, 'siteUrl' | 'filesS3'>, opts: { maskSecrets?: boolean } = {}): MattermostConfig {
  const s3 = config.filesS3;
  const secret = s3?.secretAccessKey ?? '';
  return {
    ServiceSettings: { SiteURL: config.siteUrl },
    FileSettings: {
      DriverName: s3 ? 'amazons3' : 'local',
      AmazonS3Bucket: s3?.bucket ?? '',
      AmazonS3Region: s3?.region ?? '',
      AmazonS3Endpoint: s3?.endpoint ?? '',
      AmazonS3AccessKeyId: s3?.accessKeyId ?? '',
      AmazonS3SecretAccessKey: opts.maskSecrets && secret !== '' ? FAKE_SETTING : secret,
    },
  };
}

/** Adds `extra`'s sections into `doc` (in place) and returns it. */
export function mergeConfig(doc: MattermostConfig, extra: MattermostConfig): MattermostConfig {
  for (const [section, keys] of Object.entries(extra)) doc[section] = { ...doc[section], ...keys };
  return doc;
}

/** `{Section: {Key: true}}` for every listed field, as Mattermost's GET /config/environment. */
export function environmentShape(fields: ReadonlySet<keyof Settings>): MattermostConfig {
  const out: MattermostConfig = {};
  for (const spec of SETTINGS_MAP) if (fields.has(spec.field)) (out[spec.section] ??= {})[spec.key] = true;
  return out;
}

/** The fields whose environment variable is set (they win over saved config and cannot be changed). */
export function envLockedSettings(env: Record<string, string | undefined>): Array<keyof Settings> {
  return [...new Set(SETTINGS_MAP.filter((s) => s.env !== undefined && (env[s.env] ?? '') !== '').map((s) => s.field))];
}

function check(spec: SettingSpec, value: unknown): ConfigProblem | null {
  const name = `${spec.section}.${spec.key}`;
  const bad = (why: string): ConfigProblem => ({ id: spec.invalidId ?? 'api.config.update_config.invalid_setting.app_error', message: `Invalid ${name}: ${why}.` });
  // A wrong JSON type is a decoding error in Mattermost, reported as an invalid body.
  const wrongType = (): ConfigProblem => ({ id: 'api.context.invalid_body_param.app_error', message: `Invalid or missing config in request body: ${name} must be a ${spec.type === 'int' ? 'number' : spec.type === 'bool' ? 'boolean' : 'string'}.` });
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? null : wrongType();
    case 'int':
      if (typeof value !== 'number') return wrongType();
      if (!Number.isInteger(value)) return bad('must be a whole number');
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return bad(`must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}`);
      return null;
    case 'string':
      if (typeof value !== 'string') return wrongType();
      if (spec.values && !spec.values.includes(value)) return bad(`must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}`);
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return bad(`must be at most ${spec.maxLength} characters`);
      return null;
  }
}

/**
 * Applies a Mattermost config document to a copy of `current`. Keys absent from the document are left as
 * they are (a patch; a full PUT simply names them all), unknown keys are ignored, and locked fields keep
 * their value whatever the document says. A secret sent as FAKE_SETTING takes its value from `secretsFrom`
 * (the running settings). Returns the new settings and the fields that changed, or the first problem;
 * nothing is applied when there is one.
 */
export function applyMattermostConfig(
  current: Settings,
  doc: unknown,
  locked: ReadonlySet<keyof Settings> = new Set(),
  secretsFrom: Settings = current,
): { settings: Settings; changed: Array<keyof Settings> } | { problem: ConfigProblem } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { problem: { id: 'api.context.invalid_body_param.app_error', message: 'Invalid or missing config in request body.' } };
  }
  const next: Settings = { ...current };
  const input = doc as Record<string, unknown>;
  for (const spec of SETTINGS_MAP) {
    const section = input[spec.section];
    if (typeof section !== 'object' || section === null || !(spec.key in section)) continue;
    let value = (section as Record<string, unknown>)[spec.key];
    // null is Mattermost's "unset" for pointer fields: keep what is there.
    if (value === null || value === undefined) continue;
    // The environment's value stays whatever is sent; a GET → PUT round trip must not fail on it either.
    if (locked.has(spec.field)) continue;
    if (spec.secret && value === FAKE_SETTING) value = readSpec(spec, secretsFrom);
    const problem = check(spec, value);
    if (problem) return { problem };
    if (spec.write) (spec.write as (s: Settings, v: unknown) => void)(next, value);
    else (next as unknown as Record<string, unknown>)[spec.field] = value;
  }
  const changed = (Object.keys(next) as Array<keyof Settings>).filter((k) => next[k] !== current[k]);
  return { settings: next, changed };
}
