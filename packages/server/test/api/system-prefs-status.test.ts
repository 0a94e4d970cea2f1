import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

for (const engine of engines()) {
  describe(`system, preferences and statuses [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine);
    });
    after(() => srv.close());

    it('answers ping, client config and license without a session', async () => {
      const anon = client(srv.url);
      const ping = await anon.ping(true);
      assert.equal(ping.status, 'OK');
      assert.equal((ping as unknown as Record<string, string>).database_status, 'OK');
      const config = await anon.getClientConfig();
      assert.equal(config.NoAccounts, 'true', 'fresh server has no accounts');
      assert.equal(config.Version, '11.9.0');
      const license = await anon.getClientLicenseOld();
      assert.equal(license.IsLicensed, 'false');
      admin = await makeAdmin(srv.url);
      assert.equal((await anon.getClientConfig()).NoAccounts, 'false');
      const res = await raw(srv.url, 'GET', '/api/v4/system/ping');
      assert.match(res.headers.get('x-version-id') ?? '', /^11\.9\.0\./);
      assert.match(res.headers.get('x-request-id') ?? '', /^[a-z0-9]{26}$/);
    });

    it('saves, reads and deletes own preferences, and refuses other users', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      const prefs = [
        { user_id: bob.user.id, category: 'display_settings', name: 'use_military_time', value: 'true' },
        { user_id: bob.user.id, category: 'favorite_channel', name: 'abc', value: 'true' },
      ];
      await bob.client.savePreferences(bob.user.id, prefs);
      await bob.client.savePreferences(bob.user.id, [{ ...prefs[0]!, value: 'false' }]);
      const mine = await bob.client.getUserPreferences(bob.user.id);
      assert.equal(mine.length, 2);
      assert.equal(mine.find((p) => p.name === 'use_military_time')!.value, 'false');
      const cat = await bob.client.getUserPreferences(bob.user.id) ;
      assert.equal(cat.length, 2);
      await bob.client.deletePreferences(bob.user.id, [prefs[1]!]);
      assert.equal((await bob.client.getUserPreferences(bob.user.id)).length, 1);
      await expectClientError(() => carol.client.savePreferences(bob.user.id, prefs), 403);
      await expectClientError(() => carol.client.savePreferences(carol.user.id, prefs), 400);
      const byCategory = await raw(srv.url, 'GET', `/api/v4/users/me/preferences/display_settings/name/use_military_time`, { token: bob.client.getToken() });
      assert.equal(byCategory.json.value, 'false');
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/users/me/preferences', { token: bob.client.getToken(), body: [{ user_id: bob.user.id, category: 'x'.repeat(33), name: 'n', value: 'v' }] }), 400);
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/users/me/preferences', { token: bob.client.getToken(), body: { not: 'an array' } }), 400);
      assert.equal((await bob.client.getUserPreferences(bob.user.id)).length, 1);
    });

    it('sets and reads statuses; unknown users are offline', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      assert.equal((await carol.client.getStatus(bob.user.id)).status, 'offline');
      const future = Math.floor(Date.now() / 1000) + 3600;
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd', dnd_end_time: future } as never);
      const s = await carol.client.getStatus(bob.user.id);
      assert.equal(s.status, 'dnd');
      assert.equal(s.manual, true);
      assert.equal(s.dnd_end_time, future);
      const many = await carol.client.getStatusesByIds([bob.user.id, carol.user.id]);
      assert.deepEqual(many.map((x) => x.status).sort(), ['dnd', 'offline']);
      await expectClientError(() => carol.client.updateStatus({ user_id: bob.user.id, status: 'away' } as never), 403);
      await expectClientError(() => bob.client.updateStatus({ user_id: bob.user.id, status: 'sleeping' } as never), 400);
      assert.equal((await carol.client.getStatus(bob.user.id)).status, 'dnd');
    });

    it('ends do-not-disturb at its end time, back to the status before it', async () => {
      const bob = await makeUser(srv.url, admin.client);
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'away' } as never);
      // Two seconds ahead: with one, a slow request on a busy machine can arrive after the end time (400).
      const end = Math.floor(Date.now() / 1000) + 2;
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd', dnd_end_time: end } as never);
      assert.equal(await srv.parley.app.statuses.expireDoNotDisturb(), 0, 'not yet');
      await new Promise((r) => setTimeout(r, Math.max(0, end * 1000 - Date.now()) + 50));
      assert.ok((await srv.parley.app.statuses.expireDoNotDisturb()) >= 1);
      const s = await admin.client.getStatus(bob.user.id);
      assert.equal(s.status, 'away');
      assert.equal(s.dnd_end_time, 0);
    });
  });
}
