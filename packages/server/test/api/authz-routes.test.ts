// The authorization matrix generated from the route table: every registered route × six actors, the
// expected outcome derived from the route's access class in authz-spec.ts. A route without a class fails,
// so a new route cannot skip the matrix. Refused requests must change nothing (database fingerprint per
// route); allowed ones must not be refused. permissions.test.ts keeps the finer, hand-written role table.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listRoutes, type RouteInfo } from '../../src/api4/server.js';
import { engines, makeAdmin, makeUser, PASSWORD, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { dbFingerprint, fingerprintDiff } from '../db-fingerprint.js';
import { ACTORS, ROUTE_SPECS, emojiForm, fileForm, type Actor, type Outcome, type Requirement, type RouteSpec, type WorldIds } from './authz-spec.js';

type Person = Exclude<Actor, 'anon'>;
type Json = Record<string, unknown>;

interface World {
  ids: WorldIds;
  tokens: Record<Person, string>;
}

const keyOf = (r: RouteInfo) => `${r.method} ${r.url}`;

// ---- expected outcomes ------------------------------------------------------------------------------

const HOLDS: Record<Requirement, readonly Person[]> = {
  authenticated: ['outsider', 'teamMember', 'member', 'peer'],
  self: ['member'],
  owner: ['member'],
  channel_admin: ['member'],
  team_member: ['teamMember', 'member', 'peer'],
  team_admin: [],
  channel_reader: ['member', 'peer'],
  post_reader: ['member', 'peer'],
  system_admin: [],
};

function expectedOutcome(spec: RouteSpec, actor: Actor): Outcome {
  const override = spec.expect?.[actor];
  if (override !== undefined) return override;
  if (spec.access === 'public') return 'allowed';
  if (actor === 'anon') return 401;
  if (actor === 'admin') return 'allowed';
  const needs = [spec.access].flat();
  if (needs.every((n) => HOLDS[n].includes(actor))) return 'allowed';
  if (typeof spec.denied === 'number') return spec.denied;
  return spec.denied?.[actor] ?? 403;
}

function judge(expected: Outcome, status: number, json: Json, html = false): string | undefined {
  if (html) return status === 401 || status === 403 || (status >= 500 && status !== 503) ? `web client answered ${status}` : undefined;
  if (status >= 500 && status !== 501) return `server error ${status}`;
  if (status >= 400 && (typeof json?.id !== 'string' || json.status_code !== status)) return `malformed error ${status}`;
  if (expected === 'allowed') return status === 401 || status === 403 ? `refused with ${status}` : undefined;
  return status === expected ? undefined : `expected ${expected}, got ${status}`;
}

// ---- fixtures ---------------------------------------------------------------------------------------

async function must(url: string, token: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await raw(url, method, path, { token, body });
  if (res.status < 200 || res.status > 299) throw new Error(`setup ${method} ${path} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

async function mustForm(url: string, token: string, path: string, form: FormData): Promise<Json> {
  const res = await fetch(url + path, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`setup POST ${path} failed: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const idOf = (j: Json): string => {
  if (typeof j.id !== 'string') throw new Error(`no id in ${JSON.stringify(j)}`);
  return j.id;
};

/** A complete set of actors and targets. `root` (the first admin) creates the accounts and is never an actor. */
async function buildWorld(url: string, root: TestUser): Promise<World> {
  const made: Record<Exclude<Person, 'admin'> | 'spare' | 'admin', TestUser> = {
    admin: await makeUser(url, root.client),
    outsider: await makeUser(url, root.client),
    teamMember: await makeUser(url, root.client),
    member: await makeUser(url, root.client),
    peer: await makeUser(url, root.client),
    spare: await makeUser(url, root.client),
  };
  await root.client.updateUserRoles(made.admin.user.id, 'system_user system_admin');
  await made.admin.client.login(made.admin.user.username, PASSWORD);
  const tokens = Object.fromEntries((['admin', 'outsider', 'teamMember', 'member', 'peer'] as const).map((a) => [a, made[a].client.getToken()])) as Record<Person, string>;
  const users = Object.fromEntries(Object.entries(made).map(([k, u]) => [k, { id: u.user.id, username: u.user.username, email: u.user.email }])) as WorldIds['users'];
  const t = tokens;

  const Tname = uniqueName('azteam');
  const T = idOf(await must(url, t.admin, 'POST', '/api/v4/teams', { name: Tname, display_name: 'Matrix T', type: 'I' }));
  for (const who of ['teamMember', 'member', 'peer', 'spare'] as const) {
    await must(url, t.admin, 'POST', `/api/v4/teams/${T}/members`, { team_id: T, user_id: users[who].id });
  }
  const Xname = uniqueName('azx');
  const X = idOf(await must(url, t.member, 'POST', '/api/v4/channels', { team_id: T, name: Xname, display_name: 'Private X', type: 'P' }));
  await must(url, t.member, 'POST', `/api/v4/channels/${X}/members`, { user_id: users.peer.id });
  const pX = idOf(await must(url, t.member, 'POST', '/api/v4/posts', { channel_id: X, message: 'matrix root' }));
  const rX = idOf(await must(url, t.peer, 'POST', '/api/v4/posts', { channel_id: X, root_id: pX, message: 'matrix reply' }));
  const upload = await mustForm(url, t.member, '/api/v4/files', fileForm(X));
  const file = idOf((upload.file_infos as Json[])[0]!);
  await must(url, t.member, 'POST', '/api/v4/posts', { channel_id: X, message: 'with a file', file_ids: [file] });
  const emojiName = uniqueName('azemoji');
  const emoji = idOf(await mustForm(url, t.member, '/api/v4/emoji', emojiForm(users.member.id, emojiName)));
  const tokenId = idOf(await must(url, t.admin, 'POST', `/api/v4/users/${users.member.id}/tokens`, { description: 'matrix' }));
  // A second session of member's, for the revoke route to name.
  await raw(url, 'POST', '/api/v4/users/login', { body: { login_id: users.member.username, password: PASSWORD } });
  const sessions = (await raw(url, 'GET', `/api/v4/users/${users.member.id}/sessions`, { token: t.admin })).json as unknown as { id: string; create_at: number }[];
  const session = [...sessions].sort((a, b) => b.create_at - a.create_at)[0]!.id;
  const inHook = idOf(await must(url, t.admin, 'POST', '/api/v4/hooks/incoming', { channel_id: X, display_name: 'matrix' }));
  const outHook = idOf(await must(url, t.admin, 'POST', '/api/v4/hooks/outgoing', { team_id: T, trigger_words: ['azmatrixtrigger'], callback_urls: ['http://127.0.0.1:9/none'] }));
  const command = idOf(await must(url, t.admin, 'POST', '/api/v4/commands', { team_id: T, trigger: uniqueName('azcmd'), url: 'http://127.0.0.1:9/none', method: 'P' }));
  // Fixtures of routes that not every build has; a missing route leaves the id empty.
  const optional = async (method: string, path: string, body?: unknown) => {
    const res = await raw(url, method, path, { token: t.admin, body });
    return res.status === 404 && res.json.id === 'api.context.404.app_error' ? null : res;
  };
  const bot = (await optional('POST', '/api/v4/bots', { username: uniqueName('azbot') }))?.json.user_id;
  const role = (await optional('GET', '/api/v4/roles/name/channel_guest'))?.json.id;
  const config = (await optional('GET', '/api/v4/config'))?.json ?? null;
  const ids = { users, T, Tname, X, Xname, pX, rX, file, emoji, emojiName, tokenId, inHook, outHook, command, session };
  return { tokens, ids: { ...ids, bot: typeof bot === 'string' ? bot : '', roleId: typeof role === 'string' ? role : '', config } };
}

function defaultParam(name: string, w: WorldIds): string {
  switch (name) {
    case 'user_id':
      return w.users.member.id;
    case 'team_id':
      return w.T;
    case 'channel_id':
      return w.X;
    case 'post_id':
    case 'thread_id':
    case 'root_id':
      return w.pX;
    case 'file_id':
      return w.file;
    case 'emoji_id':
      return w.emoji;
    case 'emoji_name':
      return 'tada';
    case 'token_id':
      return w.tokenId;
    case 'hook_id':
      return w.inHook;
    case 'command_id':
      return w.command;
    case 'username':
      return w.users.peer.username;
    case 'email':
      return w.users.peer.email;
    case 'team_name':
      return w.Tname;
    case 'channel_name':
      return w.Xname;
    case 'category':
      return 'display_settings';
    case 'name':
      return 'use_military_time';
    case 'bot_user_id':
      return w.bot;
    case 'role_id':
      return w.roleId;
    case 'role_name':
      return 'channel_guest';
    case 'action_id':
      return 'matrixaction';
    case 'timestamp':
      return String(Date.now());
    default:
      throw new Error(`no fixture for path parameter :${name} — add it to defaultParam or give the route's spec params`);
  }
}

async function send(url: string, route: RouteInfo, spec: RouteSpec, world: World, actor: Actor): Promise<{ status: number; json: Json; path: string }> {
  const w = world.ids;
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(spec.params?.[name]?.(w) ?? defaultParam(name, w))).replace(/\*$/, 'login');
  const query = spec.query?.(w);
  const full = query ? `${path}?${query}` : path;
  const headers: Record<string, string> = actor === 'anon' ? {} : { Authorization: `Bearer ${world.tokens[actor]}` };
  let body: BodyInit | undefined;
  if (spec.form) body = spec.form(w, actor);
  else if (spec.body) {
    body = JSON.stringify(spec.body(w, actor));
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(url + full, { method: route.method, headers, body });
  const text = await res.text();
  let json: Json = {};
  if (res.headers.get('content-type')?.startsWith('application/json')) {
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = {};
    }
  }
  return { status: res.status, json, path: full };
}

// ---- the matrix -------------------------------------------------------------------------------------

for (const engine of engines()) {
  describe(`authorization matrix from the route table [${engine}]`, () => {
    let srv: TestServer;
    let root: TestUser;
    let world: World;
    let routes: RouteInfo[];

    before(async () => {
      // Public links on, so GET /files/{id}/link answers by permission rather than by the setting.
      srv = await startTestServer(engine, { enablePublicLink: true, enableBotAccountCreation: true, maximumLoginAttempts: 1_000_000, rateLimitEnable: false }, undefined, { upkeepIntervalMs: 3_600_000 });
      root = await makeAdmin(srv.url);
      world = await buildWorld(srv.url, root);
      routes = listRoutes(srv.parley.server);
    });
    after(() => srv.close());

    it('classifies every registered route, and only those', () => {
      const live = new Set(routes.map(keyOf));
      const missing = [...live].filter((k) => !(k in ROUTE_SPECS));
      const stale = Object.keys(ROUTE_SPECS).filter((k) => !live.has(k));
      const help = missing.map((k) => `  '${k}': { access: … },`).join('\n');
      assert.deepEqual(missing, [], `routes without an access class — add to test/api/authz-spec.ts (see its header):\n${help}`);
      assert.deepEqual(stale, [], 'entries in test/api/authz-spec.ts whose route no longer exists');
    });

    it('refuses and allows each route as its class says; refusals change nothing', async (t) => {
      const failures: string[] = [];
      const started = Date.now();
      let cells = 0;
      let fingerprinted = 0;
      const classified = routes.filter((r) => keyOf(r) in ROUTE_SPECS);
      const outcome = (r: RouteInfo, a: Actor) => expectedOutcome(ROUTE_SPECS[keyOf(r)]!, a);

      // 1. Every refusal, route by route, on the shared world: the database must not change.
      for (const route of classified) {
        const spec = ROUTE_SPECS[keyOf(route)]!;
        const refused = ACTORS.filter((a) => outcome(route, a) !== 'allowed');
        if (refused.length === 0) continue;
        const before = await dbFingerprint(srv.parley.database);
        for (const actor of refused) {
          const res = await send(srv.url, route, spec, world, actor);
          cells += 1;
          const bad = judge(outcome(route, actor), res.status, res.json);
          if (bad) failures.push(`${keyOf(route)} as ${actor}: ${bad} (${res.path} ${JSON.stringify(res.json).slice(0, 160)})`);
        }
        const diff = fingerprintDiff(before, await dbFingerprint(srv.parley.database));
        fingerprinted += 1;
        if (diff.length > 0) failures.push(`${keyOf(route)}: refused requests changed the database: ${diff.join('; ')}`);
      }

      // 2. Allowed calls that leave the fixtures usable, on the shared world; 3. the others, on a throwaway
      // world per route (a deactivated member or deleted team must not spill into later cells).
      // The fingerprint must notice a write, or the refusal checks above prove nothing.
      const beforeWrite = await dbFingerprint(srv.parley.database);
      await must(srv.url, world.tokens.member, 'POST', '/api/v4/posts', { channel_id: world.ids.X, message: 'fingerprint check' });
      assert.notDeepEqual(fingerprintDiff(beforeWrite, await dbFingerprint(srv.parley.database)), [], 'a post changes the fingerprint');

      const sharedFirst = [...classified].sort((a, b) => Number(ROUTE_SPECS[keyOf(a)]!.destructive ?? false) - Number(ROUTE_SPECS[keyOf(b)]!.destructive ?? false));
      for (const route of sharedFirst) {
        const spec = ROUTE_SPECS[keyOf(route)]!;
        const allowed = ACTORS.filter((a) => outcome(route, a) === 'allowed');
        if (allowed.length === 0) continue;
        if (spec.destructive) await root.client.login(root.user.username, PASSWORD); // in case every session was revoked
        const target = spec.destructive ? await buildWorld(srv.url, root) : world;
        for (const actor of allowed) {
          const res = await send(srv.url, route, spec, target, actor);
          cells += 1;
          const bad = judge('allowed', res.status, res.json, spec.html);
          if (bad) failures.push(`${keyOf(route)} as ${actor}: ${bad} (${res.path} ${JSON.stringify(res.json).slice(0, 160)})`);
        }
      }

      const summary = `${classified.length} routes × ${ACTORS.length} actors = ${cells} cells (${fingerprinted} refused batches fingerprinted, ${((Date.now() - started) / 1000).toFixed(1)} s)`;
      t.diagnostic(summary);
      console.log(`authorization matrix [${engine}]: ${summary}`);
      assert.equal(cells, classified.length * ACTORS.length);
      assert.deepEqual(failures, []);
    });
  });
}
