import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engines, makeAdmin, makeChannel, makeTeam, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

for (const engine of engines().slice(0, 1)) {
  describe(`WebSocket slow consumer [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      // Small limits so the test needs megabytes, not hundreds of megabytes, to overrun them.
      srv = await startTestServer(engine, {}, { limits: { maxBufferedBytes: 2 * 1024 * 1024, shedBufferedBytes: 1024 * 1024, replaySize: 256 } });
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it('drops a consumer that stops reading without stalling anyone else, and it can resume', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      const slow = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      const hello = await slow.waitFor((f) => f.event === 'hello');
      const fast = await RawSocket.open(srv.url, { token: carol.client.getToken() });
      await fast.waitFor((f) => f.event === 'hello');
      slow.ws.pause();
      const big = 'x'.repeat(1900);
      // ~190 KB per event; the paused reader lets kernel buffers fill, then frames queue in the server.
      for (let i = 0; i < 120; i++) {
        const prefs = Array.from({ length: 100 }, (_, j) => ({ user_id: bob.user.id, category: `flood${i}`, name: `n${j}`, value: big }));
        await bob.client.savePreferences(bob.user.id, prefs);
      }
      await carol.client.savePreferences(carol.user.id, [{ user_id: carol.user.id, category: 'c', name: 'n', value: 'v' }]);
      await fast.waitFor((f) => f.event === 'preferences_changed', 5000, 'the event of the fast consumer');
      await srv.parley.hub.drain();
      slow.ws.resume();
      const closed = await slow.waitClosed(10_000);
      assert.equal(closed.code, 1006, 'terminated, not politely closed');
      const received = slow.events().length;
      assert.ok(received < 121, `the slow consumer was cut off (got ${received} events)`);
      // Resume: replay covers the last 256 frames, which holds all 121 events, so nothing is lost.
      const lastSeq = Math.max(...slow.events().map((f) => f.seq!));
      const again = await RawSocket.open(srv.url, { token: bob.client.getToken(), query: `connection_id=${String(hello.data!.connection_id)}&sequence_number=${lastSeq + 1}` });
      await again.waitFor((f) => f.event === 'preferences_changed' && String(f.data?.preferences).includes('flood119'), 10_000);
      assert.equal(again.events().some((f) => f.event === 'hello'), false);
      const floods = [...slow.events(), ...again.events()].filter((f) => f.event === 'preferences_changed');
      assert.equal(floods.length, 120, 'each of the 120 events exactly once');
      const seqs = [...slow.events(), ...again.events()].map((f) => f.seq!);
      assert.deepEqual(seqs, seqs.map((_, i) => i), 'one unbroken sequence across the reconnect');
      again.close();
      fast.close();
    });
  });

  describe(`WebSocket shedding [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      // Shed early but never terminate, so the test sees shedding alone.
      srv = await startTestServer(engine, {}, { limits: { maxBufferedBytes: 256 * 1024 * 1024, shedBufferedBytes: 256 * 1024, replaySize: 256 } });
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it('drops typing for a backed-up consumer but still delivers posts, in one unbroken sequence', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      const team = await makeTeam(admin, [bob, carol]);
      const channel = await makeChannel(bob, team, 'O', [carol]);
      const slow = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      await slow.waitFor((f) => f.event === 'hello');
      const typer = await RawSocket.open(srv.url, { token: carol.client.getToken() });
      await typer.waitFor((f) => f.event === 'hello');
      slow.ws.pause();
      const big = 'x'.repeat(1900);
      for (let i = 0; i < 80; i++) {
        const prefs = Array.from({ length: 100 }, (_, j) => ({ user_id: bob.user.id, category: `fill${i}`, name: `n${j}`, value: big }));
        await bob.client.savePreferences(bob.user.id, prefs);
      }
      await srv.parley.hub.drain();
      assert.equal((await typer.request('user_typing', { channel_id: channel.id, parent_id: '' })).status, 'OK');
      const post = await carol.client.createPost({ channel_id: channel.id, message: 'still arrives' } as never);
      await srv.parley.hub.drain();
      slow.ws.resume();
      await slow.waitFor((f) => f.event === 'posted' && String(f.data?.post).includes(post.id), 20_000, 'the post');
      assert.equal(slow.events().some((f) => f.event === 'typing'), false, 'typing was shed');
      assert.equal(slow.events().filter((f) => f.event === 'preferences_changed').length, 80);
      const seqs = slow.events().map((f) => f.seq!);
      assert.deepEqual(seqs, seqs.map((_, i) => i), 'shedding happens before a seq is assigned');
      slow.close();
      typer.close();
    });
  });
}
