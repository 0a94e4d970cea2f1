// Typed configuration. Environment first (12-factor); the names under `settings` mirror Mattermost's
// config sections so behaviour can be compared setting by setting.
import os from 'node:os';
import path from 'node:path';
import { envLockedSettings } from './mattermost-shape.js';

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
  /** FileSettings.EnablePublicLink: GET /files/{id}/link and the session-less /files/{id}/public?h=. */
  enablePublicLink: boolean;
  /** ServiceSettings.CollapsedThreads: disabled | default_off | default_on | always_on. */
  collapsedThreads: 'disabled' | 'default_off' | 'default_on' | 'always_on';
  /** TeamSettings.MaxNotificationsPerChannel: @channel/@all/@here reach nobody in larger channels. */
  maxNotificationsPerChannel: number;
  /** ServiceSettings.AllowSyncedDrafts */
  allowSyncedDrafts: boolean;
  /** ServiceSettings.PostPriority: posts may be marked important or urgent and ask for acknowledgement. */
  postPriority: boolean;
  /** SMTP server for all mail (smtp://user:pass@host:port, smtps://…); '' turns email off. */
  smtpUrl: string;
  /** From address of every mail Parley sends. */
  emailFrom: string;
  /** EmailSettings.EnableEmailBatching: users who choose 15 min or 1 h get one digest per interval. */
  enableEmailBatching: boolean;
  /** EmailSettings.EmailBatchingInterval (seconds): how often queued notifications are looked at. */
  emailBatchingIntervalSeconds: number;
  /** ServiceSettings.EnableIncomingWebhooks */
  enableIncomingWebhooks: boolean;
  /** ServiceSettings.EnableOutgoingWebhooks */
  enableOutgoingWebhooks: boolean;
  /** ServiceSettings.EnableCommands: custom slash commands (off also refuses the built-in ones, as in Mattermost). */
  enableCommands: boolean;
  /** ServiceSettings.EnablePostUsernameOverride: integrations may post under another display name. */
  enablePostUsernameOverride: boolean;
  /** ServiceSettings.EnablePostIconOverride: integrations may post with another profile picture. */
  enablePostIconOverride: boolean;
  /** ServiceSettings.EnableCommandEcho: the /echo test command (Mattermost registers it only for testing). */
  enableCommandEcho: boolean;
  /**
   * ServiceSettings.AllowedUntrustedInternalConnections: space-separated host names, IP addresses and CIDR
   * ranges that outgoing webhooks and slash commands may reach although they are loopback or private.
   */
  allowedUntrustedInternalConnections: string;
  /** ServiceSettings.OutgoingIntegrationRequestsTimeout, in milliseconds (Mattermost counts seconds). */
  outgoingIntegrationRequestsTimeoutMs: number;
  /** ServiceSettings.EnableBotAccountCreation: POST /bots is refused (403) while off. */
  enableBotAccountCreation: boolean;
  /** ServiceSettings.DisableBotsWhenOwnerIsDeactivated */
  disableBotsWhenOwnerIsDeactivated: boolean;
  /** ServiceSettings.EnableMultifactorAuthentication: users may protect their login with TOTP codes. */
  enableMultifactorAuthentication: boolean;
  /** ServiceSettings.EnforceMultifactorAuthentication: sessions of users without MFA get 403 until they set it up. */
  enforceMultifactorAuthentication: boolean;
  /** PasswordSettings.Lowercase / Uppercase / Number / Symbol: character classes a new password must contain. */
  passwordRequireLowercase: boolean;
  passwordRequireUppercase: boolean;
  passwordRequireNumber: boolean;
  passwordRequireSymbol: boolean;
  /**
   * ServiceSettings.SessionIdleTimeoutInMinutes: a web session unused this long is revoked (0 = never). Use is
   * recorded at most every 5 minutes, so the timeout is that precise.
   */
  sessionIdleTimeoutInMinutes: number;
  /** RateLimitSettings.Enable: per-node API rate limiting (429 past the limit). */
  rateLimitEnable: boolean;
  /** RateLimitSettings.PerSec: sustained requests per second per key. */
  rateLimitPerSec: number;
  /** RateLimitSettings.MaxBurst: requests a key may make at once above the sustained rate. */
  rateLimitMaxBurst: number;
  /** RateLimitSettings.MemoryStoreSize: keys remembered (least recently used are forgotten). Read at start. */
  rateLimitMemoryStoreSize: number;
  /** RateLimitSettings.VaryByRemoteAddr: key on the client address. */
  rateLimitVaryByRemoteAddr: boolean;
  /** RateLimitSettings.VaryByUser: key on the session's user when there is one. */
  rateLimitVaryByUser: boolean;
  /** RateLimitSettings.VaryByHeader: also key on this request header ('' = none). */
  rateLimitVaryByHeader: string;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… switches storage to PostgreSQL; empty means embedded SQLite in dataDir. */
  databaseUrl: string;
  siteUrl: string;
  settings: Settings;
  /** `/metrics` and `/health/*` listener (PARLEY_METRICS_LISTEN, default :8067); absent or null = off. */
  metricsListen?: { host: string; port: number } | null;
  /** Names this process in logs, metrics and traces (PARLEY_NODE_ID, default the host name). */
  nodeId?: string;
  /** Uploaded files go to S3 when set (PARLEY_FILES_S3_*), otherwise to <dataDir>/files. */
  filesS3?: FilesS3Config | null;
  /**
   * PARLEY_CLUSTER_BUS: redis://host:port or nats://host:port makes this process one node of a cluster
   * (with PostgreSQL); empty means a single node with in-process delivery.
   */
  clusterBus?: string;
  /** PARLEY_CLUSTER_NAME: nodes with the same name (and bus) form one cluster; names the bus channel. */
  clusterName?: string;
  /**
   * PARLEY_SHUTDOWN_DRAIN_MS: on SIGTERM, how long to keep serving while /health/ready already says no, so
   * a load balancer stops routing here before the listener closes (Kubernetes: use a preStop sleep).
   */
  shutdownDrainMs?: number;
  /**
   * Settings set by the environment: they win over the configuration saved through the API, which cannot
   * change them (GET /config/environment lists them). loadConfig derives them from mattermost-shape.ts.
   */
  lockedSettings?: ReadonlyArray<keyof Settings>;
}

export interface FilesS3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

function filesS3(env: NodeJS.ProcessEnv): FilesS3Config | null {
  const bucket = env.PARLEY_FILES_S3_BUCKET ?? '';
  if (bucket === '') return null;
  return {
    bucket,
    endpoint: env.PARLEY_FILES_S3_ENDPOINT || undefined,
    region: env.PARLEY_FILES_S3_REGION || 'us-east-1',
    accessKeyId: env.PARLEY_FILES_S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.PARLEY_FILES_S3_SECRET_ACCESS_KEY || undefined,
  };
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
  enablePublicLink: false,
  collapsedThreads: 'default_off',
  maxNotificationsPerChannel: 1000,
  allowSyncedDrafts: true,
  postPriority: true,
  smtpUrl: '',
  emailFrom: 'Parley <no-reply@localhost>',
  enableEmailBatching: false,
  emailBatchingIntervalSeconds: 30,
  enableIncomingWebhooks: true,
  enableOutgoingWebhooks: true,
  enableCommands: true,
  enablePostUsernameOverride: false,
  enablePostIconOverride: false,
  enableCommandEcho: false,
  allowedUntrustedInternalConnections: '',
  outgoingIntegrationRequestsTimeoutMs: 5000,
  enableBotAccountCreation: false,
  disableBotsWhenOwnerIsDeactivated: true,
  enableMultifactorAuthentication: false,
  enforceMultifactorAuthentication: false,
  passwordRequireLowercase: false,
  passwordRequireUppercase: false,
  passwordRequireNumber: false,
  passwordRequireSymbol: false,
  sessionIdleTimeoutInMinutes: 43200,
  rateLimitEnable: false,
  rateLimitPerSec: 10,
  rateLimitMaxBurst: 100,
  rateLimitMemoryStoreSize: 10000,
  rateLimitVaryByRemoteAddr: true,
  rateLimitVaryByUser: false,
  rateLimitVaryByHeader: '',
};

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(value.trim());
  if (!m) throw new Error(`PARLEY_LISTEN must be host:port or :port, got "${value}"`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`PARLEY_LISTEN port out of range: ${port}`);
  const host = m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

/** PARLEY_METRICS_LISTEN: like PARLEY_LISTEN, or empty/"off" to disable the listener. */
export function parseMetricsListen(value: string): { host: string; port: number } | null {
  const v = value.trim();
  if (v === '' || v.toLowerCase() === 'off') return null;
  try {
    return parseListen(v);
  } catch {
    throw new Error(`PARLEY_METRICS_LISTEN must be host:port, :port, or off, got "${value}"`);
  }
}

function collapsedThreads(value: string | undefined): Settings['collapsedThreads'] {
  if (value === undefined || value === '') return defaultSettings.collapsedThreads;
  if (value === 'disabled' || value === 'default_off' || value === 'default_on' || value === 'always_on') return value;
  throw new Error(`PARLEY_COLLAPSED_THREADS must be disabled, default_off, default_on or always_on, got "${value}"`);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function clusterBus(value: string, databaseUrl: string): string {
  if (value === '') return '';
  if (!/^(redis|rediss|nats):\/\/[^\s]+$/.test(value)) throw new Error(`PARLEY_CLUSTER_BUS must be redis://host:port or nats://host:port, got "${value}"`);
  // Nodes share their state through the database; SQLite lives in one process's data directory.
  if (!databaseUrl.startsWith('postgres')) throw new Error('PARLEY_CLUSTER_BUS needs PARLEY_DATABASE_URL=postgres://… (a cluster shares one PostgreSQL database)');
  return value;
}

function intSetting(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got "${value}"`);
  return n;
}

function clusterName(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new Error(`PARLEY_CLUSTER_NAME must be 1-64 letters, digits, - or _, got "${value}"`);
  return value;
}

/** Account security: MFA, password rules, lockout, session lengths and API rate limits. */
function accountSecuritySettings(env: NodeJS.ProcessEnv): Partial<Settings> {
  const d = defaultSettings;
  return {
    enableMultifactorAuthentication: bool(env.PARLEY_ENABLE_MULTIFACTOR_AUTHENTICATION, d.enableMultifactorAuthentication),
    enforceMultifactorAuthentication: bool(env.PARLEY_ENFORCE_MULTIFACTOR_AUTHENTICATION, d.enforceMultifactorAuthentication),
    passwordMinimumLength: intSetting('PARLEY_PASSWORD_MINIMUM_LENGTH', env.PARLEY_PASSWORD_MINIMUM_LENGTH, d.passwordMinimumLength, 5, 72),
    passwordRequireLowercase: bool(env.PARLEY_PASSWORD_REQUIRE_LOWERCASE, d.passwordRequireLowercase),
    passwordRequireUppercase: bool(env.PARLEY_PASSWORD_REQUIRE_UPPERCASE, d.passwordRequireUppercase),
    passwordRequireNumber: bool(env.PARLEY_PASSWORD_REQUIRE_NUMBER, d.passwordRequireNumber),
    passwordRequireSymbol: bool(env.PARLEY_PASSWORD_REQUIRE_SYMBOL, d.passwordRequireSymbol),
    maximumLoginAttempts: intSetting('PARLEY_MAXIMUM_LOGIN_ATTEMPTS', env.PARLEY_MAXIMUM_LOGIN_ATTEMPTS, d.maximumLoginAttempts, 1, 1_000_000),
    sessionLengthHours: intSetting('PARLEY_SESSION_LENGTH_WEB_IN_HOURS', env.PARLEY_SESSION_LENGTH_WEB_IN_HOURS, d.sessionLengthHours, 1, 1_000_000),
    sessionIdleTimeoutInMinutes: intSetting('PARLEY_SESSION_IDLE_TIMEOUT_IN_MINUTES', env.PARLEY_SESSION_IDLE_TIMEOUT_IN_MINUTES, d.sessionIdleTimeoutInMinutes, 0, 100_000_000),
    rateLimitEnable: bool(env.PARLEY_RATE_LIMIT_ENABLE, d.rateLimitEnable),
    rateLimitPerSec: intSetting('PARLEY_RATE_LIMIT_PER_SEC', env.PARLEY_RATE_LIMIT_PER_SEC, d.rateLimitPerSec, 1, 1_000_000),
    rateLimitMaxBurst: intSetting('PARLEY_RATE_LIMIT_MAX_BURST', env.PARLEY_RATE_LIMIT_MAX_BURST, d.rateLimitMaxBurst, 1, 1_000_000),
    rateLimitMemoryStoreSize: intSetting('PARLEY_RATE_LIMIT_MEMORY_STORE_SIZE', env.PARLEY_RATE_LIMIT_MEMORY_STORE_SIZE, d.rateLimitMemoryStoreSize, 1, 10_000_000),
    rateLimitVaryByRemoteAddr: bool(env.PARLEY_RATE_LIMIT_VARY_BY_REMOTE_ADDR, d.rateLimitVaryByRemoteAddr),
    rateLimitVaryByUser: bool(env.PARLEY_RATE_LIMIT_VARY_BY_USER, d.rateLimitVaryByUser),
    rateLimitVaryByHeader: env.PARLEY_RATE_LIMIT_VARY_BY_HEADER ?? d.rateLimitVaryByHeader,
  };
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
    metricsListen: parseMetricsListen(env.PARLEY_METRICS_LISTEN ?? ':8067'),
    nodeId: env.PARLEY_NODE_ID || os.hostname(),
    filesS3: filesS3(env),
    clusterBus: clusterBus(env.PARLEY_CLUSTER_BUS ?? '', env.PARLEY_DATABASE_URL ?? ''),
    clusterName: clusterName(env.PARLEY_CLUSTER_NAME ?? 'parley'),
    shutdownDrainMs: intSetting('PARLEY_SHUTDOWN_DRAIN_MS', env.PARLEY_SHUTDOWN_DRAIN_MS, 0, 0, 60_000),
    lockedSettings: envLockedSettings(env),
    settings: {
      ...defaultSettings,
      siteName: env.PARLEY_SITE_NAME ?? defaultSettings.siteName,
      enableOpenServer: bool(env.PARLEY_ENABLE_OPEN_SERVER, defaultSettings.enableOpenServer),
      enableDeveloper: bool(env.PARLEY_ENABLE_DEVELOPER, defaultSettings.enableDeveloper),
      strictCsrf: bool(env.PARLEY_STRICT_CSRF, defaultSettings.strictCsrf),
      collapsedThreads: collapsedThreads(env.PARLEY_COLLAPSED_THREADS),
      smtpUrl: env.PARLEY_SMTP_URL ?? defaultSettings.smtpUrl,
      emailFrom: env.PARLEY_EMAIL_FROM || defaultSettings.emailFrom,
      enableEmailBatching: bool(env.PARLEY_EMAIL_BATCHING, defaultSettings.enableEmailBatching),
      enablePublicLink: bool(env.PARLEY_ENABLE_PUBLIC_LINK, defaultSettings.enablePublicLink),
      maxUsersPerTeam: intSetting('PARLEY_MAX_USERS_PER_TEAM', env.PARLEY_MAX_USERS_PER_TEAM, defaultSettings.maxUsersPerTeam, 0, 1_000_000),
      // Lowering it weakens stored hashes; it exists for load-test deployments where logins dominate CPU.
      passwordIterations: intSetting('PARLEY_PASSWORD_ITERATIONS', env.PARLEY_PASSWORD_ITERATIONS, defaultSettings.passwordIterations, 1_000, 10_000_000),
      enableIncomingWebhooks: bool(env.PARLEY_ENABLE_INCOMING_WEBHOOKS, defaultSettings.enableIncomingWebhooks),
      enableOutgoingWebhooks: bool(env.PARLEY_ENABLE_OUTGOING_WEBHOOKS, defaultSettings.enableOutgoingWebhooks),
      enableCommands: bool(env.PARLEY_ENABLE_COMMANDS, defaultSettings.enableCommands),
      enablePostUsernameOverride: bool(env.PARLEY_ENABLE_POST_USERNAME_OVERRIDE, defaultSettings.enablePostUsernameOverride),
      enablePostIconOverride: bool(env.PARLEY_ENABLE_POST_ICON_OVERRIDE, defaultSettings.enablePostIconOverride),
      allowedUntrustedInternalConnections: env.PARLEY_ALLOWED_UNTRUSTED_INTERNAL_CONNECTIONS ?? defaultSettings.allowedUntrustedInternalConnections,
      outgoingIntegrationRequestsTimeoutMs: intSetting('PARLEY_OUTGOING_TIMEOUT_MS', env.PARLEY_OUTGOING_TIMEOUT_MS, defaultSettings.outgoingIntegrationRequestsTimeoutMs, 1, 600_000),
      ...accountSecuritySettings(env),
      enableBotAccountCreation: bool(env.PARLEY_ENABLE_BOT_ACCOUNT_CREATION, defaultSettings.enableBotAccountCreation),
      disableBotsWhenOwnerIsDeactivated: bool(env.PARLEY_DISABLE_BOTS_WHEN_OWNER_IS_DEACTIVATED, defaultSettings.disableBotsWhenOwnerIsDeactivated),
    },
  };
}
