// Event delivery and privacy: every event the app emits reaches exactly the audience Mattermost gives it
// (reference §5) with Mattermost's payload shape — and nobody else, checked by the absence of any frame
// naming the channel or post after a settle barrier. Ends with a resume through the official client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import mmClient from '@mattermost/client';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Reaction } from '@mattermost/types/reactions';
import type { Team } from '@mattermost/types/teams';
import type { UserStatus } from '@mattermost/types/users';
import { engines, makeAdmin, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { officialClient, RawSocket, wsUrl, type Frame } from '../ws-harness.js';
import { createChannel, createTeam, json, markAll, settle, Watcher } from './ws-kit.js';

const { WebSocketClient } = mmClient;

const postOf = (f: Frame): Post => json<Post>(f.data?.post);

/** Asserts a watcher received nothing naming any of these ids since its mark. */
function assertNothingAbout(w: Watcher, ids: readonly string[], what: string): void {
  for (const id of ids) assert.deepEqual(w.mentioning(id), [], `${w.name} must not hear of ${what}`);
}

for (const engine of engines()) {
  describe(`WebSocket events [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser; // created the team: team admin
    let bob: TestUser;
    let carol: TestUser;
    let dave: TestUser; // on the team, in none of the test channels
    let erin: TestUser; // on another team only
    let team: Team;
    let wa: Watcher, wb: Watcher, wc: Watcher, wd: Watcher, we: Watcher;
    let everyone: Watcher[];

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      const user = () => makeUser(srv.url, admin.client);
      [alice, bob, carol, dave, erin] = await Promise.all([user(), user(), user(), user(), user()]);
      team = await createTeam(alice.client);
      for (const u of [bob, carol, dave]) await alice.client.addToTeam(team.id, u.user.id);
      await createTeam(erin.client);
      const open = (u: TestUser) => Watcher.open(srv, u);
      [wa, wb, wc, wd, we] = await Promise.all([open(alice), open(bob), open(carol), open(dave), open(erin)]);
      everyone = [wa, wb, wc, wd, we];
    });
    after(async () => {
      for (const w of everyone ?? []) w.close();
      await srv.close();
    });

    /** A public channel of alice's with bob and carol in it. */
    async function publicChannel(): Promise<ServerChannel> {
      const ch = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, ch.id);
      await alice.client.addToChannel(carol.user.id, ch.id);
      return ch;
    }

    /**
     * Post, reply, edit, react, unreact, type and delete in one conversation; members see each event
     * with its payload, outsiders see nothing that names the channel or the posts.
     */
    async function exercise(channel: ServerChannel, members: Watcher[], outsiders: Watcher[]): Promise<void> {
      const [author, other] = members as [Watcher, Watcher];
      const all = [...members, ...outsiders];
      await markAll(srv, all);
      const root = await author.user.client.createPost({ channel_id: channel.id, message: 'root' });
      const reply = await other.user.client.createPost({ channel_id: channel.id, message: 'reply', root_id: root.id });
      await author.user.client.patchPost({ id: root.id, message: 'root edited' });
      await other.user.client.addReaction(other.id, root.id, 'smile');
      await other.user.client.removeReaction(other.id, root.id, 'smile');
      const typed = await author.sock.request('user_typing', { channel_id: channel.id, parent_id: root.id });
      assert.equal(typed.status, 'OK');
      await other.user.client.deletePost(reply.id);
      await settle(srv, all);

      const kind = `${channel.type} channel`;
      for (const m of members) {
        const about = m.events().filter((f) => f.broadcast?.channel_id === channel.id);
        const posted = m.events('posted');
        assert.deepEqual(posted.map((f) => postOf(f).id), [root.id, reply.id], `${kind}: ${m.name} gets both posts once`);
        const first = posted[0]!.data!;
        assert.equal(first.channel_type, channel.type);
        assert.equal(first.channel_name, channel.name);
        assert.equal(first.sender_name, `@${author.name}`);
        assert.equal(first.team_id, channel.team_id);
        if (channel.type === 'O' || channel.type === 'P') assert.equal(first.channel_display_name, channel.display_name);

        const edited = m.events('post_edited');
        assert.equal(edited.length, 1, `${kind}: ${m.name} gets post_edited`);
        const e = postOf(edited[0]!);
        assert.equal(e.id, root.id);
        assert.equal(e.message, 'root edited');
        assert.ok(e.edit_at > 0, 'edit_at is set');

        for (const name of ['reaction_added', 'reaction_removed']) {
          const frames = m.events(name);
          assert.equal(frames.length, 1, `${kind}: ${m.name} gets ${name}`);
          const r = json<Reaction>(frames[0]!.data?.reaction);
          assert.deepEqual([r.user_id, r.post_id, r.emoji_name], [other.id, root.id, 'smile']);
          assert.equal(typeof r.create_at, 'number');
        }

        const typing = m.events('typing');
        if (m === author) assert.equal(typing.length, 0, 'the typer is omitted');
        else {
          assert.equal(typing.length, 1, `${kind}: ${m.name} sees typing`);
          assert.deepEqual(typing[0]!.data, { parent_id: root.id, user_id: author.id });
          assert.deepEqual(typing[0]!.broadcast?.omit_users, { [author.id]: true });
        }

        const deleted = m.events('post_deleted');
        assert.equal(deleted.length, 1, `${kind}: ${m.name} gets post_deleted`);
        const d = postOf(deleted[0]!);
        assert.equal(d.id, reply.id);
        assert.ok(d.delete_at > 0, 'delete_at is set');

        const expected = m === author ? 6 : 7; // 2 posted, edited, 2 reactions, deleted (+ typing)
        assert.equal(about.length, expected, `${kind}: ${m.name} got ${about.map((f) => f.event).join(',')}`);
      }
      for (const o of outsiders) assertNothingAbout(o, [channel.id, root.id, reply.id], `the ${kind}`);
    }

    it('posted in a public channel reaches every member (author included) with its payload, nobody else', async () => {
      const ch = await publicChannel();
      await markAll(srv, everyone);
      const post = await bob.client.createPost({ channel_id: ch.id, message: 'hello everyone' });
      await settle(srv, everyone);
      for (const w of [wa, wb, wc]) {
        const posted = w.events('posted');
        assert.equal(posted.length, 1, `${w.name} gets the post exactly once`);
        const f = posted[0]!;
        assert.equal(typeof f.data?.post, 'string', 'post is a JSON string');
        const p = postOf(f);
        assert.equal(p.id, post.id);
        assert.deepEqual([p.message, p.user_id, p.channel_id, p.create_at], [post.message, bob.user.id, ch.id, post.create_at]);
        assert.equal(f.data?.channel_type, 'O');
        assert.equal(f.data?.channel_name, ch.name);
        assert.equal(f.data?.channel_display_name, ch.display_name);
        assert.equal(f.data?.sender_name, `@${bob.user.username}`);
        assert.equal(f.data?.team_id, team.id);
        assert.equal(typeof f.data?.set_online, 'boolean');
        assert.equal(f.broadcast?.channel_id, ch.id);
      }
      assertNothingAbout(wd, [ch.id, post.id], 'a channel they are not in');
      assertNothingAbout(we, [ch.id, post.id], 'another team');
    });

    it('public channel: edit, delete, reactions and typing reach its members only', async () => {
      const ch = await publicChannel();
      await exercise(ch, [wb, wc, wa], [wd, we]);
    });

    it('private channel: every event reaches its members only', async () => {
      const ch = await createChannel(alice.client, team.id, 'P');
      await alice.client.addToChannel(bob.user.id, ch.id);
      await exercise(ch, [wa, wb], [wc, wd, we]);
    });

    it('DM: direct_added and every later event reach the two members only', async () => {
      const outsiders = [wa, wd, we];
      await markAll(srv, everyone);
      const dm = await bob.client.createDirectChannel([bob.user.id, carol.user.id]);
      await settle(srv, everyone);
      for (const w of [wb, wc]) {
        const added = w.events('direct_added');
        assert.equal(added.length, 1, `${w.name} gets direct_added`);
        assert.deepEqual(added[0]!.data, { creator_id: bob.user.id, teammate_id: carol.user.id });
        assert.equal(added[0]!.broadcast?.channel_id, dm.id);
      }
      for (const o of outsiders) assertNothingAbout(o, [dm.id], 'a DM between others');
      await exercise(dm, [wb, wc], outsiders);
    });

    it('GM: group_added and every later event reach its members only', async () => {
      const outsiders = [wd, we];
      await markAll(srv, everyone);
      const gm = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
      await settle(srv, everyone);
      for (const w of [wa, wb, wc]) {
        const added = w.events('group_added');
        assert.equal(added.length, 1, `${w.name} gets group_added`);
        assert.deepEqual(json<string[]>(added[0]!.data?.teammate_ids).sort(), [alice.user.id, bob.user.id, carol.user.id].sort());
        assert.equal(added[0]!.broadcast?.channel_id, gm.id);
      }
      for (const o of outsiders) assertNothingAbout(o, [gm.id], 'a GM between others');
      await exercise(gm, [wc, wa, wb], outsiders);
    });

    it('typing reaches the other members, not the typer; a non-member typing in a private channel gets FAIL and nobody hears', async () => {
      const ch = await publicChannel();
      await markAll(srv, everyone);
      const ok = await wb.sock.request('user_typing', { channel_id: ch.id, parent_id: '' });
      assert.equal(ok.status, 'OK');
      await settle(srv, everyone);
      for (const w of [wa, wc]) {
        const typing = w.events('typing');
        assert.equal(typing.length, 1, `${w.name} sees bob typing`);
        assert.deepEqual(typing[0]!.data, { parent_id: '', user_id: bob.user.id });
        assert.equal(typing[0]!.broadcast?.channel_id, ch.id);
      }
      for (const w of [wb, wd, we]) assert.deepEqual(w.events('typing'), [], `${w.name} sees no typing`);

      const secret = await createChannel(alice.client, team.id, 'P');
      await alice.client.addToChannel(bob.user.id, secret.id);
      await markAll(srv, everyone);
      const refused = await wd.sock.request('user_typing', { channel_id: secret.id, parent_id: '' });
      assert.equal(refused.status, 'FAIL', 'a non-member may not type in a private channel');
      assert.equal(typeof refused.error?.id, 'string');
      await settle(srv, everyone);
      for (const w of everyone) assert.deepEqual(w.events('typing'), [], `${w.name} hears no typing`);
    });

    it('channel_created, user_added, channel_updated, user_removed and channel_deleted: payloads and audiences', async () => {
      await markAll(srv, everyone);
      const p = await createChannel(alice.client, team.id, 'P');
      await settle(srv, everyone);
      const created = wa.events('channel_created');
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]!.data, { channel_id: p.id, team_id: team.id });
      assert.equal(created[0]!.broadcast?.user_id, alice.user.id, 'channel_created goes to the creator');
      for (const w of [wb, wc, wd, we]) assertNothingAbout(w, [p.id], 'a new private channel');

      const added = async (user: TestUser, audience: Watcher[], others: Watcher[]) => {
        await markAll(srv, everyone);
        await alice.client.addToChannel(user.user.id, p.id);
        await settle(srv, everyone);
        for (const w of audience) {
          const f = w.events('user_added');
          assert.equal(f.length, 1, `${w.name} gets user_added for ${user.user.username}`);
          assert.deepEqual(f[0]!.data, { user_id: user.user.id, team_id: team.id });
          assert.equal(f[0]!.broadcast?.channel_id, p.id);
        }
        for (const w of others) assertNothingAbout(w, [p.id], 'a private channel they are not in');
      };
      await added(bob, [wa, wb], [wc, wd, we]);
      await added(carol, [wa, wb, wc], [wd, we]);

      await markAll(srv, everyone);
      await alice.client.patchChannel(p.id, { header: 'new header' });
      await settle(srv, everyone);
      for (const w of [wa, wb, wc]) {
        const f = w.events('channel_updated');
        assert.equal(f.length, 1, `${w.name} gets channel_updated`);
        const c = json<ServerChannel>(f[0]!.data?.channel);
        assert.deepEqual([c.id, c.header, c.type, c.team_id], [p.id, 'new header', 'P', team.id]);
        assert.equal(f[0]!.broadcast?.channel_id, p.id);
      }
      for (const w of [wd, we]) assertNothingAbout(w, [p.id], 'a private channel they are not in');

      await markAll(srv, everyone);
      await alice.client.removeFromChannel(carol.user.id, p.id);
      await settle(srv, everyone);
      for (const w of [wa, wb]) {
        const f = w.events('user_removed');
        assert.equal(f.length, 1, `${w.name} gets user_removed`);
        assert.deepEqual(f[0]!.data, { user_id: carol.user.id, remover_id: alice.user.id });
        assert.equal(f[0]!.broadcast?.channel_id, p.id);
      }
      const own = wc.events('user_removed');
      assert.equal(own.length, 1, 'the removed user is told once, directly');
      assert.deepEqual(own[0]!.data, { channel_id: p.id, remover_id: alice.user.id });
      assert.equal(own[0]!.broadcast?.user_id, carol.user.id);
      for (const w of [wd, we]) assertNothingAbout(w, [p.id], 'a private channel they are not in');

      // Carol is out: the channel's later events pass her by.
      await markAll(srv, everyone);
      const after1 = await bob.client.createPost({ channel_id: p.id, message: 'carol has gone' });
      await bob.client.addReaction(bob.user.id, after1.id, 'wave');
      await alice.client.patchChannel(p.id, { purpose: 'secret plans' });
      const typed = await wb.sock.request('user_typing', { channel_id: p.id, parent_id: '' });
      assert.equal(typed.status, 'OK');
      await settle(srv, everyone);
      assert.equal(wa.events('posted').filter((f) => postOf(f).id === after1.id).length, 1);
      for (const w of [wc, wd, we]) assertNothingAbout(w, [p.id, after1.id], 'a private channel they left');

      await markAll(srv, everyone);
      await alice.client.deleteChannel(p.id);
      await settle(srv, everyone);
      for (const w of [wa, wb]) {
        const f = w.events('channel_deleted');
        assert.equal(f.length, 1, `${w.name} gets channel_deleted`);
        assert.equal(f[0]!.data?.channel_id, p.id);
        assert.equal(typeof f[0]!.data?.delete_at, 'number');
      }
      // Stricter than Mattermost, which tells the whole team: a private channel's archive reaches its members.
      for (const w of [wc, wd, we]) assertNothingAbout(w, [p.id], 'the archive of a private channel');

      const o = await publicChannel();
      await markAll(srv, everyone);
      await alice.client.deleteChannel(o.id);
      await settle(srv, everyone);
      for (const w of [wa, wb, wc, wd]) {
        const f = w.events('channel_deleted');
        assert.equal(f.length, 1, `${w.name} (team member) gets channel_deleted of a public channel`);
        assert.equal(f[0]!.data?.channel_id, o.id);
        assert.equal(typeof f[0]!.data?.delete_at, 'number');
        assert.equal(f[0]!.broadcast?.team_id, team.id);
      }
      assertNothingAbout(we, [o.id], 'another team');
    });

    it('added_to_team goes to the added user; leave_team to the team and the leaver', async () => {
      const frank = await makeUser(srv.url, admin.client);
      const wf = await Watcher.open(srv, frank);
      const all = [...everyone, wf];
      try {
        await markAll(srv, all);
        await alice.client.addToTeam(team.id, frank.user.id);
        await settle(srv, all);
        const added = wf.events('added_to_team');
        assert.equal(added.length, 1);
        assert.deepEqual(added[0]!.data, { team_id: team.id, user_id: frank.user.id });
        assert.equal(added[0]!.broadcast?.user_id, frank.user.id);
        for (const w of everyone) assert.deepEqual(w.events('added_to_team'), [], `${w.name} is not told`);

        await markAll(srv, all);
        await frank.client.removeFromTeam(team.id, frank.user.id);
        await settle(srv, all);
        for (const w of [wa, wb, wc, wd, wf]) {
          const f = w.events('leave_team');
          assert.equal(f.length, 1, `${w.name} gets leave_team once`);
          assert.deepEqual(f[0]!.data, { user_id: frank.user.id, team_id: team.id });
        }
        assert.deepEqual(we.events('leave_team'), [], 'another team is not told');
      } finally {
        wf.close();
      }
    });

    it('multiple_channels_viewed, preferences_changed/deleted and status_change go to the user alone', async () => {
      const ch = await publicChannel();
      await alice.client.createPost({ channel_id: ch.id, message: `@${bob.user.username} look` });
      await markAll(srv, everyone);
      await bob.client.viewMyChannel(ch.id);
      await settle(srv, everyone);
      const viewed = wb.events('multiple_channels_viewed');
      assert.equal(viewed.length, 1);
      const member = await bob.client.getMyChannelMember(ch.id);
      assert.deepEqual(viewed[0]!.data, { channel_times: { [ch.id]: member.last_viewed_at } });
      assert.equal(viewed[0]!.broadcast?.user_id, bob.user.id);

      const prefs: PreferenceType[] = [{ user_id: bob.user.id, category: 'display_settings', name: 'use_military_time', value: 'true' }];
      await bob.client.savePreferences(bob.user.id, prefs);
      await settle(srv, everyone);
      const changed = wb.events('preferences_changed');
      assert.equal(changed.length, 1);
      assert.deepEqual(json<PreferenceType[]>(changed[0]!.data?.preferences), prefs);
      await bob.client.deletePreferences(bob.user.id, prefs);
      await settle(srv, everyone);
      const deleted = wb.events('preferences_deleted');
      assert.equal(deleted.length, 1);
      assert.deepEqual(json<PreferenceType[]>(deleted[0]!.data?.preferences), prefs);

      await bob.client.updateStatus({ user_id: bob.user.id, status: 'away' } as UserStatus);
      await settle(srv, everyone);
      const status = wb.events('status_change');
      assert.equal(status.length, 1);
      assert.deepEqual(status[0]!.data, { status: 'away', user_id: bob.user.id });
      assert.equal(status[0]!.broadcast?.user_id, bob.user.id);
      await bob.client.updateStatus({ user_id: bob.user.id, status: 'online' } as UserStatus);
      await settle(srv, everyone);

      for (const w of [wa, wc, wd, we]) {
        for (const name of ['multiple_channels_viewed', 'preferences_changed', 'preferences_deleted', 'status_change']) {
          assert.deepEqual(w.events(name), [], `${w.name} gets none of bob's ${name}`);
        }
      }
    });

    it('user_updated (an object, not a string) and new_user reach everyone', async () => {
      await markAll(srv, everyone);
      await bob.client.patchMe({ position: 'tester' });
      const gus = await makeUser(srv.url, admin.client);
      await settle(srv, everyone);
      for (const w of everyone) {
        const updated = w.events('user_updated');
        assert.equal(updated.length, 1, `${w.name} gets user_updated`);
        const user = updated[0]!.data?.user as { id?: unknown; position?: unknown } | undefined;
        assert.equal(typeof user, 'object');
        assert.deepEqual([user?.id, user?.position], [bob.user.id, 'tester']);
        const created = w.events('new_user');
        assert.equal(created.length, 1, `${w.name} gets new_user`);
        assert.deepEqual(created[0]!.data, { user_id: gus.user.id });
      }
    });

    /** A fresh team member in a private channel of alice's, with a socket. */
    async function memberWithSocket(): Promise<{ u: TestUser; w: Watcher; room: ServerChannel }> {
      const u = await makeUser(srv.url, admin.client);
      await alice.client.addToTeam(team.id, u.user.id);
      const room = await createChannel(alice.client, team.id, 'P');
      await alice.client.addToChannel(u.user.id, room.id);
      return { u, w: await Watcher.open(srv, u), room };
    }

    /** After `revoke`, a post in the user's private channel must not reach their still-open socket. */
    async function assertCutOff(revoke: (u: TestUser) => Promise<unknown>, why: string): Promise<void> {
      const { u, w, room } = await memberWithSocket();
      try {
        await markAll(srv, [w]);
        await revoke(u);
        const post = await alice.client.createPost({ channel_id: room.id, message: 'not for revoked sessions' });
        await srv.parley.hub.drain();
        // A reply (OK or FAIL) is written behind anything the hub handed the socket; a closed socket is fine too.
        if (!w.sock.closed) await w.sock.request('ping').catch(() => undefined);
        assert.deepEqual(w.mentioning(post.id), [], why);
      } finally {
        w.close();
      }
    }

    const MM_AUTH = 'Mattermost sends nothing to a connection whose session is gone (WebConn.ShouldSendEvent → IsAuthenticated)';

    it('a socket whose session was revoked by logout receives no further events', async () => {
      await assertCutOff((u) => u.client.logout(), MM_AUTH);
    });

    it('a deactivated user\'s socket receives no further events', async () => {
      await assertCutOff((u) => admin.client.updateUserActive(u.user.id, false), MM_AUTH);
    });

    it('a user removed from the team hears nothing more of its private channels', async () => {
      await assertCutOff((u) => alice.client.removeFromTeam(team.id, u.user.id), 'no longer a member of the channel');
    });

    it('another user cannot resume someone else\'s connection', async () => {
      const first = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      const hello = await first.waitFor((f) => f.event === 'hello');
      first.close();
      await first.waitClosed();
      const next = Math.max(...first.events().map((f) => f.seq!)) + 1;
      const ch = await publicChannel();
      const missed = await alice.client.createPost({ channel_id: ch.id, message: 'for bob\'s connection only' });
      await srv.parley.hub.drain();
      const intruder = await RawSocket.open(srv.url, { token: dave.client.getToken(), query: `connection_id=${String(hello.data?.connection_id)}&sequence_number=${next}` });
      try {
        const own = await intruder.waitFor((f) => f.event === 'hello');
        assert.notEqual(own.data?.connection_id, hello.data?.connection_id, 'a new connection, not bob\'s');
        assert.equal(own.seq, 0);
        assert.equal(own.broadcast?.user_id, dave.user.id);
        await intruder.request('ping');
        assert.equal(intruder.frames.some((f) => JSON.stringify(f).includes(missed.id)), false, 'none of bob\'s missed events');
      } finally {
        intruder.close();
      }
    });

    it('resumes with the official client: 100 posted events missed while away arrive exactly once, in order, no hello', async () => {
      const ivy = await makeUser(srv.url, admin.client);
      await alice.client.addToTeam(team.id, ivy.user.id);
      const ch = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(ivy.user.id, ch.id);

      // While "offline", new connections go to a server that never answers the upgrade, so the client
      // retries on its own schedule only once that attempt is cut — as after a real network loss.
      const held: Socket[] = [];
      const blackHole = http.createServer();
      blackHole.on('upgrade', (_req, socket: Socket) => held.push(socket));
      await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
      const holePort = (blackHole.address() as { port: number }).port;
      let offline = false;
      const sockets: WebSocket[] = [];

      officialClient(); // installs the global WebSocket and CloseEvent the official client needs on Node 20
      const client = new WebSocketClient({
        newWebSocketFn: (url: string) => {
          const s = new WebSocket(offline ? `ws://127.0.0.1:${holePort}/api/v4/websocket` : url);
          sockets.push(s);
          return s as unknown as globalThis.WebSocket;
        },
        clientPingInterval: 60_000,
        minWebSocketRetryTime: 20,
        reconnectJitterRange: 0,
      });
      const received: Frame[] = [];
      let reconnects = 0;
      let missed = 0;
      client.addMessageListener((msg) => received.push(msg as unknown as Frame));
      client.addReconnectListener(() => (reconnects += 1));
      client.addMissedMessageListener(() => (missed += 1));
      const quiet = console.log;
      console.log = () => undefined; // the client narrates every connect, close and error
      const until = async (cond: () => boolean, what: string) => {
        for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
        assert.ok(cond(), `timed out waiting for ${what}`);
      };
      try {
        client.initialize(wsUrl(srv.url), ivy.client.getToken());
        await until(() => received.some((m) => m.event === 'hello'), 'hello');
        const helloCount = received.filter((m) => m.event === 'hello').length;

        offline = true;
        sockets.at(-1)!.terminate(); // the network drops
        await until(() => held.length === 1, 'the reconnect attempt to reach the black hole');
        const created: string[] = [];
        for (let i = 0; i < 100; i++) created.push((await alice.client.createPost({ channel_id: ch.id, message: `missed ${i}` })).id);
        await srv.parley.hub.drain();

        offline = false;
        held[0]!.destroy(); // the pending attempt fails; the client retries with connection_id + sequence_number
        const isOurs = (m: Frame) => m.event === 'posted' && String(m.data?.post).includes(ch.id);
        await until(() => received.filter(isOurs).length >= 100, '100 posted events');
        // A reply is written behind everything the server sent before it: nothing more can be in flight.
        await new Promise<void>((resolve) => client.getStatusesByIds([ivy.user.id], () => resolve()));

        assert.equal(reconnects, 1, 'one reconnect, no sequence-mismatch reconnects');
        assert.equal(missed, 0, 'no missed-message resync: the server resumed the connection');
        assert.equal(received.filter((m) => m.event === 'hello').length, helloCount, 'a resumed connection gets no hello');
        assert.deepEqual(received.filter(isOurs).map((m) => postOf(m).id), created, 'each post once, in order');
        assert.deepEqual(received.map((m) => m.seq), received.map((_, i) => i), 'one unbroken sequence');
      } finally {
        client.close();
        console.log = quiet;
        blackHole.close();
      }
    });
  });
}
