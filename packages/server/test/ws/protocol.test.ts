import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engines, makeAdmin, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { officialClient, RawSocket, wsUrl, type Frame } from '../ws-harness.js';

const pref = (userId: string, i: number) => ({ user_id: userId, category: 'test', name: `n${i}`, value: String(i) });

for (const engine of engines()) {
  describe(`WebSocket protocol [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it('sends hello at seq 0 on header auth, then events with seq +1', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const sock = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      const hello = await sock.waitFor((f) => f.event === 'hello');
      assert.equal(hello.seq, 0);
      assert.match(String(hello.data?.connection_id), /^[a-z0-9]{26}$/);
      assert.match(String(hello.data?.server_version), /^11\.9\.0\./);
      assert.equal(hello.broadcast?.user_id, bob.user.id);
      await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, 1)]);
      await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, 2)]);
      await sock.waitFor((f) => f.event === 'preferences_changed' && String(f.data?.preferences).includes('"n2"'));
      const seqs = sock.events().map((f) => f.seq);
      assert.deepEqual(seqs, seqs.map((_, i) => i), 'seq counts events per connection from 0');
      const changed = sock.events().find((f) => f.event === 'preferences_changed')!;
      assert.equal(typeof changed.data?.preferences, 'string', 'preferences is a JSON string, as in Mattermost');
      sock.close();
    });

    it('authenticates with authentication_challenge; actions before it fail; a bad token closes the socket', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const sock = await RawSocket.open(srv.url);
      const early = await sock.request('ping');
      assert.equal(early.status, 'FAIL');
      assert.equal(early.error?.id, 'api.web_socket_router.not_authenticated.app_error');
      const ok = await sock.request('authentication_challenge', { token: bob.client.getToken() });
      assert.equal(ok.status, 'OK');
      const hello = await sock.waitFor((f) => f.event === 'hello');
      assert.equal(hello.seq, 0);
      assert.ok(sock.frames.indexOf(hello) < sock.frames.indexOf(ok), 'hello precedes the challenge reply');
      const pong = await sock.request('ping');
      assert.equal(pong.data?.text, 'pong');
      assert.equal(typeof pong.data?.server_time, 'number');
      assert.equal('seq' in pong, false, 'replies carry no seq');
      sock.close();

      const bad = await RawSocket.open(srv.url);
      bad.ws.send(JSON.stringify({ action: 'authentication_challenge', seq: 1, data: { token: 'x'.repeat(26) } }));
      await bad.waitClosed();
    });

    it('answers status actions and marks users online while connected, offline after', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const sock = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      await sock.waitFor((f) => f.event === 'hello');
      const byIds = await sock.request('get_statuses_by_ids', { user_ids: [bob.user.id] });
      assert.equal(byIds.data?.[bob.user.id], 'online');
      const all = await sock.request('get_statuses');
      assert.equal(all.data?.[bob.user.id], 'online');
      const unknown = await sock.request('no_such_action');
      assert.equal(unknown.status, 'FAIL');
      sock.close();
      await sock.waitClosed();
      let status = '';
      for (let i = 0; i < 50 && status !== 'offline'; i++) {
        status = (await admin.client.getStatus(bob.user.id)).status;
        if (status !== 'offline') await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(status, 'offline');
    });

    it('keeps events private: a user never receives another user\'s events', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const carol = await makeUser(srv.url, admin.client);
      const carolSock = await RawSocket.open(srv.url, { token: carol.client.getToken() });
      await carolSock.waitFor((f) => f.event === 'hello');
      await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, 7)]);
      await carol.client.savePreferences(carol.user.id, [pref(carol.user.id, 8)]);
      await carolSock.waitFor((f) => f.event === 'preferences_changed' && String(f.data?.preferences).includes('"n8"'));
      assert.equal(carolSock.events().filter((f) => f.event === 'preferences_changed').length, 1);
      carolSock.close();
    });

    it('resumes without loss: every event missed while disconnected arrives exactly once, in order', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const first = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      const hello = await first.waitFor((f) => f.event === 'hello');
      const connectionId = String(hello.data?.connection_id);
      first.close();
      await first.waitClosed();
      const lastSeq = Math.max(...first.events().map((f) => f.seq!));
      for (let i = 0; i < 100; i++) await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, i)]);
      await srv.parley.hub.drain();
      const second = await RawSocket.open(srv.url, { token: bob.client.getToken(), query: `connection_id=${connectionId}&sequence_number=${lastSeq + 1}` });
      await second.waitFor((f) => f.event === 'preferences_changed' && String(f.data?.preferences).includes('"n99"'));
      const events = second.events();
      assert.equal(events.some((f) => f.event === 'hello'), false, 'a resumed connection gets no hello');
      const prefs = events.filter((f) => f.event === 'preferences_changed').map((f) => (JSON.parse(String(f.data!.preferences)) as Array<{ name: string }>)[0]!.name);
      assert.deepEqual(prefs, Array.from({ length: 100 }, (_, i) => `n${i}`));
      assert.deepEqual(events.map((f) => f.seq), events.map((_, i) => lastSeq + 1 + i));
      second.close();
    });

    it('gives a new connection_id and hello when the resume point is unknown', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const sock = await RawSocket.open(srv.url, { token: bob.client.getToken(), query: `connection_id=${'y'.repeat(26)}&sequence_number=5` });
      const hello = await sock.waitFor((f) => f.event === 'hello');
      assert.equal(hello.seq, 0);
      assert.notEqual(hello.data?.connection_id, 'y'.repeat(26));
      sock.close();
    });

    it('works with the official WebSocketClient: hello, events in sequence, ping', async () => {
      const bob = await makeUser(srv.url, admin.client);
      const ws = officialClient();
      const received: Frame[] = [];
      ws.addMessageListener((msg: unknown) => received.push(msg as Frame));
      const opened = new Promise<void>((resolve) => ws.addFirstConnectListener(() => resolve()));
      ws.initialize(wsUrl(srv.url), bob.client.getToken());
      after(() => ws.close());
      await opened;
      for (let i = 0; i < 30 && !received.some((m) => m.event === 'hello'); i++) await new Promise((r) => setTimeout(r, 20));
      await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, 1)]);
      for (let i = 0; i < 100 && !received.some((m) => m.event === 'preferences_changed'); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(received[0]?.event, 'hello');
      assert.ok(received.some((m) => m.event === 'preferences_changed'));
      const statuses = await new Promise<Frame>((resolve) => ws.getStatusesByIds([bob.user.id], ((msg: unknown) => resolve(msg as Frame)) as () => void));
      assert.equal(statuses.data?.[bob.user.id], 'online');
    });
  });

  describe(`WebSocket user_updated privacy [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    before(async () => {
      srv = await startTestServer(engine, { showEmailAddress: false, showFullName: false });
      admin = await makeAdmin(srv.url);
    });
    after(() => srv.close());

    it('sends the full user to self and admins, a sanitised one to everyone else', async () => {
      const bob = await makeUser(srv.url, admin.client, { first_name: 'Bob' });
      const carol = await makeUser(srv.url, admin.client);
      const socks = await Promise.all([bob, carol, admin].map((u) => RawSocket.open(srv.url, { token: u.client.getToken() })));
      await Promise.all(socks.map((s) => s.waitFor((f) => f.event === 'hello')));
      await bob.client.patchMe({ nickname: 'bobby' });
      const [own, other, adm] = await Promise.all(socks.map((s) => s.waitFor((f) => f.event === 'user_updated')));
      const userOf = (f: Frame) => f.data!.user as Record<string, unknown>;
      assert.equal(userOf(own!).email, `${bob.user.username}@example.com`);
      assert.equal(userOf(adm!).email, `${bob.user.username}@example.com`);
      assert.equal(userOf(other!).email, '');
      assert.equal(userOf(other!).first_name, '');
      assert.deepEqual(userOf(other!).notify_props, {});
      assert.equal(userOf(other!).nickname, 'bobby');
      for (const s of socks) s.close();
    });
  });
}
