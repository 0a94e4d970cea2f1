// A large audience is served in slices with the event loop free in between (ws/hub.ts fanOut). Each
// connection must still see every event once, in publishing order, with an unbroken sequence — also when
// the next event is published while the previous one is half delivered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engines, makeAdmin, makeChannel, makeTeam, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';
import { makeEvent } from '../../src/events/event.js';

// More connections than one slice (250) holds, so every event is delivered in at least three slices.
const SOCKETS = 620;
const POSTS = 12;


for (const engine of engines().slice(0, 1)) {
  describe(`WebSocket fan-out in slices [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it(`${SOCKETS} sockets each get ${POSTS} events published back to back, each once and in publishing order`, async () => {
      const reader = await makeUser(srv.url, admin.client);
      const team = await makeTeam(admin, [reader]);
      const channel = await makeChannel(admin, team, 'O', [reader]);
      const sockets: RawSocket[] = [];
      for (let i = 0; i < SOCKETS; i += 40) {
        sockets.push(...(await Promise.all(Array.from({ length: Math.min(40, SOCKETS - i) }, () => RawSocket.open(srv.url, { token: reader.client.getToken() })))));
      }
      await Promise.all(sockets.map((s) => s.waitFor((f) => f.event === 'hello', 20_000)));
      // Published back to back, so that later events queue in the hub while earlier ones are half delivered.
      const sent = Array.from({ length: POSTS }, (_, i) => ({ id: `post-${i}` }));
      await Promise.all(sent.map((p) => srv.parley.bus.publish(makeEvent('posted', { post: JSON.stringify(p) }, { channelId: channel.id }))));
      await srv.parley.hub.drain();
      for (const s of sockets) {
        await s.waitFor(() => s.events().filter((f) => f.event === 'posted').length >= POSTS, 20_000, 'all posts');
      }
      const first = sockets[0]!.events().filter((f) => f.event === 'posted').map((f) => (JSON.parse(String(f.data!.post)) as { id: string }).id);
      assert.deepEqual(first, sent.map((p) => p.id), 'every event arrives once, in publishing order');
      for (const s of sockets) {
        const posted = s.events().filter((f) => f.event === 'posted').map((f) => (JSON.parse(String(f.data!.post)) as { id: string }).id);
        assert.deepEqual(posted, first, 'every socket sees the same order');
        const seqs = s.events().map((f) => f.seq!);
        assert.deepEqual(seqs, seqs.map((_, i) => i), 'an unbroken sequence');
      }
      for (const s of sockets) s.close();
    });
  });
}
