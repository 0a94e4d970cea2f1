// The store seeder (bench/seed) claims to write exactly what the API would have written for the same events.
// This checks the claim row by row: a small dataset is seeded at store level while its event trace (every
// join, post and view, with its time) is recorded; the same events are then performed through the HTTP API
// of a server whose clock is set to each event's time; and the two databases are compared table by table,
// ids mapped (the API draws its own), down to every counter, read marker and thread membership.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { defaultSettings, type Config } from '../../src/config/config.js';
import { startParley, type Parley } from '../../src/compose.js';
import { createLogger } from '../../src/platform/logger.js';
import { openDatabase, type OpenedDatabase } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { directChannelName, groupChannelName } from '../../src/app/channels.js';
import { ADMIN_EMAIL, ADMIN_USERNAME, PASSWORD, teamDisplayName, teamName, userEmail, username, type SeedSpec } from '../../../loadtest/src/dataset.js';
import { seedDatabase } from '../../bench/seed/seed-database.js';
import { MARKER_KEY } from '../../bench/seed/marker.js';
import { ADMIN, buildPlan, userCreateAt, type Plan } from '../../bench/seed/plan.js';
import type { TraceEvent } from '../../bench/seed/simulate.js';
import { engines, raw } from '../harness.js';
import { seededUserCaller, seedPlaces } from '../seed-places.js';

// Three teams with users spread over them, both channel kinds, DMs, GMs, replies and unread state.
const SPEC: SeedSpec = { teams: 3, users: 10, channelsPerTeam: 4, posts: 90, dms: 4, gms: 2, teamMembership: 'spread' };
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const KIND_ORDER = { join: 0, post: 1, view: 2 } as const;

type Row = Record<string, unknown>;
const TABLES = ['users', 'teams', 'team_members', 'channels', 'channel_members', 'posts', 'threads', 'thread_memberships', 'preferences'] as const;

for (const engine of engines()) {
  describe(`store seed = API replay, row by row [${engine}]`, () => {
    let seeded: OpenedDatabase;
    let parley: Parley;
    const plan: Plan = buildPlan(SPEC, NOW);
    const events: { e: TraceEvent; order: number }[] = [];
    const clock = { t: 0, now: () => clock.t };

    const places = seedPlaces(engine, 'parley-seed-fidelity-');
    const place = places.place;

    before(async () => {
      const seedPlace = await place();
      await seedDatabase(seedPlace, { spec: SPEC, passwordIterations: 1000, now: NOW, trace: (e) => events.push({ e, order: events.length }) });
      seeded = await openDatabase({ databaseUrl: seedPlace.databaseUrl, dataDir: seedPlace.dataDir, pgSchema: seedPlace.pgSchema });
      const apiPlace = await place();
      const config: Config = {
        host: '127.0.0.1',
        port: 0,
        dataDir: apiPlace.dataDir,
        databaseUrl: apiPlace.databaseUrl,
        siteUrl: 'http://127.0.0.1',
        // Sessions must outlive the replay's three simulated months.
        settings: { ...defaultSettings, passwordIterations: 1000, sessionLengthHours: 24 * 365, sessionIdleTimeoutInMinutes: 0, maxUsersPerTeam: 0 },
      };
      parley = await startParley(config, { logger: createLogger('silent'), clock, ...(apiPlace.pgSchema ? { pgSchema: apiPlace.pgSchema } : {}) });
    });
    after(async () => {
      await parley?.close();
      await seeded?.close();
      await places.removeAll();
    });

    it('performing the traced events through the API leaves the same rows as the store seed', async () => {
      const url = parley.url;
      const asUser = seededUserCaller(() => url);
      const call = async (u: number, method: string, pathname: string, body?: unknown): Promise<Row> => (await asUser(u, method, pathname, body)) as Row;

      // Accounts: the first sign-up becomes the admin, who then creates the others, each at its time.
      const apiUser = new Map<number, string>();
      clock.t = userCreateAt(plan.time, ADMIN);
      const admin = await raw(url, 'POST', '/api/v4/users', { body: { username: ADMIN_USERNAME, email: ADMIN_EMAIL, password: PASSWORD } });
      assert.equal(admin.status, 201, JSON.stringify(admin.json));
      apiUser.set(ADMIN, String(admin.json.id));
      for (let u = 0; u < SPEC.users; u++) {
        clock.t = userCreateAt(plan.time, u);
        apiUser.set(u, String((await call(ADMIN, 'POST', '/users', { username: username(u), email: userEmail(u), password: PASSWORD })).id));
      }

      const apiTeam = new Map<number, string>();
      const apiChannel = new Map<number, string>();
      const apiPost = new Map<string, string>();
      const sorted = [...events].sort((a, b) => a.e.at - b.e.at || KIND_ORDER[a.e.kind] - KIND_ORDER[b.e.kind] || a.e.channel.index - b.e.channel.index || a.order - b.order);
      for (const { e } of sorted) {
        clock.t = e.at;
        const ch = e.channel;
        if (e.kind === 'post') {
          const rootId = e.rootSeq === null ? '' : apiPost.get(`${ch.index}:${e.rootSeq}`)!;
          const post = await call(e.user, 'POST', '/posts', { channel_id: apiChannel.get(ch.index), message: e.message, root_id: rootId });
          apiPost.set(`${ch.index}:${e.seq}`, String(post.id));
          continue;
        }
        if (e.kind === 'view') {
          await call(e.user, 'POST', '/channels/members/me/view', { channel_id: apiChannel.get(ch.index), prev_channel_id: '' });
          continue;
        }
        switch (ch.kind) {
          case 'town-square': {
            if (e.user === ADMIN) {
              const team = await call(ADMIN, 'POST', '/teams', { name: teamName(ch.teamIndex), display_name: teamDisplayName(ch.teamIndex), type: 'O', allow_open_invite: true });
              apiTeam.set(ch.teamIndex, String(team.id));
              for (const c of plan.channels.filter((x) => x.teamIndex === ch.teamIndex && x.kind !== 'team')) {
                apiChannel.set(c.index, String((await call(ADMIN, 'GET', `/teams/${String(team.id)}/channels/name/${c.name}`)).id));
              }
            } else {
              // Joining the team joins town-square and off-topic, with their messages, in one request.
              await call(e.user, 'POST', `/teams/${apiTeam.get(ch.teamIndex)}/members`, { team_id: apiTeam.get(ch.teamIndex), user_id: apiUser.get(e.user) });
            }
            break;
          }
          case 'off-topic':
            break;
          case 'team': {
            if (e.user === ch.creator) {
              const made = await call(e.user, 'POST', '/channels', { team_id: apiTeam.get(ch.teamIndex), name: ch.name, display_name: ch.displayName, type: ch.type });
              apiChannel.set(ch.index, String(made.id));
            } else {
              const actor = ch.type === 'O' ? e.user : ch.creator!;
              await call(actor, 'POST', `/channels/${apiChannel.get(ch.index)}/members`, { user_id: apiUser.get(e.user) });
            }
            break;
          }
          case 'direct':
          case 'group':
            if (e.user === ch.creator) {
              const route = ch.kind === 'direct' ? '/channels/direct' : '/channels/group';
              apiChannel.set(ch.index, String((await call(e.user, 'POST', route, ch.members.map((m) => apiUser.get(m)))).id));
            }
            break;
        }
      }

      // ----- compare, the API's ids mapped onto the seed's -----
      const planUser = new Map([...apiUser].map(([u, id]) => [id, u === ADMIN ? plan.adminId : plan.userIds[u]!]));
      const planTeam = new Map([...apiTeam].map(([t, id]) => [id, plan.teams[t]!.id]));
      const planChannel = new Map([...apiChannel].map(([c, id]) => [id, plan.channels[c]!.id]));
      const apiRows = await loadRows(parley.database.db);
      const seedRows = await loadRows(seeded.db);
      // Posts are matched by channel and time: both sides give each channel's posts distinct create_at.
      const seedPostAt = new Map(seedRows.posts.map((p) => [`${String(p.channel_id)}:${String(p.create_at)}`, String(p.id)]));
      const planPost = new Map(apiRows.posts.map((p) => [String(p.id), seedPostAt.get(`${planChannel.get(String(p.channel_id))}:${String(p.create_at)}`) ?? `unmatched ${String(p.id)}`]));
      const map = (m: Map<string, string>) => (v: unknown) => (v === '' || v === null ? v : (m.get(String(v)) ?? `unmapped ${String(v)}`));
      const user = map(planUser);
      const team = map(planTeam);
      const channel = map(planChannel);
      const post = map(planPost);
      const mapped: Record<(typeof TABLES)[number], Row[]> = {
        // Logging in (which the replay must do, the seed need not) stamps last_login; the password hash has
        // its own salt on each side.
        users: apiRows.users.map((r) => ({ ...r, id: user(r.id), password: '(hash)', last_login: 0 })),
        teams: apiRows.teams.map((r) => ({ ...r, id: team(r.id), invite_id: '(random)' })),
        team_members: apiRows.team_members.map((r) => ({ ...r, team_id: team(r.team_id), user_id: user(r.user_id) })),
        channels: apiRows.channels.map((r) => {
          const members = apiRows.channel_members.filter((m) => m.channel_id === r.id).map((m) => String(user(m.user_id)));
          const name = r.type === 'D' ? directChannelName(members[0]!, members[1] ?? members[0]!) : r.type === 'G' ? groupChannelName(members) : r.name;
          return { ...r, id: channel(r.id), team_id: team(r.team_id), creator_id: user(r.creator_id), name };
        }),
        channel_members: apiRows.channel_members.map((r) => ({ ...r, channel_id: channel(r.channel_id), user_id: user(r.user_id) })),
        posts: apiRows.posts.map((r) => {
          const props = JSON.parse(String(r.props)) as Record<string, unknown>;
          for (const k of ['userId', 'addedUserId']) if (k in props) props[k] = user(props[k]);
          return { ...r, id: post(r.id), user_id: user(r.user_id), channel_id: channel(r.channel_id), root_id: post(r.root_id), props: JSON.stringify(props) };
        }),
        threads: apiRows.threads.map((r) => ({
          ...r,
          post_id: post(r.post_id),
          channel_id: channel(r.channel_id),
          thread_team_id: team(r.thread_team_id),
          participants: JSON.stringify((JSON.parse(String(r.participants)) as string[]).map(user)),
        })),
        thread_memberships: apiRows.thread_memberships.map((r) => ({ ...r, post_id: post(r.post_id), user_id: user(r.user_id) })),
        preferences: apiRows.preferences.map((r) => ({ ...r, user_id: user(r.user_id) })),
      };
      const expected: Record<(typeof TABLES)[number], Row[]> = {
        ...seedRows,
        users: seedRows.users.map((r) => ({ ...r, password: '(hash)' })),
        teams: seedRows.teams.map((r) => ({ ...r, invite_id: '(random)' })),
      };
      assert.ok(seedRows.posts.length > SPEC.posts && seedRows.thread_memberships.length > 0 && seedRows.channel_members.some((m) => Number(m.mention_count) > 0));
      for (const table of TABLES) {
        const a = mapped[table].map(canonical).sort();
        const b = expected[table].map(canonical).sort();
        const missing = b.filter((x) => !a.includes(x));
        const extra = a.filter((x) => !b.includes(x));
        assert.deepEqual({ table, apiOnly: extra.slice(0, 3), seedOnly: missing.slice(0, 3) }, { table, apiOnly: [], seedOnly: [] });
      }
      // The settings rows the API writes for a first sign-up (the first admin) are the seed's too.
      const systems = async (db: Kysely<Database>) =>
        (await db.selectFrom('systems').selectAll().where('name', '!=', MARKER_KEY).execute()).map((r) => ({ ...r, value: r.name === 'FirstAdminUserId' ? user(r.value) : r.value }));
      assert.deepEqual(
        (await systems(parley.database.db)).sort((x, y) => x.name.localeCompare(y.name)),
        (await seeded.db.selectFrom('systems').selectAll().where('name', '!=', MARKER_KEY).execute()).sort((x, y) => x.name.localeCompare(y.name)),
      );
    });
  });
}

async function loadRows(db: Kysely<Database>): Promise<Record<(typeof TABLES)[number], Row[]>> {
  const out = {} as Record<(typeof TABLES)[number], Row[]>;
  for (const t of TABLES) out[t] = (await sql<Row>`select * from ${sql.table(t)}`.execute(db)).rows;
  return out;
}

/** A row as a string, keys sorted, so that rows compare whole. */
function canonical(r: Row): string {
  return JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));
}
