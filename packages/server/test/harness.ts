// Starts a real Parley on loopback over a throwaway database — a temp SQLite file or a fresh
// PostgreSQL schema — and drives it with the official @mattermost/client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines, PG_URL, pgAdmin, type EngineName } from './engines.js';
import mmClient from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';

const { Client4 } = mmClient;
type Client4 = InstanceType<typeof Client4>;
import { defaultSettings, type Config, type Settings } from '../src/config/config.js';
import { startParley, type Parley } from '../src/compose.js';
import { createLogger, type Logger } from '../src/platform/logger.js';
import { newId } from '../src/platform/ids.js';
import type { HubOptions } from '../src/ws/hub.js';

export { engines, PG_URL, type EngineName };

export interface TestServer {
  engine: EngineName;
  url: string;
  parley: Parley;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Start the metrics/health listener on a free port (parley.metricsUrl). */
  metrics?: boolean;
  /** Instead of the silent (or PARLEY_TEST_LOG) logger. */
  logger?: Logger;
  /**
   * How often the periodic upkeep runs (reminders, presence sweep, expiries). Tests that compare database
   * states around refused requests push it out, so background work cannot change the state between.
   */
  upkeepIntervalMs?: number;
}

export async function startTestServer(
  engine: EngineName,
  settings: Partial<Settings> = {},
  hub?: HubOptions,
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const schema = `t_${newId()}`;
  if (engine === 'postgres') await pgAdmin(`CREATE SCHEMA ${schema}`);
  const config: Config = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: engine === 'postgres' ? PG_URL : '',
    siteUrl: 'http://127.0.0.1',
    // Low PBKDF2 cost keeps the suite fast; the production default is covered by a unit test.
    settings: { ...defaultSettings, passwordIterations: 1000, ...settings },
    metricsListen: opts.metrics ? { host: '127.0.0.1', port: 0 } : null,
    nodeId: `test-${engine}`,
  };
  let parley: Parley;
  try {
    const logger = opts.logger ?? createLogger(process.env.PARLEY_TEST_LOG ?? 'silent');
    parley = await startParley(config, { logger, pgSchema: engine === 'postgres' ? schema : undefined, hub, upkeepIntervalMs: opts.upkeepIntervalMs });
  } catch (err) {
    if (engine === 'postgres') await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    engine,
    url: parley.url,
    parley,
    async close() {
      await parley.close();
      if (engine === 'postgres') await pgAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function client(url: string, token?: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  return c;
}

let counter = 0;
/** A unique, valid username/email pair for factories. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}${newId().slice(0, 6)}`;
}

export const PASSWORD = 'Passw0rd!long';

export interface TestUser {
  user: UserProfile;
  client: Client4;
  password: string;
}

/** Creates a user (through an admin client, or open sign-up if none) and logs them in. */
export async function makeUser(url: string, admin: Client4 | null, fields: Partial<UserProfile> = {}): Promise<TestUser> {
  const username = fields.username ?? uniqueName();
  const creator = admin ?? client(url);
  await creator.createUser({ username, email: `${username}@example.com`, password: PASSWORD, ...fields } as UserProfile, '', '');
  const c = client(url);
  const user = await c.login(username, PASSWORD);
  return { user, client: c, password: PASSWORD };
}

/** A team created by `admin` (an admin, so members can be added to an invite-only team). */
export async function makeTeam(admin: TestUser, members: TestUser[] = []): Promise<Team> {
  const name = uniqueName('team');
  const team = await admin.client.createTeam({ name, display_name: name, type: 'O' } as Team);
  for (const m of members) await admin.client.addToTeam(team.id, m.user.id);
  return team;
}

/** A channel created by `owner` (who must be on the team), with `members` added. */
export async function makeChannel(owner: TestUser, team: Team, type: 'O' | 'P', members: TestUser[] = []): Promise<Channel> {
  const name = uniqueName('chan');
  const channel = await owner.client.createChannel({ team_id: team.id, name, display_name: name, type } as Channel);
  for (const m of members) await owner.client.addToChannel(m.user.id, channel.id);
  return channel;
}

/** The first account of a fresh server: becomes system admin. */
export async function makeAdmin(url: string): Promise<TestUser> {
  return makeUser(url, null, { username: uniqueName('admin') });
}

/** Raw HTTP for the cases the official client cannot express (bad JSON, wrong types, cookies). */
export async function raw(
  url: string,
  method: string,
  pathname: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & unknown[] }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + pathname, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json: json as Record<string, unknown> & unknown[] };
}

/** Asserts Mattermost's error shape and returns it. */
export function expectAppError(
  res: { status: number; json: Record<string, unknown> },
  status: number,
  id?: string,
): Record<string, unknown> {
  const j = res.json;
  if (res.status !== status || typeof j.id !== 'string' || typeof j.message !== 'string' || j.status_code !== status || typeof j.request_id !== 'string') {
    throw new Error(`expected AppError ${status}${id ? ` ${id}` : ''}, got ${res.status} ${JSON.stringify(j)}`);
  }
  if (id && j.id !== id) throw new Error(`expected error id ${id}, got ${String(j.id)}`);
  return j;
}

/** Runs fn and asserts that it rejected with a Client4 ClientError of the given status (and id). */
export async function expectClientError(fn: () => Promise<unknown>, status: number, id?: string): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const e = err as { status_code?: number; server_error_id?: string; message?: string };
    if (e.status_code !== status) throw new Error(`expected status ${status}, got ${String(e.status_code)}: ${e.message}`, { cause: err });
    if (id && e.server_error_id !== id) throw new Error(`expected error id ${id}, got ${String(e.server_error_id)}`, { cause: err });
    return;
  }
  throw new Error(`expected a ${status} error, but the call succeeded`);
}

/** Whether the user may post in the channel now (a 403 says no; anything else is an error). */
export async function canPost(u: TestUser, channel: Channel): Promise<boolean> {
  try {
    await u.client.createPost({ channel_id: channel.id, message: 'probe' } as Post);
    return true;
  } catch (err) {
    if ((err as { status_code?: number }).status_code === 403) return false;
    throw err;
  }
}
