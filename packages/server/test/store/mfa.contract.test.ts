// The MFA store (user_mfa) and sessions.removeAll: what account security relies on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/platform/ids.js';
import type { UserMfa } from '../../src/store/store.js';
import { engines, makeSession, openTestDb, type TestDb } from './fixtures.js';

const row = (over: Partial<UserMfa> = {}): UserMfa => ({ user_id: newId(), pending_secret: 'JBSWY3DPEHPK3PXP', recovery_codes: ['a'.repeat(64)], used_steps: [58_000_000], update_at: 1_700_000_000_000, ...over });

for (const engine of engines()) {
  describe(`mfa store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    it('saves, replaces and removes a user’s row', async () => {
      const r = row();
      await t.store.mfa.save(r);
      assert.deepEqual(await t.store.mfa.get(r.user_id), r);
      const replaced = { ...r, pending_secret: '', recovery_codes: [], used_steps: [], update_at: 1_700_000_000_001 };
      await t.store.mfa.save(replaced);
      assert.deepEqual(await t.store.mfa.get(r.user_id), replaced);
      await t.store.mfa.remove(r.user_id);
      assert.equal(await t.store.mfa.get(r.user_id), undefined);
    });

    it('compareAndSet writes only over the state it was given, so a code is used once', async () => {
      const r = row({ recovery_codes: ['a'.repeat(64), 'b'.repeat(64)] });
      await t.store.mfa.save(r);
      const first = { ...r, recovery_codes: ['b'.repeat(64)] };
      const second = { ...r, recovery_codes: ['a'.repeat(64)] };
      assert.equal(await t.store.mfa.compareAndSet(r, first), true);
      assert.equal(await t.store.mfa.compareAndSet(r, second), false, 'the state read before the first write is stale');
      assert.deepEqual(await t.store.mfa.get(r.user_id), first);
      assert.equal(await t.store.mfa.compareAndSet(row(), row()), false, 'no row, nothing written');
    });

    it('sessions.removeAll ends every session and names each user once', async () => {
      const a = newId();
      const b = newId();
      for (const user_id of [a, a, b]) await t.store.sessions.save(makeSession({ user_id }));
      assert.deepEqual((await t.store.sessions.removeAll()).sort(), [a, b].sort());
      assert.deepEqual(await t.store.sessions.getForUser(a), []);
      assert.deepEqual(await t.store.sessions.removeAll(), []);
    });
  });
}
