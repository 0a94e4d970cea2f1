import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Audit } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, openTestDb, type TestDb } from './fixtures.js';

for (const engine of engines()) {
  describe(`configuration and audit stores contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    it('configurations: each save becomes the one active row, older rows stay', async () => {
      assert.equal(await t.store.configurations.getActive(), undefined);
      const first = { id: newId(), value: '{"TeamSettings":{"SiteName":"One"}}', create_at: 1000 };
      const second = { id: newId(), value: '{"TeamSettings":{"SiteName":"Two"}}', create_at: 2000 };
      await t.store.transaction((tx) => tx.configurations.save(first));
      assert.deepEqual(await t.store.configurations.getActive(), first);
      await t.store.transaction((tx) => tx.configurations.save(second));
      assert.deepEqual(await t.store.configurations.getActive(), second);
      const rows = await t.db.selectFrom('configurations').select(['id', 'active']).orderBy('create_at').execute();
      assert.deepEqual(
        rows.map((r) => [r.id, Number(r.active)]),
        [
          [first.id, 0],
          [second.id, 1],
        ],
      );
    });

    it('audits: newest first, filtered by user, action substring (case and wildcards literal) and time; old rows removed', async () => {
      const alice = newId();
      const bob = newId();
      const row = (userId: string, action: string, at: number): Audit => ({ id: newId(), create_at: at, user_id: userId, action, extra_info: 'x', ip_address: '127.0.0.1', session_id: newId() });
      const rows = [row(alice, '/api/v4/users/login', 10), row(bob, '/api/v4/teams', 20), row(alice, '/api/v4/users/a_b/roles', 30), row(alice, '/api/v4/users/axb/roles', 40)];
      for (const r of rows) await t.store.audits.save(r);
      const ids = (list: Audit[]) => list.map((a) => a.id);
      assert.deepEqual(ids(await t.store.audits.get({ offset: 0, limit: 10 })), ids([...rows].reverse()));
      assert.deepEqual(ids(await t.store.audits.get({ offset: 1, limit: 2 })), ids([rows[2]!, rows[1]!]));
      assert.deepEqual(ids(await t.store.audits.get({ userId: alice, offset: 0, limit: 10 })), ids([rows[3]!, rows[2]!, rows[0]!]));
      assert.deepEqual(ids(await t.store.audits.get({ action: 'A_B/ROLES', offset: 0, limit: 10 })), ids([rows[2]!]));
      assert.deepEqual(ids(await t.store.audits.get({ since: 30, offset: 0, limit: 10 })), ids([rows[3]!, rows[2]!]));
      assert.deepEqual((await t.store.audits.get({ userId: bob, offset: 0, limit: 1 }))[0], rows[1]);
      assert.equal(await t.store.audits.deleteOlderThan(25), 2);
      assert.deepEqual(ids(await t.store.audits.get({ offset: 0, limit: 10 })), ids([rows[3]!, rows[2]!]));
    });
  });
}
