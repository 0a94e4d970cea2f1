// Shared by the WebSocket event and race suites: users with an open socket each, a barrier after which
// "nothing arrived" is a checkable statement, and readers for Mattermost's JSON-string event fields.
import type { ServerChannel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { uniqueName, type TestServer, type TestUser } from '../harness.js';
import { RawSocket, type Frame } from '../ws-harness.js';

export type Client = TestUser['client'];

/** One user with one socket, and a cursor so each step looks only at the frames after its action. */
export class Watcher {
  private from = 0;

  private constructor(
    readonly user: TestUser,
    readonly sock: RawSocket,
  ) {}

  static async open(srv: TestServer, user: TestUser): Promise<Watcher> {
    const sock = await RawSocket.open(srv.url, { token: user.client.getToken() });
    await sock.waitFor((f) => f.event === 'hello', 5000, `hello for ${user.user.username}`);
    return new Watcher(user, sock);
  }

  get id(): string {
    return this.user.user.id;
  }

  get name(): string {
    return this.user.user.username;
  }

  mark(): void {
    this.from = this.sock.frames.length;
  }

  /** Events since the last mark, optionally only those of one name. */
  events(name?: string): Frame[] {
    return this.sock.frames.slice(this.from).filter((f) => f.event !== undefined && (name === undefined || f.event === name));
  }

  /** Events since the last mark whose frame names this id anywhere (data or broadcast). */
  mentioning(id: string): Frame[] {
    return this.events().filter((f) => JSON.stringify(f).includes(id));
  }

  close(): void {
    this.sock.close();
  }
}

/**
 * Waits until every event published so far was handed to its sockets (hub.drain) and has arrived: each
 * watcher's ping reply is written to the same socket after those events, so once it is here they are too.
 */
export async function settle(srv: TestServer, watchers: readonly Watcher[]): Promise<void> {
  await srv.parley.hub.drain();
  await Promise.all(
    watchers.map(async (w) => {
      const pong = await w.sock.request('ping');
      if (pong.status !== 'OK') throw new Error(`ping of ${w.name} failed: ${JSON.stringify(pong)}`);
    }),
  );
}

/** settle, then move every watcher's cursor past what has arrived. */
export async function markAll(srv: TestServer, watchers: readonly Watcher[]): Promise<void> {
  await settle(srv, watchers);
  for (const w of watchers) w.mark();
}

/** Mattermost sends posts, reactions, channels and preference lists as JSON inside a string field. */
export function json<T>(value: unknown): T {
  if (typeof value !== 'string') throw new Error(`expected a JSON-encoded string, got ${JSON.stringify(value)}`);
  return JSON.parse(value) as T;
}

export async function createTeam(owner: Client): Promise<Team> {
  const name = uniqueName('team');
  return owner.createTeam({ name, display_name: `Team ${name}`, type: 'O', allow_open_invite: true } as Team);
}

export async function createChannel(c: Client, teamId: string, type: 'O' | 'P', fields: Partial<ServerChannel> = {}): Promise<ServerChannel> {
  const name = uniqueName('chan');
  return c.createChannel({ team_id: teamId, name, display_name: `Channel ${name}`, type, ...fields });
}
