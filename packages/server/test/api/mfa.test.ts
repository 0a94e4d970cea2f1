// MFA: secret generation, activation, login with TOTP codes and recovery codes, admin reset, enforcement.
// Codes are computed here with otpauth from the secret the server returns.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

const STEP_MS = 30_000;
const codeAt = (secret: string, step: number) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: step * STEP_MS });
const currentStep = () => Math.floor(Date.now() / STEP_MS);
const code = (secret: string) => codeAt(secret, currentStep());

/** A code of the server's window (previous, current, next step) not used before; remembers it as used. */
function freshCode(secret: string, used: Set<number>): string {
  const now = currentStep();
  // The next step first: it stays valid longest should the clock tick between here and the server.
  const step = [now + 1, now, now - 1].find((s) => !used.has(s));
  assert.ok(step !== undefined, 'every step of the window is used');
  used.add(step);
  return codeAt(secret, step);
}

/** A well-formed code that none of the window's steps produces. */
function wrongCode(secret: string): string {
  const now = currentStep();
  const valid = new Set([-1, 0, 1, 2].map((d) => codeAt(secret, now + d)));
  let n = 0;
  while (valid.has(String(n).padStart(6, '0'))) n += 1;
  return String(n).padStart(6, '0');
}

const login = (url: string, loginId: string, token: string) => raw(url, 'POST', '/api/v4/users/login', { body: { login_id: loginId, password: PASSWORD, token } });

for (const engine of engines()) {
  describe(`MFA [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine, { enableMultifactorAuthentication: true });
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    /** A user with MFA on; returns the secret and the recovery codes. */
    async function withMfa(): Promise<{ user: TestUser; secret: string; recovery: string[]; used: Set<number>; activationCode: string }> {
      const user = await makeUser(srv.url, admin.client);
      const { secret } = await user.client.generateMfaSecret(user.user.id);
      const used = new Set<number>();
      const activationCode = freshCode(secret, used);
      const res = (await user.client.updateUserMfa(user.user.id, true, activationCode)) as unknown as { status: string; recovery_codes: string[] };
      return { user, secret, recovery: res.recovery_codes, used, activationCode };
    }

    it('generates a secret and QR code, activates only with a valid code, and hands out recovery codes once', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const secret = await bob.client.generateMfaSecret(bob.user.id);
      assert.match(secret.secret, /^[A-Z2-7]{32}$/);
      assert.equal(Buffer.from(secret.qr_code, 'base64').subarray(1, 4).toString(), 'PNG');

      await expectClientError(() => bob.client.updateUserMfa(bob.user.id, true, wrongCode(secret.secret)), 401, 'mfa.activate.bad_token.app_error');
      assert.equal((await bob.client.getMe()).mfa_active, false);

      const res = (await bob.client.updateUserMfa(bob.user.id, true, code(secret.secret))) as unknown as { status: string; recovery_codes: string[] };
      assert.equal(res.status, 'OK');
      assert.equal(res.recovery_codes.length, 10);
      assert.equal(new Set(res.recovery_codes).size, 10);
      const me = await raw(srv.url, 'GET', '/api/v4/users/me', { token: bob.client.getToken() });
      assert.equal(me.json.mfa_active, true);
      assert.equal('mfa_secret' in me.json, false);
      const seenByAdmin = await raw(srv.url, 'GET', `/api/v4/users/${bob.user.id}`, { token: admin.client.getToken() });
      assert.equal('mfa_secret' in seenByAdmin.json, false);

      // Bad bodies change nothing.
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/users/${bob.user.id}/mfa`, { token: bob.client.getToken(), body: { code: '123456' } }), 400);
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/users/${bob.user.id}/mfa`, { token: bob.client.getToken(), body: { activate: true } }), 400);
      assert.equal((await bob.client.getMe()).mfa_active, true);
    });

    it('tells whether a login needs a code', async () => {
      const { user } = await withMfa();
      const plain = await makeUser(srv.url, admin.client);
      const anon = client(srv.url);
      assert.deepEqual(await anon.checkUserMfa(user.user.username), { mfa_required: true });
      assert.deepEqual(await anon.checkUserMfa(plain.user.username), { mfa_required: false });
      assert.deepEqual(await anon.checkUserMfa('nobody-here'), { mfa_required: false });
      expectAppError(await raw(srv.url, 'POST', '/api/v4/users/mfa', { body: {} }), 400);
    });

    it('logs in with a code of the neighbouring steps, each once; a missing code is not a failed attempt, a wrong one is', async () => {
      const { user, secret, used, activationCode } = await withMfa();
      const name = user.user.username;

      expectAppError(await login(srv.url, name, ''), 401, 'mfa.validate_token.authenticate.app_error');
      assert.equal((await admin.client.getUser(user.user.id)).failed_attempts, 0);
      expectAppError(await login(srv.url, name, 'nonsense'), 401, 'mfa.validate_token.authenticate.app_error');
      expectAppError(await login(srv.url, name, wrongCode(secret)), 401, 'api.user.check_user_mfa.bad_code.app_error');
      assert.equal((await admin.client.getUser(user.user.id)).failed_attempts, 2);
      // A wrong password is refused before the code is looked at.
      expectAppError(await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: name, password: 'wrong-password', token: code(secret) } }), 401, 'api.user.login.invalid_credentials_email_username');

      // The code that activated MFA is spent; another step of the window is accepted, once.
      expectAppError(await login(srv.url, name, activationCode), 401, 'api.user.check_user_mfa.bad_code.app_error');
      const next = freshCode(secret, used);
      const ok = await login(srv.url, name, next);
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('token') ?? '', /^[a-z0-9]{26}$/);
      assert.equal((await admin.client.getUser(user.user.id)).failed_attempts, 0, 'success resets the counter');
      expectAppError(await login(srv.url, name, next), 401, 'api.user.check_user_mfa.bad_code.app_error');
      // Through Client4's login(loginId, password, token) as well.
      const c = client(srv.url);
      assert.equal((await c.login(name, PASSWORD, freshCode(secret, used))).id, user.user.id);
      await expectClientError(() => client(srv.url).login(name, PASSWORD, codeAt(secret, currentStep() + 3)), 401, 'api.user.check_user_mfa.bad_code.app_error');
    });

    it('accepts each recovery code once, in any case and with or without the dash', async () => {
      const { user, recovery } = await withMfa();
      const [first, second] = recovery as [string, string];
      assert.match(first, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
      assert.equal((await login(srv.url, user.user.username, first)).status, 200);
      expectAppError(await login(srv.url, user.user.username, first), 401, 'api.user.check_user_mfa.bad_code.app_error');
      assert.equal((await login(srv.url, user.user.username, second.replace('-', '').toUpperCase())).status, 200);
      expectAppError(await login(srv.url, user.user.username, 'aaaaa-aaaaa'), 401, 'api.user.check_user_mfa.bad_code.app_error');
    });

    it('keeps active MFA working while a new secret is pending, and lets the user or an admin turn it off', async () => {
      const { user, secret, used } = await withMfa();
      const other = await makeUser(srv.url, admin.client);
      await user.client.generateMfaSecret(user.user.id);
      assert.equal((await login(srv.url, user.user.username, freshCode(secret, used))).status, 200, 'the active secret still counts');

      await expectClientError(() => other.client.updateUserMfa(user.user.id, false, ''), 403, 'api.context.permissions.app_error');
      await expectClientError(() => other.client.generateMfaSecret(user.user.id), 403, 'api.context.permissions.app_error');
      assert.equal((await admin.client.getUser(user.user.id)).mfa_active, true);

      // The admin recovery path: reset another user's MFA.
      await admin.client.updateUserMfa(user.user.id, false, '');
      assert.equal((await admin.client.getUser(user.user.id)).mfa_active, false);
      assert.equal((await login(srv.url, user.user.username, '')).status, 200);

      const self = await withMfa();
      await self.user.client.updateUserMfa(self.user.user.id, false, '');
      assert.equal((await login(srv.url, self.user.user.username, '')).status, 200);
    });

    it('enforced MFA allows only setup, self and config until the user has it; users with MFA are not held', async () => {
      const settings = srv.parley.app.ctx.config.settings;
      const bob = await makeUser(srv.url, admin.client);
      const { user: carol, secret: carolSecret, used: carolUsed } = await withMfa();
      settings.enforceMultifactorAuthentication = true;
      try {
        await expectClientError(() => bob.client.getMyTeams(), 403, 'api.context.mfa_required.app_error');
        await expectClientError(() => bob.client.getUser(bob.user.id), 403, 'api.context.mfa_required.app_error');
        assert.equal((await bob.client.getMe()).id, bob.user.id);
        const config = await bob.client.getClientConfig();
        assert.equal(config.EnforceMultifactorAuthentication, 'true');
        assert.equal(config.EnableMultifactorAuthentication, 'true');
        await carol.client.getMyTeams();
        await client(srv.url).login(carol.user.username, PASSWORD, freshCode(carolSecret, carolUsed));

        const { secret } = await bob.client.generateMfaSecret(bob.user.id);
        await bob.client.updateUserMfa(bob.user.id, true, code(secret));
        assert.deepEqual(await bob.client.getMyTeams(), []);

        const anonLogout = await raw(srv.url, 'POST', '/api/v4/users/logout');
        assert.equal(anonLogout.status, 200);
      } finally {
        settings.enforceMultifactorAuthentication = false;
      }
    });

    it('with MFA disabled, setup answers 501 and logins need no code', async () => {
      const settings = srv.parley.app.ctx.config.settings;
      const { user } = await withMfa();
      settings.enableMultifactorAuthentication = false;
      try {
        await expectClientError(() => user.client.generateMfaSecret(user.user.id), 501, 'mfa.mfa_disabled.app_error');
        assert.equal((await login(srv.url, user.user.username, '')).status, 200);
        assert.deepEqual(await client(srv.url).checkUserMfa(user.user.username), { mfa_required: false });
        assert.equal((await client(srv.url).getClientConfig()).EnableMultifactorAuthentication, 'false');
      } finally {
        settings.enableMultifactorAuthentication = true;
      }
    });
  });
}
