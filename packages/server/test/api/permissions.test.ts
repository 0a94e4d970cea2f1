// The permission table: endpoint × role × outcome. Every read and write below is sent as each of seven
// actors, and the answer must be what Mattermost's default roles give on a fresh install:
//
//   anon          no token
//   outsider      system_user, not on the team
//   teamMember    team_user on T, in neither P nor X
//   member        team_user on T, channel_user in P and X (and system_user_access_token, for PATs)
//   channelAdmin  team_user on T, channel admin of P and X (created both)
//   teamAdmin     team admin of T (created it), in neither P nor X
//   systemAdmin   the first account, on no team
//
// Expected values are Mattermost's, not Parley's: Mattermost's own role data (MakeDefaultRoles plus the
// permission migrations that run on a fresh install, e.g. the channel-moderation migration that gives
// team_admin create_post, add/remove_reaction and manage_{public,private}_channel_members) and its api4
// handlers. A row that fails here is a gap in Parley's app layer, not a reason to change the row.
//
// Mutating rows give each actor its own target (a fresh post, user, team or channel) or send an
// idempotent request, so one actor's success cannot change another's outcome. Rows with a `snapshot`
// re-read the target as the system admin around every refused request: a refusal must change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { engines, expectAppError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

const ACTORS = ['anon', 'outsider', 'teamMember', 'member', 'channelAdmin', 'teamAdmin', 'systemAdmin'] as const;
type Actor = (typeof ACTORS)[number];
type Person = Exclude<Actor, 'anon'>;

/** 'ok' is any 2xx; a number is the exact error status. */
type Outcome = 'ok' | 401 | 403 | 404;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Ids = Record<string, string>;
type Json = Record<string, unknown>;
type Response = Awaited<ReturnType<typeof raw>>;

interface Fixtures {
  url: string;
  /** Session token per actor (anon has none). */
  tokens: Record<Person, string>;
  /** User id per actor. */
  users: Record<Person, string>;
  /** T, P, X, Xname, DM, TS (town-square of T), pP, pX (M's posts in P and X). */
  ids: Ids;
}

interface Row {
  name: string;
  method: Method;
  /** Path with {placeholders}: fixture ids, {self}, {other}, {actor}, and whatever `target` returns. */
  path: string;
  /** Body; strings in it may hold {placeholders} too. */
  body?: unknown;
  expect: Record<Actor, Outcome>;
  /** A fresh target for this actor, so that one actor's success does not change the next one's outcome. */
  target?: (f: Fixtures, actor: Actor) => Promise<Ids>;
  /** What a refused request must leave unchanged, read as the system admin. */
  snapshot?: (f: Fixtures, ids: Ids) => Promise<unknown>;
  /** Extra check on an allowed answer; returns a complaint or undefined. */
  verify?: (actor: Actor, res: Response, ids: Ids) => string | undefined;
}

// ---- helpers --------------------------------------------------------------------------------------

const EMOJI: Record<Actor, string> = {
  anon: 'smile',
  outsider: 'heart',
  teamMember: 'tada',
  member: 'rocket',
  channelAdmin: 'eyes',
  teamAdmin: 'fire',
  systemAdmin: 'wave',
};

/** A setup call that must succeed. */
async function must(f: Fixtures, who: Person, method: Method, path: string, body?: unknown): Promise<Json> {
  const res = await raw(f.url, method, path, { token: f.tokens[who], body });
  if (res.status < 200 || res.status > 299) {
    throw new Error(`setup ${method} ${path} as ${who} failed: ${res.status} ${JSON.stringify(res.json)}`);
  }
  return res.json;
}

function idOf(j: Json): string {
  if (typeof j.id !== 'string') throw new Error(`no id in ${JSON.stringify(j)}`);
  return j.id;
}

/** Fields of a response worth comparing; the HTTP status is kept so a 404 snapshot is comparable too. */
async function read(f: Fixtures, path: string, fields: readonly string[]): Promise<Json> {
  const res = await raw(f.url, 'GET', path, { token: f.tokens.systemAdmin });
  const out: Json = { status: res.status };
  if (res.status === 200) for (const k of fields) out[k] = res.json[k];
  return out;
}

async function newUser(f: Fixtures): Promise<string> {
  const username = uniqueName('perm');
  return idOf(await must(f, 'systemAdmin', 'POST', '/api/v4/users', { username, email: `${username}@example.com`, password: PASSWORD }));
}

async function newTeamUser(f: Fixtures): Promise<string> {
  const id = await newUser(f);
  await must(f, 'teamAdmin', 'POST', `/api/v4/teams/${f.ids.T}/members`, { team_id: f.ids.T, user_id: id });
  return id;
}

async function newPost(f: Fixtures, author: Person, channelId: string): Promise<string> {
  return idOf(await must(f, author, 'POST', '/api/v4/posts', { channel_id: channelId, message: `by ${author} ${uniqueName('m')}` }));
}

/** The user an actor acts on when a row is about "another user": M, or N when the actor is M. */
function otherOf(f: Fixtures, actor: Actor): string {
  return actor === 'member' ? f.users.teamMember : f.users.member;
}

function substitute(template: string, ids: Ids): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = ids[key];
    if (v === undefined) throw new Error(`no value for {${key}} in ${template}`);
    return v;
  });
}

function substituteDeep(value: unknown, ids: Ids): unknown {
  if (typeof value === 'string') return substitute(value, ids);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, ids));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, ids)]));
  }
  return value;
}

const is2xx = (status: number) => status >= 200 && status <= 299;

// ---- fixtures -------------------------------------------------------------------------------------

async function buildFixtures(url: string): Promise<Fixtures> {
  const systemAdmin = await makeAdmin(url);
  const people: Record<Exclude<Person, 'systemAdmin'>, TestUser> = {
    outsider: await makeUser(url, systemAdmin.client),
    teamMember: await makeUser(url, systemAdmin.client),
    member: await makeUser(url, systemAdmin.client),
    channelAdmin: await makeUser(url, systemAdmin.client),
    teamAdmin: await makeUser(url, systemAdmin.client),
  };
  const all: Record<Person, TestUser> = { ...people, systemAdmin };
  const f: Fixtures = {
    url,
    tokens: Object.fromEntries(Object.entries(all).map(([k, u]) => [k, u.client.getToken()])) as Record<Person, string>,
    users: Object.fromEntries(Object.entries(all).map(([k, u]) => [k, u.user.id])) as Record<Person, string>,
    ids: {},
  };

  // M may create personal access tokens; a fresh login carries the new role.
  await must(f, 'systemAdmin', 'PUT', `/api/v4/users/${f.users.member}/roles`, { roles: 'system_user system_user_access_token' });
  const relogin = await raw(url, 'POST', '/api/v4/users/login', { body: { login_id: people.member.user.username, password: PASSWORD } });
  f.tokens.member = relogin.headers.get('token') ?? '';
  assert.ok(f.tokens.member, 'member logs in again');

  // T is invite-only (allow_open_invite false); its creator is its team admin.
  const teamName = uniqueName('team');
  const T = idOf(await must(f, 'teamAdmin', 'POST', '/api/v4/teams', { name: teamName, display_name: 'Perm Team', type: 'I' }));
  for (const who of ['teamMember', 'member', 'channelAdmin'] as const) {
    await must(f, 'teamAdmin', 'POST', `/api/v4/teams/${T}/members`, { team_id: T, user_id: f.users[who] });
  }
  f.ids.T = T;
  f.ids.TS = idOf(await must(f, 'teamAdmin', 'GET', `/api/v4/teams/${T}/channels/name/town-square`));

  // P and X are created by the channel admin, who adds M to both.
  const P = idOf(await must(f, 'channelAdmin', 'POST', '/api/v4/channels', { team_id: T, name: uniqueName('pub'), display_name: 'Public P', type: 'O' }));
  const xName = uniqueName('priv');
  const X = idOf(await must(f, 'channelAdmin', 'POST', '/api/v4/channels', { team_id: T, name: xName, display_name: 'Private X', type: 'P' }));
  await must(f, 'channelAdmin', 'POST', `/api/v4/channels/${P}/members`, { user_id: f.users.member });
  await must(f, 'channelAdmin', 'POST', `/api/v4/channels/${X}/members`, { user_id: f.users.member });
  f.ids.P = P;
  f.ids.X = X;
  f.ids.Xname = xName;
  f.ids.pP = await newPost(f, 'member', P);
  f.ids.pX = await newPost(f, 'member', X);

  const DM = idOf(await must(f, 'member', 'POST', '/api/v4/channels/direct', [f.users.member, f.users.channelAdmin]));
  await newPost(f, 'member', DM);
  f.ids.DM = DM;

  await must(f, 'member', 'POST', '/api/v4/reactions', { user_id: f.users.member, post_id: f.ids.pX, emoji_name: '+1' });
  return f;
}

// ---- targets and snapshots --------------------------------------------------------------------------

const teamSnapshot = (f: Fixtures, ids: Ids) => read(f, `/api/v4/teams/${ids.team ?? f.ids.T}`, ['display_name', 'description', 'update_at', 'delete_at']);
const channelSnapshot = (f: Fixtures, ids: Ids) => read(f, `/api/v4/channels/${ids.channel ?? f.ids.X}`, ['header', 'purpose', 'update_at', 'delete_at']);
const postSnapshot = (f: Fixtures, ids: Ids) => read(f, `/api/v4/posts/${ids.post}?include_deleted=true`, ['message', 'edit_at', 'update_at', 'delete_at', 'is_pinned']);
const userSnapshot = (f: Fixtures, ids: Ids) => read(f, `/api/v4/users/${ids.user ?? ids.other}`, ['nickname', 'roles', 'update_at', 'delete_at']);

/** Each actor's own post: in P for M, the channel admin and the system admin; town-square for N and the team
 * admin; a self-DM for the outsider, who belongs to no team. Anonymous aims at M's post. */
async function ownPost(f: Fixtures, actor: Actor): Promise<Ids> {
  switch (actor) {
    case 'anon':
      return { post: await newPost(f, 'member', f.ids.P!) };
    case 'member':
    case 'channelAdmin':
    case 'systemAdmin':
      return { post: await newPost(f, actor, f.ids.P!) };
    case 'teamMember':
    case 'teamAdmin':
      return { post: await newPost(f, actor, f.ids.TS!) };
    case 'outsider': {
      const selfDm = idOf(await must(f, 'outsider', 'POST', '/api/v4/channels/direct', [f.users.outsider]));
      return { post: await newPost(f, 'outsider', selfDm) };
    }
  }
}

/** Someone else's post in P: M's, or the channel admin's when the actor is M. */
async function othersPostInP(f: Fixtures, actor: Actor): Promise<Ids> {
  return { post: await newPost(f, actor === 'member' ? 'channelAdmin' : 'member', f.ids.P!) };
}

// ---- the table --------------------------------------------------------------------------------------

const TABLE: Row[] = [
  // Teams
  {
    name: 'read team T (invite-only)',
    method: 'GET',
    path: '/api/v4/teams/{T}',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'patch team T',
    method: 'PUT',
    path: '/api/v4/teams/{T}/patch',
    body: { description: 'set by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    snapshot: teamSnapshot,
  },
  {
    name: 'archive (delete) a team',
    method: 'DELETE',
    path: '/api/v4/teams/{team}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f) => {
      // A copy of T's membership: created by the team admin, N, M and the channel admin added.
      const team = idOf(await must(f, 'teamAdmin', 'POST', '/api/v4/teams', { name: uniqueName('team'), display_name: 'Doomed', type: 'I' }));
      for (const who of ['teamMember', 'member', 'channelAdmin'] as const) {
        await must(f, 'teamAdmin', 'POST', `/api/v4/teams/${team}/members`, { team_id: team, user_id: f.users[who] });
      }
      return { team };
    },
    snapshot: teamSnapshot,
  },
  {
    name: 'list team members of T',
    method: 'GET',
    path: '/api/v4/teams/{T}/members',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'add another user to team T',
    method: 'POST',
    path: '/api/v4/teams/{T}/members',
    body: { team_id: '{T}', user_id: '{user}' },
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f) => ({ user: await newUser(f) }),
    snapshot: (f, ids) => read(f, `/api/v4/teams/${f.ids.T}/members/${ids.user}`, ['delete_at']),
  },
  {
    name: 'remove another user from team T',
    method: 'DELETE',
    path: '/api/v4/teams/{T}/members/{user}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f) => ({ user: await newTeamUser(f) }),
    snapshot: (f, ids) => read(f, `/api/v4/teams/${f.ids.T}/members/${ids.user}`, ['delete_at', 'roles']),
  },
  {
    name: 'create a public channel in T',
    method: 'POST',
    path: '/api/v4/channels',
    body: { team_id: '{T}', name: '{name}', display_name: 'Made by {actor}', type: 'O' },
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async () => ({ name: uniqueName('made') }),
  },

  // Channels
  {
    name: 'read public channel P',
    method: 'GET',
    path: '/api/v4/channels/{P}',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'read private channel X',
    method: 'GET',
    path: '/api/v4/channels/{X}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'read private channel X by name',
    method: 'GET',
    path: '/api/v4/teams/{T}/channels/name/{Xname}',
    // By name Mattermost hides a private channel from non-members (404), but lets team admins (manage_team) see it.
    expect: { anon: 401, outsider: 404, teamMember: 404, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'patch private channel X',
    method: 'PUT',
    path: '/api/v4/channels/{X}/patch',
    body: { header: 'header by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
    snapshot: channelSnapshot,
  },
  {
    name: 'archive a public channel',
    method: 'DELETE',
    path: '/api/v4/channels/{channel}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f) => {
      // Shaped like P: created by the channel admin, M added.
      const channel = idOf(await must(f, 'channelAdmin', 'POST', '/api/v4/channels', { team_id: f.ids.T, name: uniqueName('arch'), display_name: 'Archive me', type: 'O' }));
      await must(f, 'channelAdmin', 'POST', `/api/v4/channels/${channel}/members`, { user_id: f.users.member });
      return { channel };
    },
    snapshot: channelSnapshot,
  },
  {
    name: 'add a team member to private channel X',
    method: 'POST',
    path: '/api/v4/channels/{X}/members',
    body: { user_id: '{user}' },
    // Team admins hold manage_private_channel_members (channel-moderation migration), member of X or not.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f) => ({ user: await newTeamUser(f) }),
    snapshot: (f, ids) => read(f, `/api/v4/channels/${f.ids.X}/members/${ids.user}`, ['roles']),
  },
  {
    name: 'remove another member from private channel X',
    method: 'DELETE',
    path: '/api/v4/channels/{X}/members/{user}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f) => {
      const user = await newTeamUser(f);
      await must(f, 'channelAdmin', 'POST', `/api/v4/channels/${f.ids.X}/members`, { user_id: user });
      return { user };
    },
    snapshot: (f, ids) => read(f, `/api/v4/channels/${f.ids.X}/members/${ids.user}`, ['roles']),
  },
  {
    name: 'read channel members of X',
    method: 'GET',
    path: '/api/v4/channels/{X}/members',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'view channel X (mark read, own membership only)',
    method: 'POST',
    path: '/api/v4/channels/members/me/view',
    body: { channel_id: '{X}', prev_channel_id: '' },
    // Self-only; for a non-member Mattermost updates nothing and answers OK without X's time.
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    verify: (actor, res, ids) => {
      const times = (res.json.last_viewed_at_times ?? {}) as Json;
      const isMember = actor === 'member' || actor === 'channelAdmin';
      const has = typeof times[ids.X!] === 'number';
      if (isMember && !has) return `a member got no last_viewed_at for X: ${JSON.stringify(res.json)}`;
      if (!isMember && has) return `a non-member got a last_viewed_at for X: ${JSON.stringify(res.json)}`;
      return undefined;
    },
  },

  // Threads, drafts, read state
  {
    name: 'list own threads in team T',
    method: 'GET',
    path: '/api/v4/users/{self}/teams/{T}/threads',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: "list another user's threads",
    method: 'GET',
    path: '/api/v4/users/{other}/teams/{T}/threads',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'follow a thread in private channel X',
    method: 'PUT',
    path: '/api/v4/users/{self}/teams/{T}/threads/{pX}/following',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'save a draft in private channel X',
    method: 'POST',
    path: '/api/v4/drafts',
    body: { channel_id: '{X}', message: 'draft by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'mark all channels of team T read',
    method: 'PUT',
    path: '/api/v4/users/{self}/teams/{T}/read',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },

  // Posts
  {
    name: 'get posts of public channel P',
    method: 'GET',
    path: '/api/v4/channels/{P}/posts',
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'file infos of a post in private channel X',
    method: 'GET',
    path: '/api/v4/posts/{pX}/files/info',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'search posts in team T',
    method: 'POST',
    path: '/api/v4/teams/{T}/posts/search',
    body: { terms: 'hello', is_or_search: false },
    expect: { anon: 401, outsider: 403, teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'search posts in all teams',
    method: 'POST',
    path: '/api/v4/posts/search',
    body: { terms: 'hello', is_or_search: false },
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'list custom emoji',
    method: 'GET',
    path: '/api/v4/emoji',
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'get posts of private channel X',
    method: 'GET',
    path: '/api/v4/channels/{X}/posts',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'create post in public channel P',
    method: 'POST',
    path: '/api/v4/posts',
    body: { channel_id: '{P}', message: 'hello P from {actor}' },
    // Not being a member of P: a team_user lacks create_post (and create_post_public); team_admin has create_post.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'create post in private channel X',
    method: 'POST',
    path: '/api/v4/posts',
    body: { channel_id: '{X}', message: 'hello X from {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'edit own post',
    method: 'PUT',
    path: '/api/v4/posts/{post}/patch',
    body: { message: 'edited by {actor}' },
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    target: (f, actor) => ownPost(f, actor),
    snapshot: postSnapshot,
  },
  {
    name: "edit another's post in P",
    method: 'PUT',
    path: '/api/v4/posts/{post}/patch',
    body: { message: 'edited by {actor}' },
    // edit_others_posts is system-admin only by default (Mattermost's TestPatchPost: team admin → 403).
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    target: othersPostInP,
    snapshot: postSnapshot,
  },
  {
    name: "delete another's post in P",
    method: 'DELETE',
    path: '/api/v4/posts/{post}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: othersPostInP,
    snapshot: postSnapshot,
  },
  {
    name: 'pin a post in X',
    method: 'POST',
    path: '/api/v4/posts/{post}/pin',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f) => ({ post: await newPost(f, 'member', f.ids.X!) }),
    snapshot: postSnapshot,
  },
  {
    name: 'add reaction in X',
    method: 'POST',
    path: '/api/v4/reactions',
    body: { user_id: '{self}', post_id: '{pX}', emoji_name: 'thumbsup' },
    // add_reaction: channel_user, and team_admin through the channel-moderation migration.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
    snapshot: async (f, ids) => {
      const res = await raw(f.url, 'GET', `/api/v4/posts/${f.ids.pX}/reactions`, { token: f.tokens.systemAdmin });
      const list = Array.isArray(res.json) ? (res.json as Json[]) : [];
      return list.filter((r) => r.user_id === ids.self).map((r) => r.emoji_name);
    },
  },
  {
    name: "remove another's reaction in X",
    method: 'DELETE',
    path: '/api/v4/users/{reactor}/posts/{pX}/reactions/{emoji}',
    // remove_others_reactions is system-admin only.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f, actor) => {
      const reactor: Person = actor === 'member' ? 'channelAdmin' : 'member';
      const emoji = EMOJI[actor];
      await must(f, reactor, 'POST', '/api/v4/reactions', { user_id: f.users[reactor], post_id: f.ids.pX, emoji_name: emoji });
      return { reactor: f.users[reactor], emoji };
    },
    snapshot: async (f, ids) => {
      const res = await raw(f.url, 'GET', `/api/v4/posts/${f.ids.pX}/reactions`, { token: f.tokens.systemAdmin });
      const list = Array.isArray(res.json) ? (res.json as Json[]) : [];
      return list.some((r) => r.user_id === ids.reactor && r.emoji_name === ids.emoji);
    },
  },
  {
    name: "read the DM's posts (M ↔ channel admin)",
    method: 'GET',
    path: '/api/v4/channels/{DM}/posts',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 403, systemAdmin: 'ok' },
  },

  // Integrations. Mattermost's defaults give manage_own/manage_others_*_webhooks and *_slash_commands to
  // team_admin only (EnableOnlyAdminIntegrations); running a command needs create_post in the channel.
  {
    name: 'create an incoming webhook in P',
    method: 'POST',
    path: '/api/v4/hooks/incoming',
    body: { channel_id: '{P}', display_name: 'by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    snapshot: (f) => read(f, `/api/v4/hooks/incoming?team_id=${f.ids.T}&per_page=200`, ['length']),
  },
  {
    name: 'create an incoming webhook in private X',
    method: 'POST',
    path: '/api/v4/hooks/incoming',
    body: { channel_id: '{X}', display_name: 'by {actor}' },
    // The team admin manages hooks but cannot read X.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    snapshot: (f) => read(f, `/api/v4/hooks/incoming?team_id=${f.ids.T}&per_page=200`, ['length']),
  },
  {
    name: 'list the incoming webhooks of T',
    method: 'GET',
    path: '/api/v4/hooks/incoming?team_id={T}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: "update another admin's incoming webhook",
    method: 'PUT',
    path: '/api/v4/hooks/incoming/{hook}',
    body: { id: '{hook}', channel_id: '{P}', display_name: 'renamed by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f, actor) => ({ hook: idOf(await must(f, actor === 'systemAdmin' ? 'teamAdmin' : 'systemAdmin', 'POST', '/api/v4/hooks/incoming', { channel_id: f.ids.P })) }),
    snapshot: (f, ids) => read(f, `/api/v4/hooks/incoming/${ids.hook}`, ['display_name', 'update_at']),
  },
  {
    name: "delete another admin's incoming webhook",
    method: 'DELETE',
    path: '/api/v4/hooks/incoming/{hook}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f, actor) => ({ hook: idOf(await must(f, actor === 'systemAdmin' ? 'teamAdmin' : 'systemAdmin', 'POST', '/api/v4/hooks/incoming', { channel_id: f.ids.P })) }),
    snapshot: (f, ids) => read(f, `/api/v4/hooks/incoming/${ids.hook}`, ['delete_at']),
  },
  {
    name: 'create an outgoing webhook in P',
    method: 'POST',
    path: '/api/v4/hooks/outgoing',
    body: { team_id: '{T}', channel_id: '{P}', trigger_words: ['zz-{actor}'], callback_urls: ['http://127.0.0.1:9/{actor}'] },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    snapshot: (f) => read(f, `/api/v4/hooks/outgoing?team_id=${f.ids.T}&per_page=200`, ['length']),
  },
  {
    name: "regenerate another admin's outgoing webhook token",
    method: 'POST',
    path: '/api/v4/hooks/outgoing/{hook}/regen_token',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f, actor) => ({
      hook: idOf(await must(f, actor === 'systemAdmin' ? 'teamAdmin' : 'systemAdmin', 'POST', '/api/v4/hooks/outgoing', {
        team_id: f.ids.T,
        channel_id: f.ids.P,
        trigger_words: [uniqueName('zz')],
        callback_urls: ['http://127.0.0.1:9/regen'],
      })),
    }),
    snapshot: (f, ids) => read(f, `/api/v4/hooks/outgoing/${ids.hook}`, ['token']),
  },
  // Bots: by default only system admins hold create_bot, read_(others_)bots and manage_(others_)bots; a
  // bot the caller may not read is "not found" (404), so nobody learns that a user is a bot.
  {
    name: 'create a bot',
    method: 'POST',
    path: '/api/v4/bots',
    body: { username: 'perm-bot-{actor}', display_name: 'by {actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    snapshot: (f) => read(f, '/api/v4/bots?include_deleted=true&per_page=200', ['length']),
  },
  {
    name: 'list bots',
    method: 'GET',
    path: '/api/v4/bots',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: "read the system admin's bot",
    method: 'GET',
    path: '/api/v4/bots/{bot}',
    expect: { anon: 401, outsider: 404, teamMember: 404, member: 404, channelAdmin: 404, teamAdmin: 404, systemAdmin: 'ok' },
    target: async (f) => ({ bot: String((await must(f, 'systemAdmin', 'POST', '/api/v4/bots', { username: uniqueName('permbot') })).user_id) }),
  },
  {
    name: "disable the system admin's bot",
    method: 'POST',
    path: '/api/v4/bots/{bot}/disable',
    expect: { anon: 401, outsider: 404, teamMember: 404, member: 404, channelAdmin: 404, teamAdmin: 404, systemAdmin: 'ok' },
    target: async (f) => ({ bot: String((await must(f, 'systemAdmin', 'POST', '/api/v4/bots', { username: uniqueName('permbot') })).user_id) }),
    snapshot: (f, ids) => read(f, `/api/v4/bots/${ids.bot}?include_deleted=true`, ['delete_at', 'update_at']),
  },
  {
    name: 'create a slash command in T',
    method: 'POST',
    path: '/api/v4/commands',
    body: { team_id: '{T}', trigger: 'perm-{actor}', method: 'P', url: 'http://127.0.0.1:9/cmd' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 'ok', systemAdmin: 'ok' },
    snapshot: (f) => read(f, `/api/v4/commands?team_id=${f.ids.T}&custom_only=true`, ['length']),
  },
  {
    name: "delete another admin's slash command",
    method: 'DELETE',
    path: '/api/v4/commands/{cmd}',
    // Mattermost answers "not found" to those who may not manage commands, so their existence does not leak.
    expect: { anon: 401, outsider: 404, teamMember: 404, member: 404, channelAdmin: 404, teamAdmin: 'ok', systemAdmin: 'ok' },
    target: async (f, actor) => ({
      cmd: idOf(await must(f, actor === 'systemAdmin' ? 'teamAdmin' : 'systemAdmin', 'POST', '/api/v4/commands', { team_id: f.ids.T, trigger: uniqueName('del'), method: 'P', url: 'http://127.0.0.1:9/cmd' })),
    }),
    snapshot: (f, ids) => read(f, `/api/v4/commands/${ids.cmd}`, ['delete_at']),
  },
  {
    name: 'run a slash command in P',
    method: 'POST',
    path: '/api/v4/commands/execute',
    body: { command: '/shrug from {actor}', channel_id: '{P}' },
    // create_post in P: its members, and the team admin through team_admin (as for creating a post).
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'send an ephemeral post to another user',
    method: 'POST',
    path: '/api/v4/posts/ephemeral',
    body: { user_id: '{other}', post: { channel_id: '{P}', message: 'psst from {actor}' } },
    // create_post_ephemeral is system-admin only.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },

  // Users
  {
    name: "get another user's sessions",
    method: 'GET',
    path: '/api/v4/users/{other}/sessions',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'patch another user',
    method: 'PUT',
    path: '/api/v4/users/{other}/patch',
    body: { nickname: 'nick-{actor}' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    snapshot: userSnapshot,
  },
  {
    name: 'deactivate another user',
    method: 'DELETE',
    path: '/api/v4/users/{user}',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f) => ({ user: await newUser(f) }),
    snapshot: userSnapshot,
  },
  {
    name: "update another user's system roles",
    method: 'PUT',
    path: '/api/v4/users/{user}/roles',
    body: { roles: 'system_user system_user_access_token' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f) => ({ user: await newUser(f) }),
    snapshot: userSnapshot,
  },
  {
    name: "read another user's preferences",
    method: 'GET',
    path: '/api/v4/users/{other}/preferences',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: "set another user's status",
    method: 'PUT',
    path: '/api/v4/users/{other}/status',
    body: { user_id: '{other}', status: 'away' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    snapshot: (f, ids) => read(f, `/api/v4/users/${ids.other}/status`, ['status', 'manual']),
  },
  {
    name: 'create personal access token for self',
    method: 'POST',
    path: '/api/v4/users/me/tokens',
    body: { description: 'own token of {actor}' },
    // create_user_access_token: system_user_access_token (M has it) or system_admin.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 'ok', channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'create personal access token for another user',
    method: 'POST',
    path: '/api/v4/users/{other}/tokens',
    body: { description: 'token made by {actor}' },
    // Also needs edit_other_users, which M's token role does not give.
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  // Roles and administration
  {
    name: 'read roles by name',
    method: 'POST',
    path: '/api/v4/roles/names',
    body: ['system_user', 'channel_user'],
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'list every role',
    method: 'GET',
    path: '/api/v4/roles',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'patch a role (to its own permissions)',
    method: 'PUT',
    path: '/api/v4/roles/{role}/patch',
    // team_post_all's defaults: an allowed patch changes nothing for the other rows.
    body: { permissions: ['create_post', 'use_channel_mentions'] },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
    target: async (f) => ({ role: idOf(await must(f, 'systemAdmin', 'GET', '/api/v4/roles/name/team_post_all')) }),
  },
  {
    name: 'read system statistics',
    method: 'GET',
    path: '/api/v4/analytics/old?name=standard',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'count users',
    method: 'GET',
    path: '/api/v4/users/stats',
    expect: { anon: 401, outsider: 'ok', teamMember: 'ok', member: 'ok', channelAdmin: 'ok', teamAdmin: 'ok', systemAdmin: 'ok' },
  },
  {
    name: 'read server logs',
    method: 'GET',
    path: '/api/v4/logs?logs_per_page=10',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'list all channels (System Console)',
    method: 'GET',
    path: '/api/v4/channels',
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'search all channels (System Console)',
    method: 'POST',
    path: '/api/v4/channels/search',
    body: { term: '' },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
  {
    name: 'move channel P (to its own team)',
    method: 'POST',
    path: '/api/v4/channels/{P}/move',
    body: { team_id: '{T}', force: false },
    expect: { anon: 401, outsider: 403, teamMember: 403, member: 403, channelAdmin: 403, teamAdmin: 403, systemAdmin: 'ok' },
  },
];

// ---- running it ---------------------------------------------------------------------------------------

async function runCell(f: Fixtures, row: Row, actor: Actor): Promise<string[]> {
  const problems: string[] = [];
  const self = actor === 'anon' ? f.users.member : f.users[actor];
  const ids: Ids = { ...f.ids, ...f.users, self, other: otherOf(f, actor), actor, ...(row.target ? await row.target(f, actor) : {}) };
  const path = substitute(row.path, ids);
  const body = row.body === undefined ? undefined : substituteDeep(row.body, ids);
  const token = actor === 'anon' ? undefined : f.tokens[actor];

  const before = row.snapshot ? await row.snapshot(f, ids) : undefined;
  const res = await raw(f.url, row.method, path, { token, body });
  const expected = row.expect[actor];
  const got = is2xx(res.status) ? 'ok' : res.status;
  const where = `${row.name} | ${actor} | ${row.method} ${path}`;

  if (got !== expected) {
    const detail = is2xx(res.status) ? String(res.status) : `${res.status} ${String(res.json.id)}`;
    problems.push(`${where}: expected ${expected}, got ${detail}`);
  }
  if (!is2xx(res.status)) {
    try {
      expectAppError(res, res.status);
    } catch (err) {
      problems.push(`${where}: not a Mattermost error: ${(err as Error).message}`);
    }
    if (row.snapshot) {
      const afterState = await row.snapshot(f, ids);
      if (!isDeepStrictEqual(afterState, before)) {
        problems.push(`${where}: refused (${res.status}) but changed state: ${JSON.stringify(before)} → ${JSON.stringify(afterState)}`);
      }
    }
  } else {
    if (row.snapshot) {
      // The snapshot must see an allowed change, or it could not have seen a forbidden one either.
      const afterState = await row.snapshot(f, ids);
      if (isDeepStrictEqual(afterState, before)) problems.push(`${where}: allowed (${res.status}) but the snapshot did not change: ${JSON.stringify(before)}`);
    }
    const complaint = row.verify?.(actor, res, ids);
    if (complaint) problems.push(`${where}: ${complaint}`);
  }
  return problems;
}

for (const engine of engines()) {
  describe(`permission table: endpoint × role × outcome [${engine}]`, () => {
    let srv: TestServer;
    let f: Fixtures;
    const tally = { cells: 0, failed: 0 };

    before(async () => {
      srv = await startTestServer(engine, { enableUserAccessTokens: true, enableBotAccountCreation: true });
      f = await buildFixtures(srv.url);
    });
    after(() => srv.close());

    for (const row of TABLE) {
      it(row.name, async (t) => {
        const problems: string[] = [];
        for (const actor of ACTORS) {
          const cell = await runCell(f, row, actor);
          tally.cells += 1;
          if (cell.length > 0) tally.failed += 1;
          problems.push(...cell);
        }
        for (const p of problems) t.diagnostic(p);
        assert.deepEqual(problems, [], `${problems.length} problem(s) in "${row.name}"`);
      });
    }

    it('covers every row for every actor', (t) => {
      t.diagnostic(`[${engine}] ${TABLE.length} rows × ${ACTORS.length} actors = ${tally.cells} cells; ${tally.cells - tally.failed} pass, ${tally.failed} fail`);
      assert.equal(tally.cells, TABLE.length * ACTORS.length);
    });
  });
}
