import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLevelEnum } from '@mattermost/types/admin';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { createLogger, LogRing } from '../../src/platform/logger.js';
import {
  engines,
  expectClientError,
  makeAdmin,
  makeChannel,
  makeTeam,
  makeUser,
  raw,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../harness.js';
import { RawSocket } from '../ws-harness.js';

type Rows = Array<{ name: string; value: number }>;
const value = (rows: Rows, name: string) => {
  const row = rows.find((r) => r.name === name);
  assert.ok(row, `row ${name}`);
  return row.value;
};
const today = () => new Date().toISOString().slice(0, 10);

describe('log ring', () => {
  it('keeps the newest lines and pages back from them, oldest first within a page', () => {
    const ring = new LogRing(4);
    for (let i = 1; i <= 6; i++) ring.push(`l${i}\n`);
    assert.equal(ring.size, 4);
    assert.deepEqual(ring.page(0, 10), ['l3', 'l4', 'l5', 'l6']);
    assert.deepEqual(ring.page(0, 3), ['l4', 'l5', 'l6']);
    assert.deepEqual(ring.page(1, 3), ['l3']);
    assert.deepEqual(ring.page(2, 3), []);
    assert.deepEqual(new LogRing(4).page(0, 10), []);
  });
});

for (const engine of engines()) {
  describe(`analytics and logs [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let teamAdmin: TestUser;
    let team: Team;

    const analytics = (name: string, teamId = '') => admin.client.getAnalytics(name, teamId) as Promise<Rows>;

    before(async () => {
      // Lines at info and above reach the logger's ring; the destination drops them.
      const logger = createLogger({ level: 'info', destination: { write: () => {} } });
      srv = await startTestServer(engine, {}, undefined, { logger });
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      teamAdmin = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [alice, teamAdmin]);
      await admin.client.updateTeamMemberSchemeRoles(team.id, teamAdmin.user.id, true, true);
    });
    after(() => srv.close());

    it('counts what was created: channels, posts, users, teams, per day and extra', async () => {
      const before = await analytics('standard');
      const daysBefore = (await analytics('post_counts_day')) as Rows;
      const extraBefore = await analytics('extra_counts');
      assert.deepEqual(
        before.map((r) => r.name),
        ['channel_open_count', 'channel_private_count', 'post_count', 'unique_user_count', 'team_count', 'total_websocket_connections',
          'total_master_db_connections', 'total_read_db_connections', 'daily_active_users', 'monthly_active_users', 'inactive_user_count'],
      );
      assert.equal(value(before, 'team_count'), 1);
      assert.equal(value(before, 'unique_user_count'), 3);
      assert.equal(value(before, 'inactive_user_count'), 0);

      const open = await makeChannel(alice, team, 'O');
      await makeChannel(alice, team, 'O');
      await makeChannel(alice, team, 'P');
      const postsAfterChannels = value(await analytics('standard'), 'post_count');
      await alice.client.createPost({ channel_id: open.id, message: 'one' } as Post);
      await alice.client.createPost({ channel_id: open.id, message: 'two #release' } as Post);
      await admin.client.createPost({ channel_id: open.id, message: 'three' } as Post);
      const bob = await makeUser(srv.url, admin.client);
      await admin.client.updateUserActive(bob.user.id, false);
      const sock = await RawSocket.open(srv.url, { token: alice.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        const after = await analytics('standard');
        assert.equal(value(after, 'channel_open_count'), value(before, 'channel_open_count') + 2);
        assert.equal(value(after, 'channel_private_count'), value(before, 'channel_private_count') + 1);
        assert.equal(value(after, 'post_count'), postsAfterChannels + 3);
        assert.equal(value(after, 'unique_user_count'), 3, 'the deactivated user is not counted');
        assert.equal(value(after, 'inactive_user_count'), 1);
        assert.equal(value(after, 'team_count'), 1);
        assert.equal(value(after, 'total_websocket_connections'), 1);
        assert.ok(value(after, 'total_master_db_connections') >= 1, 'database connections');
      } finally {
        sock.close();
      }

      const days = await analytics('post_counts_day');
      assert.equal(days[0]?.name, today());
      const todayBefore = daysBefore.find((d) => d.name === today())?.value ?? 0;
      assert.equal(value(days, today()), todayBefore + value(await analytics('standard'), 'post_count') - value(before, 'post_count'));
      const posters = await analytics('user_counts_with_posts_day');
      assert.ok(value(posters, today()) >= 2 && value(posters, today()) <= 3, 'alice and admin posted today (admin also made the join posts)');

      const extra = await analytics('extra_counts');
      assert.equal(value(extra, 'hashtag_post_count'), value(extraBefore, 'hashtag_post_count') + 1);
      assert.equal(value(extra, 'file_post_count'), 0);
      assert.equal(value(extra, 'incoming_webhook_count'), 0);
      assert.equal(value(extra, 'command_count'), 0);
      assert.ok(value(extra, 'session_count') >= 3, 'sessions of admin, alice and the team admin');

      const scoped = await analytics('standard', team.id);
      assert.equal(value(scoped, 'unique_user_count'), 3);
      assert.equal(value(scoped, 'inactive_user_count'), -1);
      assert.equal(value(scoped, 'post_count'), value(await analytics('standard'), 'post_count'), 'every post is in the one team');
    });

    it('refuses analytics to plain users and team admins, and unknown names', async () => {
      await expectClientError(() => alice.client.getAnalytics('standard'), 403, 'api.context.permissions.app_error');
      await expectClientError(() => teamAdmin.client.getAnalytics('standard', team.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => admin.client.getAnalytics('nonsense'), 400, 'api.context.invalid_param.app_error');
      await expectClientError(() => admin.client.getAnalytics('standard', 'not-an-id'), 400);
    });

    it('counts users for everyone, and filtered for admins', async () => {
      const total = (await alice.client.getTotalUsersStats()) as { total_users_count: number };
      assert.equal(total.total_users_count, 3);
      const inTeam = (await admin.client.getFilteredUsersStats({ in_team: team.id })) as { total_users_count: number };
      assert.equal(inTeam.total_users_count, 3);
      const withDeleted = (await admin.client.getFilteredUsersStats({ include_deleted: true })) as { total_users_count: number };
      assert.equal(withDeleted.total_users_count, 4);
      const admins = (await admin.client.getFilteredUsersStats({ roles: ['system_admin'] })) as { total_users_count: number };
      assert.equal(admins.total_users_count, 1);
      await expectClientError(() => alice.client.getFilteredUsersStats({}), 403);
    });

    it('serves recent log lines to admins, including one the test provoked', async () => {
      const marker = `provoked-${Date.now()}`;
      const token = admin.client.getToken();
      const posted = await raw(srv.url, 'POST', '/api/v4/logs', { token, body: { level: 'ERROR', message: marker } });
      assert.equal(posted.status, 200);
      assert.equal(posted.json.message, `Client Logs API Endpoint Message: ${marker}`);
      // From a plain user the same message is logged at debug only, below this logger's level.
      const quiet = `quiet-${Date.now()}`;
      assert.equal((await raw(srv.url, 'POST', '/api/v4/logs', { token: alice.client.getToken(), body: { level: 'ERROR', message: quiet } })).status, 200);
      assert.equal((await raw(srv.url, 'POST', '/api/v4/logs', { body: { level: 'ERROR', message: 'anonymous' } })).status, 403);

      const lines = (await admin.client.getPlainLogs(0, 10_000)) as string[];
      assert.ok(Array.isArray(lines) && lines.every((l) => typeof l === 'string'));
      const hit = lines.find((l) => l.includes(marker));
      assert.ok(hit, 'the provoked line is there');
      // In the field names of Mattermost's JSON log, which the System Console reads.
      const parsed = JSON.parse(hit) as { level: string; msg: string; type: string; timestamp: string };
      assert.equal(parsed.level, 'error');
      assert.equal(parsed.msg, `Client Logs API Endpoint Message: ${marker}`);
      assert.equal(parsed.type, 'client_message');
      assert.match(parsed.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} Z$/);
      assert.ok(!lines.some((l) => l.includes(quiet)));
      assert.ok(!lines.some((l) => l.includes(token)), 'tokens never reach the log');

      const node = srv.parley.node.name;
      const queried = (await admin.client.getLogs({ server_names: [], log_levels: ['error' as LogLevelEnum], date_from: '', date_to: '' })) as unknown as Record<string, Array<{ level: string; msg: string }>>;
      const own = queried[node] ?? [];
      assert.ok(own.some((o) => o.msg.includes(marker)));
      assert.ok(own.every((o) => o.level === 'error'));
      const elsewhere = (await admin.client.getLogs({ server_names: ['another-node'], log_levels: [], date_from: '', date_to: '' })) as unknown as Record<string, unknown>;
      assert.deepEqual(elsewhere, {});
      await expectClientError(() => alice.client.getLogs({ server_names: [], log_levels: [], date_from: '', date_to: '' }), 403);

      const newest = (await admin.client.getPlainLogs(0, 1)) as string[];
      assert.equal(newest.length, 1);
      await expectClientError(() => alice.client.getPlainLogs(0, 10), 403, 'api.context.permissions.app_error');
      await expectClientError(() => teamAdmin.client.getPlainLogs(0, 10), 403);
    });
  });
}
