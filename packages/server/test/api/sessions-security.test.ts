// Lockout after repeated failed logins, session length and idle timeout, and revoking every session.
// Session times are moved in the database (the store's own update), never waited for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

const MAX_ATTEMPTS = 3;

for (const engine of engines()) {
  describe(`account security: lockout and sessions [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine, { maximumLoginAttempts: MAX_ATTEMPTS, sessionIdleTimeoutInMinutes: 60 });
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    const wrongLogin = (username: string) => raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: username, password: 'not-the-password' } });
    const sessionOf = async (token: string) => {
      const s = await srv.parley.app.ctx.store.sessions.getByToken(token);
      assert.ok(s, 'session exists');
      return s;
    };

    it('locks the account after MaximumLoginAttempts failures, even for the right password, until an admin sets one', async () => {
      const bob = await makeUser(srv.url, admin.client);
      // A success in between resets the count.
      await wrongLogin(bob.user.username);
      await client(srv.url).login(bob.user.username, PASSWORD);
      assert.equal((await admin.client.getUser(bob.user.id)).failed_attempts, 0);

      for (let i = 0; i < MAX_ATTEMPTS; i++) expectAppError(await wrongLogin(bob.user.username), 401, 'api.user.login.invalid_credentials_email_username');
      await expectClientError(() => client(srv.url).login(bob.user.username, PASSWORD), 401, 'api.user.check_user_login_attempts.too_many.app_error');
      expectAppError(await wrongLogin(bob.user.username), 401, 'api.user.check_user_login_attempts.too_many.app_error');
      assert.equal((await admin.client.getUser(bob.user.id)).failed_attempts, MAX_ATTEMPTS, 'locked attempts are not counted further');
      // Existing sessions are not affected by the lock.
      assert.equal((await bob.client.getMe()).id, bob.user.id);

      await admin.client.updateUserPassword(bob.user.id, '', 'Another-passw0rd');
      assert.equal((await admin.client.getUser(bob.user.id)).failed_attempts, 0);
      await client(srv.url).login(bob.user.username, 'Another-passw0rd');
    });

    it('ends a session past its expiry with 401 and removes it', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const token = bob.client.getToken();
      const s = await sessionOf(token);
      assert.ok(Math.abs(s.expires_at - s.create_at - 720 * 3600_000) < 1000, 'SessionLengthWebInHours sets the expiry');
      await srv.parley.app.ctx.store.sessions.updateLastActivity(s.id, Date.now(), Date.now() - 1000);
      await expectClientError(() => bob.client.getMe(), 401, 'api.context.session_expired.app_error');
      assert.equal(await srv.parley.app.ctx.store.sessions.getByToken(token), undefined);
    });

    it('revokes a web session idle for longer than SessionIdleTimeoutInMinutes; a recently used one and tokens stay', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const idle = await sessionOf(bob.client.getToken());
      await srv.parley.app.ctx.store.sessions.updateLastActivity(idle.id, Date.now() - 61 * 60_000);
      const other = client(srv.url);
      await other.login(bob.user.username, PASSWORD);
      const recent = await sessionOf(other.getToken());
      await srv.parley.app.ctx.store.sessions.updateLastActivity(recent.id, Date.now() - 59 * 60_000);

      await expectClientError(() => bob.client.getMe(), 401, 'api.context.session_expired.app_error');
      assert.equal(await srv.parley.app.ctx.store.sessions.getByToken(idle.token), undefined);
      assert.equal((await other.getMe()).id, bob.user.id);

      // Personal access tokens have no idle timeout.
      await admin.client.updateUserRoles(bob.user.id, 'system_user system_user_access_token');
      const pat = await other.createUserAccessToken(bob.user.id, 'ci');
      assert.equal((await client(srv.url, pat.token).getMe()).id, bob.user.id);

      // 0 turns the timeout off.
      const settings = srv.parley.app.ctx.config.settings;
      settings.sessionIdleTimeoutInMinutes = 0;
      try {
        await srv.parley.app.ctx.store.sessions.updateLastActivity(recent.id, Date.now() - 365 * 24 * 60 * 60_000);
        assert.equal((await other.getMe()).id, bob.user.id);
      } finally {
        settings.sessionIdleTimeoutInMinutes = 60;
      }
    });

    it('revokes every session of every user for a system admin only', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      await expectClientError(() => bob.client.revokeSessionsForAllUsers(), 403, 'api.context.permissions.app_error');
      assert.equal((await carol.client.getMe()).id, carol.user.id, 'a refused call ends nothing');

      const root = client(srv.url);
      await root.login(admin.user.username, admin.password);
      await root.revokeSessionsForAllUsers();
      for (const c of [bob.client, carol.client, root, admin.client]) await expectClientError(() => c.getMe(), 401, 'api.context.session_expired.app_error');
      await admin.client.login(admin.user.username, admin.password);
      assert.equal((await admin.client.getSessions(bob.user.id)).length, 0);
    });
  });
}
