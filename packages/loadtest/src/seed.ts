// Seeding through the public API, for a --target deployment (the embedded server seeds at store level, see
// packages/server/bench/seed). The dataset's shape and names come from dataset.ts; a complete earlier seed,
// through either path, is detected and reused.
import { Api, HttpError, list, str } from './http.js';
import { ADMIN_EMAIL, ADMIN_USERNAME, channelDisplayName, channelName, channelType, GM_MAX, GM_MIN, memberCap, PASSWORD, teamDisplayName, teamName, userEmail, username, type SeedSpec } from './dataset.js';
import { chunks, inParallel, message, rng, pick } from './util.js';

export interface Dataset {
  usernames: string[];
  password: string;
  teamNames: string[];
  reused: boolean;
}

/** What the simulated users need to know of a seeded dataset: its accounts and teams. */
export function datasetOf(spec: SeedSpec, reused: boolean): Dataset {
  return {
    usernames: Array.from({ length: spec.users }, (_, i) => username(i)),
    password: PASSWORD,
    teamNames: Array.from({ length: spec.teams }, (_, t) => teamName(t)),
    reused,
  };
}

/** Beyond this many posts, seeding over HTTP takes hours: such a dataset is seeded at store level. */
const API_POST_LIMIT = 1_000_000;

const PARALLEL = 16;

export interface AdminLogin {
  username: string;
  password: string;
}

async function exists(api: Api, route: string, path: string): Promise<boolean> {
  try {
    await api.call(route, path);
    return true;
  } catch (err) {
    if (err instanceof HttpError && (err.status === 404 || err.status === 403)) return false;
    throw err;
  }
}

/**
 * Seeds `spec` on `baseUrl`. Without `admin`, the first account created becomes the system admin (a fresh
 * server); with it, that account is used (a running deployment).
 */
export async function seed(baseUrl: string, spec: SeedSpec, admin: AdminLogin | null, log: (msg: string) => void): Promise<Dataset> {
  const dataset = datasetOf(spec, false);
  const { usernames, teamNames } = dataset;
  const api = new Api(baseUrl, null, 30_000);
  const adminLogin = admin ?? { username: ADMIN_USERNAME, password: PASSWORD };
  if (!admin) {
    try {
      await api.call('POST /users', '/users', { username: adminLogin.username, email: ADMIN_EMAIL, password: adminLogin.password });
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 400)) throw err;
    }
  }
  await api.call('POST /users/login', '/users/login', { login_id: adminLogin.username, password: adminLogin.password });

  const lastTeam = teamNames.at(-1)!;
  const seeded =
    (await exists(api, 'GET /users/username/{name}', `/users/username/${usernames.at(-1)!}`)) &&
    (await exists(api, 'GET /teams/name/{name}/channels/name/{name}', `/teams/name/${lastTeam}/channels/name/${channelName(spec.teams - 1, spec.channelsPerTeam - 1)}`));
  if (seeded) {
    log(`seed: reusing existing dataset (${spec.users} users, ${spec.teams} teams)`);
    return { ...dataset, reused: true };
  }

  if (spec.posts > API_POST_LIMIT || spec.teamMembership === 'spread') {
    throw new Error(
      `this dataset is too large to seed over the API; seed the deployment's database first: npm run seed -- --tier <tier> --database-url postgres://… (or --engine sqlite --data-dir DIR)`,
    );
  }
  const r = rng(42);
  log(`seed: creating ${spec.users} users, ${spec.teams} teams, ${spec.teams * spec.channelsPerTeam} channels, ${spec.posts} posts, ${spec.dms} DMs`);
  const users = await inParallel(usernames, PARALLEL, async (name, i) => {
    let id: string;
    try {
      id = str(await api.call('POST /users', '/users', { username: name, email: userEmail(i), password: PASSWORD }), 'id');
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 400)) throw err;
      id = str(await api.call('GET /users/username/{name}', `/users/username/${name}`), 'id');
    }
    const userApi = new Api(baseUrl, null, 30_000);
    await userApi.call('POST /users/login', '/users/login', { login_id: name, password: PASSWORD });
    return { id, api: userApi };
  });
  const userIds = users.map((u) => u.id);

  const teams: { id: string; channels: { id: string; members: string[] }[] }[] = [];
  for (const [t, name] of teamNames.entries()) {
    let id: string;
    try {
      id = str(await api.call('POST /teams', '/teams', { name, display_name: teamDisplayName(t), type: 'O', allow_open_invite: true }), 'id');
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 400)) throw err;
      id = str(await api.call('GET /teams/name/{name}', `/teams/name/${name}`), 'id');
    }
    // The server caps one batch at 256 members.
    for (const batch of chunks(userIds, 256)) await api.call('POST /teams/{id}/members/batch', `/teams/${id}/members/batch`, batch.map((user_id) => ({ team_id: id, user_id })));
    const channels = await inParallel(Array.from({ length: spec.channelsPerTeam }, (_, c) => c), 4, async (c) => {
      const members = [...userIds].sort(() => r() - 0.5).slice(0, Math.min(memberCap(c), userIds.length));
      const body = { team_id: id, name: channelName(t, c), display_name: channelDisplayName(t, c), type: channelType(c) };
      let cid: string;
      try {
        cid = str(await api.call('POST /channels', '/channels', body), 'id');
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 400)) throw err;
        cid = str(await api.call('GET /teams/{id}/channels/name/{name}', `/teams/${id}/channels/name/${body.name}`), 'id');
      }
      for (const batch of chunks(members, 100)) await api.call('POST /channels/{id}/members', `/channels/${cid}/members`, { user_ids: batch });
      return { id: cid, members };
    });
    const townSquare = str(await api.call('GET /teams/{id}/channels/name/{name}', `/teams/${id}/channels/name/town-square`), 'id');
    teams.push({ id, channels: [{ id: townSquare, members: userIds }, ...channels] });
  }

  const byId = new Map(users.map((u) => [u.id, u.api]));
  const allChannels = teams.flatMap((t) => t.channels);
  const roots = new Map<string, string[]>();
  const plan = Array.from({ length: spec.posts }, () => {
    const ch = pick(allChannels, r);
    // Half are replies; a tenth of those go to the channel's first thread, so ~5 % of posts make long threads.
    const reply = r() < 0.5;
    return { ch, author: pick(ch.members, r), reply, long: reply && r() < 0.1, text: message(35, r) };
  });
  // Sequential per channel order is not needed; replies simply attach to a root created earlier if any.
  let done = 0;
  await inParallel(plan, PARALLEL, async (p) => {
    const rs = roots.get(p.ch.id) ?? [];
    const rootId = p.reply && rs.length > 0 ? (p.long ? rs[0]! : pick(rs, r)) : '';
    if (++done % 10_000 === 0) log(`seed: ${done} of ${plan.length} posts`);
    const post = await byId.get(p.author)!.call('POST /posts', '/posts', { channel_id: p.ch.id, message: p.text, root_id: rootId });
    if (!rootId) roots.set(p.ch.id, [...rs, str(post, 'id')]);
  });

  await inParallel(Array.from({ length: spec.dms }, (_, i) => i), PARALLEL, async (i) => {
    const a = users[i % users.length]!;
    const b = users[(i * 7 + 1 + Math.floor(r() * (users.length - 1))) % users.length]!;
    if (a.id === b.id) return;
    const dm = await a.api.call('POST /channels/direct', '/channels/direct', [a.id, b.id]);
    await a.api.call('POST /posts', '/posts', { channel_id: str(dm, 'id'), message: message(10, r) });
  });
  await inParallel(Array.from({ length: spec.gms ?? 0 }, (_, i) => i), PARALLEL, async () => {
    const size = GM_MIN + Math.floor(r() * (GM_MAX - GM_MIN + 1));
    const members = [...new Set(Array.from({ length: size }, () => pick(users, r)))];
    if (members.length < 3) return;
    const gm = await members[0]!.api.call('POST /channels/group', '/channels/group', members.map((m) => m.id));
    await members[0]!.api.call('POST /posts', '/posts', { channel_id: str(gm, 'id'), message: message(10, r) });
  });
  log(`seed: done (${list(await api.call('GET /teams', '/teams')).length} teams visible to admin)`);
  return dataset;
}
