import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/platform/ids.js';
import { engines, makeSession, makeStatus, makeUser, openTestDb, uniq, type TestDb } from './fixtures.js';

class Boom extends Error {}

for (const engine of engines()) {
  describe(`store transactions and value round-trips [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    it('rolls back every write when the function throws, and rethrows', async () => {
      const u = makeUser();
      const s = makeSession({ user_id: u.id });
      const key = uniq('Sys');
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await tx.users.save(u);
          await tx.sessions.save(s);
          await tx.system.set(key, 'x');
          await tx.preferences.save([{ user_id: u.id, category: 'c', name: 'n', value: 'v' }]);
          await tx.statuses.save(makeStatus({ user_id: u.id }));
          assert.ok(await tx.users.get(u.id), 'writes are visible inside the transaction');
          throw new Boom('abort');
        }),
        Boom,
      );
      assert.equal(await t.store.users.get(u.id), undefined);
      assert.equal(await t.store.sessions.getByToken(s.token), undefined);
      assert.equal(await t.store.system.get(key), undefined);
      assert.deepEqual(await t.store.preferences.getForUser(u.id), []);
      assert.equal(await t.store.statuses.get(u.id), undefined);
    });

    it('commits every write and returns the function’s value', async () => {
      const u = makeUser();
      const result = await t.store.transaction(async (tx) => {
        await tx.users.save(u);
        await tx.sessions.save(makeSession({ user_id: u.id }));
        return 'done';
      });
      assert.equal(result, 'done');
      assert.ok(await t.store.users.get(u.id));
      assert.equal((await t.store.sessions.getForUser(u.id)).length, 1);
    });

    it('a nested transaction joins the outer one: it sees its writes and rolls back with it', async () => {
      const outer = makeUser();
      const inner = makeUser();
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await tx.users.save(outer);
          await tx.transaction(async (nested) => {
            // On PostgreSQL a nested call that took a fresh pooled connection would not see this row.
            assert.equal((await nested.users.get(outer.id))?.id, outer.id);
            await nested.users.save(inner);
          });
          throw new Boom('after the nested call returned');
        }),
        Boom,
      );
      assert.equal(await t.store.users.get(outer.id), undefined);
      assert.equal(await t.store.users.get(inner.id), undefined);

      await t.store.transaction((tx) => tx.transaction((nested) => nested.users.save(inner)));
      assert.ok(await t.store.users.get(inner.id), 'a nested transaction commits with the outer one');
    });

    if (engine === 'postgres') {
      it('keeps uncommitted writes invisible to other connections', async () => {
        const u = makeUser();
        await t.store.transaction(async (tx) => {
          await tx.users.save(u);
          assert.equal(await t.store.users.get(u.id), undefined);
        });
        assert.ok(await t.store.users.get(u.id));
      });
    }

    it('returns int8 columns as JS numbers, exactly, up to 2^53 - 1', async () => {
      const u = makeUser({ create_at: 1_712_345_678_901, last_activity_at: Number.MAX_SAFE_INTEGER });
      await t.store.users.save(u);
      const got = await t.store.users.get(u.id);
      assert.equal(got?.create_at, 1_712_345_678_901);
      assert.equal(got?.last_activity_at, Number.MAX_SAFE_INTEGER);
      const raw = await t.db.selectFrom('users').select(['create_at', 'last_activity_at']).where('id', '=', u.id).executeTakeFirstOrThrow();
      assert.equal(typeof raw.create_at, 'number');
      assert.equal(typeof raw.last_activity_at, 'number');
      assert.equal(typeof (await t.store.users.count()), 'number');
    });

    it('round-trips JSON with unicode, escapes and nesting, and flags as booleans', async () => {
      const props = {
        emoji: '👩🏽‍💻🚀',
        cjk: '漢字かな한국어',
        rtl: 'مرحبا',
        tricky: 'quote " backslash \\ newline \n tab \t nul-ish \u0001',
        sql: "'; DROP TABLE users; --",
      };
      const u = makeUser({ props, notify_props: { first_name: 'true', channel: 'false' }, email_verified: true, mfa_active: false, is_bot: true });
      await t.store.users.save(u);
      const got = await t.store.users.get(u.id);
      assert.deepEqual(got?.props, props);
      assert.strictEqual(got?.email_verified, true);
      assert.strictEqual(got?.mfa_active, false);
      assert.strictEqual(got?.is_bot, true);
      const s = makeSession({ user_id: u.id, props: { os: 'Ubuntu — 24.04 ✓' }, is_oauth: false, expired_notify: true });
      await t.store.sessions.save(s);
      const gotSession = await t.store.sessions.get(s.id);
      assert.deepEqual(gotSession?.props, s.props);
      assert.strictEqual(gotSession?.is_oauth, false);
      assert.strictEqual(gotSession?.expired_notify, true);
    });

    it('stores ids and empty strings as given, never as null', async () => {
      const u = makeUser({ nickname: '', auth_data: null, position: '' });
      await t.store.users.save(u);
      const got = await t.store.users.get(u.id);
      assert.strictEqual(got?.nickname, '');
      assert.strictEqual(got?.auth_data, null);
      assert.equal(got?.id.length, newId().length);
    });
  });
}
