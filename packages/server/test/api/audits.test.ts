// Audit log (Client4 getAudits, getUserAudits): logins, admin and account changes recorded after the
// response, high-volume activity and refused calls left out, passwords never stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Audit } from '@mattermost/types/audits';
import type { Post } from '@mattermost/types/posts';
import {
  client,
  engines,
  expectAppError,
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

const FIELDS = ['action', 'create_at', 'extra_info', 'id', 'ip_address', 'session_id', 'user_id'];

for (const engine of engines()) {
  describe(`audits [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let member: TestUser;

    /** Every row, once the ones being written in the background are stored. */
    const all = async (): Promise<Audit[]> => {
      await srv.parley.app.audits.idle();
      return admin.client.getAudits(0, 200);
    };

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      member = await makeUser(srv.url, admin.client);
    });
    after(() => srv.close());

    it('records login attempts, successes and failures, never the password', async () => {
      const rows = await all();
      const mine = rows.filter((r) => r.user_id === member.user.id && r.action === '/api/v4/users/login');
      assert.deepEqual(mine.map((r) => r.extra_info).sort(), [`attempt - login_id=${member.user.username}`, 'success']);
      assert.deepEqual(Object.keys(mine[0]!).sort(), FIELDS);
      assert.match(mine[0]!.ip_address, /127\.0\.0\.1/);

      const wrong = 'Wrong-Passw0rd-zz';
      await expectClientError(() => client(srv.url).login(member.user.username, wrong), 401);
      const after = await all();
      const failure = after.find((r) => r.extra_info === `failure - login_id=${member.user.username}`);
      assert.ok(failure);
      assert.equal(failure.action, '/api/v4/users/login');
      assert.equal(after.filter((r) => r.extra_info === `attempt - login_id=${member.user.username}`).length, 2);
      const text = JSON.stringify(after);
      assert.ok(!text.includes(wrong) && !text.includes(member.password));
      assert.ok(!text.includes(member.client.getToken()) && !text.includes(admin.client.getToken()));
    });

    it('records a role change with who, from where and which session; not posts or refused calls', async () => {
      const team = await makeTeam(admin, [member]);
      const channel = await makeChannel(admin, team, 'O', [member]);
      await member.client.createPost({ channel_id: channel.id, message: 'not audited' } as Post);
      await expectClientError(() => member.client.updateUserRoles(admin.user.id, 'system_user'), 403);
      await admin.client.updateUserRoles(member.user.id, 'system_user system_user_manager');
      await admin.client.updateUserRoles(member.user.id, 'system_user');

      const rows = await all();
      const roleRows = rows.filter((r) => r.action === `/api/v4/users/${member.user.id}/roles`);
      assert.equal(roleRows.length, 2);
      const adminSession = (await admin.client.getSessions(admin.user.id)).find((s) => s.id)!;
      for (const r of roleRows) {
        assert.equal(r.user_id, admin.user.id);
        assert.equal(r.session_id, adminSession.id);
      }
      assert.ok(rows.some((r) => r.action === '/api/v4/teams' && r.user_id === admin.user.id));
      assert.ok(!rows.some((r) => r.action.includes('/posts')));
      assert.ok(!rows.some((r) => r.user_id === member.user.id && r.action.endsWith(`/users/${admin.user.id}/roles`)));
      // Newest first.
      const times = rows.map((r) => r.create_at);
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
    });

    it('lets admins read everyone’s rows with paging and filters, users only their own', async () => {
      await expectClientError(() => member.client.getAudits(), 403, 'api.context.permissions.app_error');
      await expectClientError(() => member.client.getUserAudits(admin.user.id), 403, 'api.context.permissions.app_error');
      expectAppError(await raw(srv.url, 'GET', '/api/v4/audits'), 401);

      const own = await member.client.getUserAudits(member.user.id, 0, 200);
      assert.ok(own.length > 0 && own.every((r) => r.user_id === member.user.id));
      assert.deepEqual(await member.client.getUserAudits('me', 0, 200), own);
      assert.deepEqual(await admin.client.getUserAudits(member.user.id, 0, 200), own);

      const everything = await all();
      const page = await admin.client.getAudits(1, 2);
      assert.deepEqual(page, everything.slice(2, 4));

      const token = admin.client.getToken();
      const byUser = await raw(srv.url, 'GET', `/api/v4/audits?user_id=${admin.user.id}&action=ROLES&per_page=200`, { token });
      assert.equal(byUser.status, 200);
      const filtered = byUser.json as unknown as Audit[];
      assert.ok(filtered.length >= 2 && filtered.every((r) => r.user_id === admin.user.id && r.action.endsWith('/roles')));
      const since = everything[0]!.create_at + 1;
      const none = await raw(srv.url, 'GET', `/api/v4/audits?since=${since}&action=%25`, { token });
      assert.deepEqual(none.json, []);
      expectAppError(await raw(srv.url, 'GET', '/api/v4/audits?user_id=bad', { token }), 400);
    });

    it('forgets rows past the retention period', async () => {
      const store = srv.parley.app.ctx.store;
      await store.audits.save({ id: 'a'.repeat(26), create_at: 1000, user_id: member.user.id, action: '/api/v4/old', extra_info: '', ip_address: '', session_id: '' });
      const before = (await all()).length;
      assert.ok((await all()).some((r) => r.action === '/api/v4/old'));
      assert.equal(await srv.parley.app.audits.deleteExpired(), 1);
      const rows = await all();
      assert.equal(rows.length, before - 1);
      assert.ok(!rows.some((r) => r.action === '/api/v4/old'));
    });
  });
}
