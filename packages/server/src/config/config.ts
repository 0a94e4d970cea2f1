// Typed configuration. Environment first (12-factor); the names under `settings` mirror Mattermost's
// config sections so behaviour can be compared setting by setting.
import path from 'node:path';

export interface Settings {
  siteName: string;
  /** TeamSettings.EnableOpenServer: anyone may sign up without an invite. */
  enableOpenServer: boolean;
  /** TeamSettings.EnableUserCreation */
  enableUserCreation: boolean;
  /** ServiceSettings.EnableUserAccessTokens */
  enableUserAccessTokens: boolean;
  /** PrivacySettings.ShowEmailAddress / ShowFullName */
  showEmailAddress: boolean;
  showFullName: boolean;
  /** ServiceSettings.SessionLengthWebInHours */
  sessionLengthHours: number;
  /** ServiceSettings.ExperimentalStrictCSRFEnforcement */
  strictCsrf: boolean;
  /** ServiceSettings.EnableDeveloper: expose detailed_error in responses. */
  enableDeveloper: boolean;
  /** PasswordSettings.MinimumLength */
  passwordMinimumLength: number;
  /** Iterations for new PBKDF2 hashes; lowered only in tests. */
  passwordIterations: number;
  /** TeamSettings.MaxUsersPerTeam */
  maxUsersPerTeam: number;
  /** TeamSettings.MaxChannelsPerTeam */
  maxChannelsPerTeam: number;
  /** ServiceSettings.MaximumLoginAttempts */
  maximumLoginAttempts: number;
  /** FileSettings.MaxFileSize */
  maxFileSize: number;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL; empty means embedded SQLite in dataDir. */
  databaseUrl: string;
  siteUrl: string;
  settings: Settings;
}

export const defaultSettings: Settings = {
  siteName: 'Parley',
  enableOpenServer: false,
  enableUserCreation: true,
  enableUserAccessTokens: true,
  showEmailAddress: true,
  showFullName: true,
  sessionLengthHours: 720,
  strictCsrf: false,
  enableDeveloper: false,
  passwordMinimumLength: 8,
  passwordIterations: 600_000,
  maxUsersPerTeam: 50,
  maxChannelsPerTeam: 2000,
  maximumLoginAttempts: 10,
  maxFileSize: 100 * 1024 * 1024,
};

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(value.trim());
  if (!m) throw new Error(`PARLEY_LISTEN must be host:port or :port, got "${value}"`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`PARLEY_LISTEN port out of range: ${port}`);
  const host = m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { host, port } = parseListen(env.PARLEY_LISTEN ?? ':8065');
  const dataDir = path.resolve(env.PARLEY_DATA_DIR ?? './data');
  return {
    host,
    port,
    dataDir,
    databaseUrl: env.PARLEY_DATABASE_URL ?? '',
    siteUrl: env.PARLEY_SITE_URL ?? `http://localhost:${port}`,
    settings: {
      ...defaultSettings,
      siteName: env.PARLEY_SITE_NAME ?? defaultSettings.siteName,
      enableOpenServer: bool(env.PARLEY_ENABLE_OPEN_SERVER, defaultSettings.enableOpenServer),
      enableDeveloper: bool(env.PARLEY_ENABLE_DEVELOPER, defaultSettings.enableDeveloper),
      strictCsrf: bool(env.PARLEY_STRICT_CSRF, defaultSettings.strictCsrf),
    },
  };
}
