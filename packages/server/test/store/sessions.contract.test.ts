import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/platform/ids.js';
import { engines, ids, makeAccessToken, makeSession, openTestDb, type TestDb } from './fixtures.js';

for (const engine of engines()) {
  describe(`session store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    it('saves a session and finds it by id and by token', async () => {
      const s = makeSession({ user_id: newId(), is_oauth: true, props: { platform: 'Linux', browser: 'Firefox — ünïcode' } });
      await t.store.sessions.save(s);
      assert.deepEqual(await t.store.sessions.get(s.id), s);
      const byToken = await t.store.sessions.getByToken(s.token);
      assert.deepEqual(byToken, s);
      assert.equal(byToken?.is_oauth, true);
      assert.equal(byToken?.expired_notify, false);
      assert.equal(typeof byToken?.expires_at, 'number');
      assert.equal(await t.store.sessions.getByToken(newId()), undefined);
      assert.equal(await t.store.sessions.get(newId()), undefined);
    });

    it('lists a user’s sessions most recently active first', async () => {
      const user = newId();
      const old = makeSession({ user_id: user, last_activity_at: 1_700_000_000_001 });
      const recent = makeSession({ user_id: user, last_activity_at: 1_700_000_000_009 });
      await t.store.sessions.save(old);
      await t.store.sessions.save(recent);
      await t.store.sessions.save(makeSession({ user_id: newId() }));
      assert.deepEqual((await t.store.sessions.getForUser(user)).map((s) => s.id), [recent.id, old.id]);
    });

    it('updates last activity, and expiry only when given', async () => {
      const s = makeSession({ user_id: newId() });
      await t.store.sessions.save(s);
      await t.store.sessions.updateLastActivity(s.id, 1_700_000_001_000);
      let got = await t.store.sessions.get(s.id);
      assert.equal(got?.last_activity_at, 1_700_000_001_000);
      assert.equal(got?.expires_at, s.expires_at);
      await t.store.sessions.updateLastActivity(s.id, 1_700_000_002_000, 1_800_000_000_000);
      got = await t.store.sessions.get(s.id);
      assert.equal(got?.last_activity_at, 1_700_000_002_000);
      assert.equal(got?.expires_at, 1_800_000_000_000);
    });

    it('removes one session, all of a user’s, or one device’s, touching nobody else', async () => {
      const user = newId();
      const other = makeSession({ user_id: newId(), device_id: 'phone' });
      const phone = makeSession({ user_id: user, device_id: 'phone' });
      const laptop = makeSession({ user_id: user, device_id: 'laptop' });
      const browser = makeSession({ user_id: user });
      for (const s of [other, phone, laptop, browser]) await t.store.sessions.save(s);

      await t.store.sessions.removeByDevice(user, 'phone');
      assert.deepEqual(ids(await t.store.sessions.getForUser(user)), ids([laptop, browser]));
      assert.ok(await t.store.sessions.get(other.id), 'another user’s session on the same device id stays');

      await t.store.sessions.remove(laptop.id);
      assert.deepEqual(ids(await t.store.sessions.getForUser(user)), [browser.id]);

      await t.store.sessions.removeForUser(user);
      assert.deepEqual(await t.store.sessions.getForUser(user), []);
      assert.ok(await t.store.sessions.get(other.id));
    });

    it('removes expired sessions only, keeping those that never expire', async () => {
      const now = 1_750_000_000_000;
      const user = newId();
      const expired = makeSession({ user_id: user, expires_at: now - 1 });
      const atNow = makeSession({ user_id: user, expires_at: now });
      const future = makeSession({ user_id: user, expires_at: now + 1 });
      const never = makeSession({ user_id: user, expires_at: 0 });
      for (const s of [expired, atNow, future, never]) await t.store.sessions.save(s);
      // Other tests' sessions expire long before `now`, so count only this test's rows.
      const removed = await t.store.sessions.removeExpired(now);
      assert.ok(removed >= 1);
      assert.equal(typeof removed, 'number');
      assert.deepEqual(ids(await t.store.sessions.getForUser(user)), ids([atNow, future, never]));
      assert.equal(await t.store.sessions.removeExpired(now), 0);
    });

    it('rewrites the roles of every session of one user', async () => {
      const user = newId();
      const a = makeSession({ user_id: user });
      const b = makeSession({ user_id: user });
      const other = makeSession({ user_id: newId() });
      for (const s of [a, b, other]) await t.store.sessions.save(s);
      await t.store.sessions.updateRolesForUser(user, 'system_user system_admin');
      assert.deepEqual((await t.store.sessions.getForUser(user)).map((s) => s.roles), ['system_user system_admin', 'system_user system_admin']);
      assert.equal((await t.store.sessions.get(other.id))?.roles, 'system_user');
    });
  });

  describe(`user access token store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    it('saves a token and finds it by id and by token', async () => {
      const tok = makeAccessToken({ user_id: newId() });
      await t.store.tokens.save(tok);
      assert.deepEqual(await t.store.tokens.get(tok.id), tok);
      assert.deepEqual(await t.store.tokens.getByToken(tok.token), tok);
      assert.equal(await t.store.tokens.getByToken(newId()), undefined);
    });

    it('deactivates and reactivates a token, returning a boolean flag', async () => {
      const tok = makeAccessToken({ user_id: newId() });
      await t.store.tokens.save(tok);
      await t.store.tokens.setActive(tok.id, false);
      assert.equal((await t.store.tokens.getByToken(tok.token))?.is_active, false);
      await t.store.tokens.setActive(tok.id, true);
      assert.equal((await t.store.tokens.getByToken(tok.token))?.is_active, true);
    });

    it('pages a user’s tokens and removes one', async () => {
      const user = newId();
      const toks = [makeAccessToken({ user_id: user }), makeAccessToken({ user_id: user }), makeAccessToken({ user_id: user })];
      for (const tok of toks) await t.store.tokens.save(tok);
      await t.store.tokens.save(makeAccessToken({ user_id: newId() }));
      const first = await t.store.tokens.getForUser(user, 0, 2);
      const rest = await t.store.tokens.getForUser(user, 2, 2);
      assert.equal(first.length, 2);
      assert.deepEqual(ids([...first, ...rest]), ids(toks));
      await t.store.tokens.remove(toks[0]!.id);
      assert.equal(await t.store.tokens.get(toks[0]!.id), undefined);
      assert.equal((await t.store.tokens.getForUser(user, 0, 10)).length, 2);
    });
  });
}
