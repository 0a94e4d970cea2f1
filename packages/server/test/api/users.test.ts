import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

for (const engine of engines()) {
  describe(`users and auth [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it('makes the first account a system admin and later ones plain users', async () => {
      assert.equal(admin.user.roles, 'system_admin system_user');
      const bob = await makeUser(srv.url, admin.client);
      assert.equal(bob.user.roles, 'system_user');
    });

    it('refuses sign-up without an admin when open sign-up is off', async () => {
      const anon = client(srv.url);
      const username = uniqueName();
      await expectClientError(
        () => anon.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as never, '', ''),
        403,
        'api.user.create_user.no_open_server',
      );
      const users = await admin.client.getProfilesByUsernames([username]);
      assert.equal(users.length, 0);
    });

    it('lets anyone with a team invite id sign up, and joins them to that team', async () => {
      const team = await admin.client.createTeam({ name: uniqueName('inv'), display_name: 'Invited', type: 'I' } as never);
      const inviteId = (await admin.client.getTeam(team.id)).invite_id;
      assert.match(inviteId, /^[a-z0-9]{26}$/);
      const anon = client(srv.url);
      const username = uniqueName();
      const created = await anon.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as never, '', inviteId);
      assert.equal(created.roles, 'system_user');
      const c = client(srv.url);
      await c.login(username, PASSWORD);
      const teams = await c.getMyTeams();
      assert.deepEqual(teams.map((t) => t.id), [team.id]);
      const bogus = uniqueName();
      await expectClientError(() => anon.createUser({ username: bogus, email: `${bogus}@example.com`, password: PASSWORD } as never, '', 'y'.repeat(26)), 400);
    });

    it('allows open sign-up when the server is configured for it', async () => {
      const open = await startTestServer(engine, { enableOpenServer: true });
      try {
        await makeAdmin(open.url);
        const stranger = await makeUser(open.url, null);
        assert.equal(stranger.user.roles, 'system_user');
      } finally {
        await open.close();
      }
    });

    it('logs in with username or email, returns the Token header and never the password', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const res = await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: `${bob.user.username}@example.com`, password: PASSWORD } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('token') ?? '', /^[a-z0-9]{26}$/);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.json.id, bob.user.id);
      assert.equal('password' in res.json, false);
      assert.equal('mfa_secret' in res.json, false);
    });

    it('rejects bad credentials with the masked error and counts the attempt', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const res = await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: bob.user.username, password: 'wrong-password' } });
      expectAppError(res, 401, 'api.user.login.invalid_credentials_email_username');
      const again = await admin.client.getUser(bob.user.id);
      assert.equal(again.failed_attempts, 1);
    });

    it('sets MMAUTHTOKEN, MMUSERID and MMCSRF cookies for browsers and enforces CSRF on cookie auth', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const res = await raw(srv.url, 'POST', '/api/v4/users/login', {
        body: { login_id: bob.user.username, password: PASSWORD },
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      const cookies = res.headers.getSetCookie();
      const jar = Object.fromEntries(cookies.map((c) => c.split(';')[0]!.split('=') as [string, string]));
      assert.ok(jar.MMAUTHTOKEN && jar.MMUSERID === bob.user.id && jar.MMCSRF);
      assert.ok(cookies.find((c) => c.startsWith('MMAUTHTOKEN='))!.includes('HttpOnly'));
      const cookie = `MMAUTHTOKEN=${jar.MMAUTHTOKEN}`;
      const me = await raw(srv.url, 'GET', '/api/v4/users/me', { headers: { Cookie: cookie } });
      assert.equal(me.json.id, bob.user.id);
      const patch = { nickname: 'csrf' };
      const noCsrf = await raw(srv.url, 'PUT', '/api/v4/users/me/patch', { body: patch, headers: { Cookie: cookie } });
      expectAppError(noCsrf, 401, 'api.context.session_expired.app_error');
      const withCsrf = await raw(srv.url, 'PUT', '/api/v4/users/me/patch', { body: patch, headers: { Cookie: cookie, 'X-CSRF-Token': jar.MMCSRF! } });
      assert.equal(withCsrf.status, 200);
      assert.equal(withCsrf.json.nickname, 'csrf');
    });

    it('accepts Authorization in any case and rejects unknown tokens', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const token = bob.client.getToken();
      for (const scheme of ['Bearer', 'BEARER', 'bearer']) {
        const res = await raw(srv.url, 'GET', '/api/v4/users/me', { headers: { Authorization: `${scheme} ${token}` } });
        assert.equal(res.json.id, bob.user.id, scheme);
      }
      expectAppError(await raw(srv.url, 'GET', '/api/v4/users/me', { token: 'x'.repeat(26) }), 401, 'api.context.session_expired.app_error');
      expectAppError(await raw(srv.url, 'GET', '/api/v4/users/me'), 401, 'api.context.session_expired.app_error');
    });

    it('logs out, revoking the session', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const token = bob.client.getToken();
      await bob.client.logout();
      expectAppError(await raw(srv.url, 'GET', '/api/v4/users/me', { token }), 401);
    });

    it('lists and revokes sessions', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const second = client(srv.url);
      await second.login(bob.user.username, PASSWORD);
      const sessions = await bob.client.getSessions(bob.user.id);
      assert.equal(sessions.length, 2);
      assert.ok(sessions.every((s) => s.token === ''));
      await bob.client.revokeSession(bob.user.id, sessions[0]!.id);
      const alive = await Promise.allSettled([bob.client.getMe(), second.getMe()]);
      assert.equal(alive.filter((r) => r.status === 'fulfilled').length, 1, 'exactly one of the two sessions survives');
      const carol = await makeUser(srv.url, admin.client);
      await expectClientError(() => carol.client.getSessions(bob.user.id), 403, 'api.context.permissions.app_error');
    });

    it('gets users by id, ids, username(s) and email, sanitised for other viewers', async () => {
      const bob = await makeUser(srv.url, admin.client, { first_name: 'Bob', last_name: 'Builder' });
      const carol = await makeUser(srv.url, admin.client);
      const seen = await carol.client.getUser(bob.user.id);
      assert.equal(seen.username, bob.user.username);
      assert.deepEqual(seen.notify_props, {});
      const own = await bob.client.getMe();
      assert.equal(own.notify_props.desktop, 'mention');
      assert.equal((await carol.client.getUserByUsername(bob.user.username)).id, bob.user.id);
      assert.equal((await carol.client.getUserByEmail(`${bob.user.username}@example.com`)).id, bob.user.id);
      const byIds = await carol.client.getProfilesByIds([bob.user.id, carol.user.id]);
      assert.deepEqual(byIds.map((u) => u.id).sort(), [bob.user.id, carol.user.id].sort());
      const byNames = await carol.client.getProfilesByUsernames([bob.user.username]);
      assert.equal(byNames[0]!.id, bob.user.id);
      await expectClientError(() => carol.client.getUser('a'.repeat(26)), 404);
      await expectClientError(() => carol.client.getUser('not-an-id'), 400, 'api.context.invalid_url_param.app_error');
    });

    it('patches self, refuses patching others and keeps usernames unique', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      const patched = await bob.client.patchMe({ nickname: 'bobby', position: 'builder' });
      assert.equal(patched.nickname, 'bobby');
      await expectClientError(() => carol.client.patchUser({ id: bob.user.id, nickname: 'evil' }), 403);
      await expectClientError(() => bob.client.patchMe({ username: carol.user.username }), 400, 'app.user.save.username_exists.app_error');
      await expectClientError(() => bob.client.patchMe({ username: 'Bad Name!' }), 400, 'model.user.is_valid.username.app_error');
      assert.equal((await admin.client.getUser(bob.user.id)).nickname, 'bobby');
      const byAdmin = await admin.client.patchUser({ id: bob.user.id, nickname: 'set-by-admin' });
      assert.equal(byAdmin.nickname, 'set-by-admin');
    });

    it('changes passwords only with the current one', async () => {
      const bob = await makeUser(srv.url, admin.client);
      await expectClientError(() => bob.client.updateUserPassword(bob.user.id, 'wrong', 'NewPassw0rd!'), 400, 'api.user.update_password.incorrect.app_error');
      await bob.client.updateUserPassword(bob.user.id, PASSWORD, 'NewPassw0rd!');
      await client(srv.url).login(bob.user.username, 'NewPassw0rd!');
      await expectClientError(() => client(srv.url).login(bob.user.username, PASSWORD), 401);
    });

    it('deactivates users: sessions end and login is refused', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      await expectClientError(() => carol.client.updateUserActive(bob.user.id, false), 403);
      await admin.client.updateUserActive(bob.user.id, false);
      await expectClientError(() => bob.client.getMe(), 401);
      await expectClientError(() => client(srv.url).login(bob.user.username, PASSWORD), 401, 'api.user.login.inactive.app_error');
      assert.ok((await admin.client.getUser(bob.user.id)).delete_at > 0);
      await admin.client.updateUserActive(bob.user.id, true);
      await client(srv.url).login(bob.user.username, PASSWORD);
    });

    it('searches and autocompletes users by prefix', async () => {
      const tag = uniqueName('zed');
      const u1 = await makeUser(srv.url, admin.client, { username: `${tag}a`, first_name: 'Zelda' });
      await makeUser(srv.url, admin.client, { username: `${tag}b` });
      const found = await u1.client.searchUsers(tag, {});
      assert.equal(found.length, 2);
      const auto = await u1.client.autocompleteUsers(tag, '', '');
      assert.equal(auto.users.length, 2);
      const none = await u1.client.searchUsers(`${tag}_`, {});
      assert.equal(none.length, 0, 'underscore is literal, not a wildcard');
    });

    it('serves a generated PNG profile image', async () => {
      const res = await fetch(`${srv.url}/api/v4/users/${admin.user.id}/image`, { headers: { Authorization: `Bearer ${admin.client.getToken()}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    });

    it('creates, uses, disables and revokes personal access tokens', async () => {
      const bob = await makeUser(srv.url, admin.client);
      await expectClientError(() => bob.client.createUserAccessToken(bob.user.id, 'bot'), 403);
      await admin.client.updateUserRoles(bob.user.id, 'system_user system_user_access_token');
      const fresh = client(srv.url);
      await fresh.login(bob.user.username, PASSWORD);
      const pat = await fresh.createUserAccessToken(bob.user.id, 'ci');
      assert.match(pat.token ?? '', /^[a-z0-9]{26}$/);
      const viaPat = client(srv.url, pat.token!);
      assert.equal((await viaPat.getMe()).id, bob.user.id);
      const listed = await fresh.getUserAccessTokensForUser(bob.user.id);
      assert.equal(listed.length, 1);
      assert.equal('token' in listed[0]!, false);
      await fresh.disableUserAccessToken(pat.id);
      await expectClientError(() => viaPat.getMe(), 401);
      await fresh.enableUserAccessToken(pat.id);
      assert.equal((await viaPat.getMe()).id, bob.user.id);
      await fresh.revokeUserAccessToken(pat.id);
      await expectClientError(() => viaPat.getMe(), 401);
    });

    it('answers bad input with Mattermost errors and changes nothing', async () => {
      const token = admin.client.getToken();
      expectAppError(await raw(srv.url, 'POST', '/api/v4/users/login', { rawBody: '{not json' }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: 5, password: [] } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/users/me/patch', { token, body: { nickname: 'x'.repeat(65) } }), 400);
      expectAppError(await raw(srv.url, 'GET', '/api/v4/nope', { token }), 404, 'api.context.404.app_error');
      const me = await admin.client.getMe();
      assert.notEqual(me.nickname, 'x'.repeat(65));
    });
  });
}
