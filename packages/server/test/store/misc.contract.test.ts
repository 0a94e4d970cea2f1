import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Preference } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, makeStatus, openTestDb, uniq, type TestDb } from './fixtures.js';

for (const engine of engines()) {
  describe(`system, preference and status stores contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    describe('system', () => {
      it('sets, overwrites and reads values', async () => {
        const name = uniq('Key');
        assert.equal(await t.store.system.get(name), undefined);
        await t.store.system.set(name, 'one');
        assert.equal(await t.store.system.get(name), 'one');
        await t.store.system.set(name, '{"json":"ünïcode ✓"}');
        assert.equal(await t.store.system.get(name), '{"json":"ünïcode ✓"}');
      });

      it('insertIfAbsent returns true for exactly one caller and never overwrites', async () => {
        const name = uniq('Once');
        // Concurrent callers take separate pooled connections on PostgreSQL, which is where a
        // check-then-insert would let two of them win.
        const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((v) => t.store.system.insertIfAbsent(name, v)));
        assert.equal(results.filter(Boolean).length, 1);
        const winner = ['a', 'b', 'c', 'd', 'e'][results.indexOf(true)];
        assert.equal(await t.store.system.get(name), winner);
        assert.equal(await t.store.system.insertIfAbsent(name, 'late'), false);
        assert.equal(await t.store.system.get(name), winner);
      });
    });

    describe('preferences', () => {
      const pref = (userId: string, category: string, name: string, value: string): Preference => ({ user_id: userId, category, name, value });

      it('upserts: saving the same key again overwrites the value', async () => {
        const user = newId();
        await t.store.preferences.save([pref(user, 'display_settings', 'use_military_time', 'false')]);
        await t.store.preferences.save([pref(user, 'display_settings', 'use_military_time', 'true'), pref(user, 'theme', '', '{"sidebarBg":"#1543"}')]);
        assert.deepEqual(await t.store.preferences.getForUser(user), [
          pref(user, 'display_settings', 'use_military_time', 'true'),
          pref(user, 'theme', '', '{"sidebarBg":"#1543"}'),
        ]);
        await t.store.preferences.save([]);
      });

      it('filters by category and by category and name, per user', async () => {
        const user = newId();
        const other = newId();
        const dm = (id: string, v: string) => pref(user, 'direct_channel_show', id, v);
        const a = newId();
        const b = newId();
        await t.store.preferences.save([dm(a, 'true'), dm(b, 'false'), pref(user, 'tutorial_step', user, '1'), pref(other, 'direct_channel_show', a, 'true')]);
        const byCategory = await t.store.preferences.getForUser(user, 'direct_channel_show');
        assert.deepEqual(byCategory, [dm(a, 'true'), dm(b, 'false')].sort((x, y) => (x.name < y.name ? -1 : 1)));
        assert.deepEqual(await t.store.preferences.getForUser(user, 'direct_channel_show', b), [dm(b, 'false')]);
        assert.deepEqual(await t.store.preferences.getForUser(user, 'nothing'), []);
      });

      it('deletes one preference only', async () => {
        const user = newId();
        await t.store.preferences.save([pref(user, 'c', 'x', '1'), pref(user, 'c', 'y', '2')]);
        await t.store.preferences.delete(user, 'c', 'x');
        assert.deepEqual(await t.store.preferences.getForUser(user), [pref(user, 'c', 'y', '2')]);
        await t.store.preferences.delete(user, 'c', 'missing');
      });
    });

    describe('statuses', () => {
      it('inserts, then overwrites every field on save', async () => {
        const s = makeStatus({ user_id: newId() });
        await t.store.statuses.save(s);
        assert.deepEqual(await t.store.statuses.get(s.user_id), s);
        const dnd = { ...s, status: 'dnd', manual: true, prev_status: 'online', dnd_end_time: 1_800_000_000, last_activity_at: 1_700_000_009_999 };
        await t.store.statuses.save(dnd);
        const got = await t.store.statuses.get(s.user_id);
        assert.deepEqual(got, dnd);
        assert.equal(got?.manual, true);
        assert.equal(await t.store.statuses.get(newId()), undefined);
      });

      it('lists everyone not offline', async () => {
        const away = makeStatus({ user_id: newId(), status: 'away' });
        const dnd = makeStatus({ user_id: newId(), status: 'dnd', manual: true });
        const offline = makeStatus({ user_id: newId(), status: 'offline' });
        for (const st of [away, dnd, offline]) await t.store.statuses.save(st);
        const listed = new Map((await t.store.statuses.getNonOffline()).map((st) => [st.user_id, st]));
        assert.deepEqual(listed.get(away.user_id), away);
        assert.deepEqual(listed.get(dnd.user_id), dnd);
        assert.equal(listed.has(offline.user_id), false);
        assert.ok([...listed.values()].every((st) => st.status !== 'offline'));
      });

      it('gets many, ignoring users without a status', async () => {
        const a = makeStatus({ user_id: newId(), status: 'away' });
        const b = makeStatus({ user_id: newId(), status: 'offline' });
        await t.store.statuses.save(a);
        await t.store.statuses.save(b);
        const got = await t.store.statuses.getMany([a.user_id, b.user_id, newId()]);
        assert.deepEqual(
          got.sort((x, y) => (x.user_id < y.user_id ? -1 : 1)),
          [a, b].sort((x, y) => (x.user_id < y.user_id ? -1 : 1)),
        );
        assert.deepEqual(await t.store.statuses.getMany([]), []);
      });
    });
  });
}
