// Two and three app nodes on one PostgreSQL schema and a real broker, for Redis and for NATS: events cross
// nodes, membership and session changes made on one node take effect on the others, presence counts
// sockets on every node, and a bus gap sends every client of a node to resync.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { Post } from '@mattermost/types/posts';
import { client, makeAdmin, makeChannel, makeTeam, makeUser, raw, type TestUser } from '../harness.js';
import { RawSocket, type Frame } from '../ws-harness.js';
import { busKinds, eventually, startTestCluster, type BusKind, type TestCluster } from '../cluster-harness.js';

/** The same user, talking to another node. */
function on(nodeUrl: string, u: TestUser): TestUser {
  return { ...u, client: client(nodeUrl, u.client.getToken()) };
}

async function socket(nodeUrl: string, u: TestUser): Promise<RawSocket> {
  const s = await RawSocket.open(nodeUrl, { token: u.client.getToken() });
  await s.waitFor((f) => f.event === 'hello', 5000, 'hello');
  return s;
}

const postedWith = (message: string) => (f: Frame) => f.event === 'posted' && (JSON.parse(String(f.data?.post)) as Post).message === message;

async function statusOf(viewer: TestUser, userId: string): Promise<string> {
  return (await viewer.client.getStatus(userId)).status;
}

/** Sends a raw message on the cluster's bus channel, as a broken or lossy sender would. */
async function injectRaw(bus: BusKind, cluster: TestCluster, payload: string): Promise<void> {
  if (bus === 'redis') {
    const r = new Redis(cluster.busUrl);
    try {
      await r.publish(`${cluster.clusterName}:events`, payload);
    } finally {
      r.disconnect();
    }
  } else {
    const nc = await natsConnect({ servers: cluster.busUrl });
    nc.publish(`${cluster.clusterName}.events`, new TextEncoder().encode(payload));
    await nc.drain();
  }
}

for (const bus of busKinds()) {
  describe(`cluster of app nodes over ${bus}`, () => {
    let cluster: TestCluster;
    let a: string;
    let b: string;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;

    before(async () => {
      cluster = await startTestCluster(bus, 3);
      [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
      admin = await makeAdmin(a);
      alice = await makeUser(a, admin.client);
      bob = on(b, await makeUser(a, admin.client));
    });
    after(async () => {
      await cluster?.close();
    });

    it('delivers a post made on one node to sockets on the others, in order, with typing too', async () => {
      const team = await makeTeam(admin, [alice, bob]);
      const channel = await makeChannel(alice, team, 'O', [bob]);
      const aliceWs = await socket(a, alice);
      const bobWs = await socket(b, bob);
      try {
        for (let i = 0; i < 5; i++) await bob.client.createPost({ channel_id: channel.id, message: `from b ${i}` } as Post);
        await alice.client.createPost({ channel_id: channel.id, message: 'from a' } as Post);
        const got = await aliceWs.waitFor(postedWith('from b 4'));
        await bobWs.waitFor(postedWith('from a'));
        const order = aliceWs.events().filter((f) => f.event === 'posted').map((f) => (JSON.parse(String(f.data?.post)) as Post).message);
        assert.deepEqual(order.slice(0, 5), ['from b 0', 'from b 1', 'from b 2', 'from b 3', 'from b 4']);
        const seqs = aliceWs.events().map((f) => f.seq as number);
        assert.deepEqual(seqs, seqs.map((_, i) => i), 'seq counts up from hello without holes');
        assert.ok(got.seq! > 0);
        // typing on node A reaches bob's socket on node B (and not alice herself)
        await aliceWs.request('user_typing', { channel_id: channel.id, parent_id: '' });
        const typing = await bobWs.waitFor((f) => f.event === 'typing');
        assert.equal(typing.data?.user_id, alice.user.id);
      } finally {
        aliceWs.close();
        bobWs.close();
      }
    });

    it('applies membership changes made on one node to routing on another', async () => {
      const carol = on(b, await makeUser(a, admin.client));
      const team = await makeTeam(admin, [alice, carol]);
      const channel = await makeChannel(alice, team, 'O');
      const carolWs = await socket(b, carol);
      const aliceOnB = await socket(b, alice);
      try {
        // Node B loads the channel's member list for this post (carol not in it) ...
        await alice.client.createPost({ channel_id: channel.id, message: 'before carol' } as Post);
        // (membership is read when node B routes the event, so wait until it has, or carol might be in it)
        await aliceOnB.waitFor(postedWith('before carol'));
        // ... then alice adds carol through node A; node B must route the next post to her.
        await alice.client.addToChannel(carol.user.id, channel.id);
        await alice.client.createPost({ channel_id: channel.id, message: 'after carol joined' } as Post);
        await carolWs.waitFor(postedWith('after carol joined'));
        assert.equal(carolWs.events().some(postedWith('before carol')), false);
        await alice.client.removeFromChannel(carol.user.id, channel.id);
        await alice.client.createPost({ channel_id: channel.id, message: 'after carol left' } as Post);
        await alice.client.createPost({ channel_id: channel.id, message: 'marker' } as Post);
        // A message to carol's own channel proves her socket is current before we look for absence.
        const dm = await alice.client.createDirectChannel([alice.user.id, carol.user.id]);
        await alice.client.createPost({ channel_id: dm.id, message: 'dm marker' } as Post);
        await carolWs.waitFor(postedWith('dm marker'));
        assert.equal(carolWs.events().some(postedWith('after carol left')), false);
      } finally {
        carolWs.close();
        aliceOnB.close();
      }
    });

    it('revokes sessions everywhere: a socket on another node closes and REST there refuses the token', async () => {
      const dave = await makeUser(a, admin.client);
      const daveB = on(b, dave);
      const ws = await socket(b, daveB);
      await admin.client.revokeAllSessionsForUser(dave.user.id);
      const closed = await ws.waitClosed();
      assert.equal(closed.code, 1008);
      const r = await raw(b, 'GET', '/api/v4/users/me', { token: dave.client.getToken() });
      assert.equal(r.status, 401);
    });

    it('applies a configuration saved on one node on every node, before its clients hear config_changed', async () => {
      const ws = await socket(b, bob);
      await admin.client.patchConfig({ TeamSettings: { SiteName: 'Cluster Site' } } as never);
      const frame = await ws.waitFor((f) => f.event === 'config_changed', 5000, 'config_changed on node 2');
      assert.equal((frame.data?.config as Record<string, string>).SiteName, 'Cluster Site');
      // Node 2 applied it (from the database) before delivering the event to its sockets.
      const onB = (await client(b).getClientConfig()) as Record<string, string>;
      assert.equal(onB.SiteName, 'Cluster Site');
      await eventually(async () => cluster.nodes[2]!.app.ctx.config.settings.siteName === 'Cluster Site', 'node 3 applied the configuration');
      ws.close();
    });

    it('keeps a user online while any node holds a socket, and offline once none does', async () => {
      const erin = await makeUser(a, admin.client);
      const onA = await socket(a, erin);
      const onB = await socket(b, erin);
      await eventually(async () => (await statusOf(bob, erin.user.id)) === 'online', 'erin online');
      onA.close();
      await onA.waitClosed();
      // Node A's last socket for erin closed; node B still holds one.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await statusOf(bob, erin.user.id), 'online');
      const rows = await cluster.sql<{ n: string }>('SELECT count(*) AS n FROM presence_connections WHERE user_id = $1', [erin.user.id]);
      assert.equal(Number(rows[0]!.n), 1);
      onB.close();
      await eventually(async () => (await statusOf(bob, erin.user.id)) === 'offline', 'erin offline after her last socket');
    });

    it('settles the users of a node that stopped heartbeating (a crash) through any node\'s sweep', async () => {
      const frank = await makeUser(a, admin.client);
      const third = cluster.nodes[2]!;
      const ws = await socket(third.url, frank);
      await eventually(async () => (await statusOf(alice, frank.user.id)) === 'online', 'frank online');
      // As if node 3 died: its heartbeat is old. Its socket stays open, but nobody may count on that node.
      await cluster.sql('UPDATE cluster_nodes SET heartbeat_at = 0 WHERE id = $1', [third.node.instanceId]);
      const changed = await cluster.nodes[0]!.app.cluster.sweep(30_000);
      assert.ok(changed >= 1);
      assert.equal(await statusOf(alice, frank.user.id), 'offline');
      const left = await cluster.sql('SELECT * FROM presence_connections WHERE instance_id = $1', [third.node.instanceId]);
      assert.equal(left.length, 0);
      // Its next heartbeat registers it again; the user reconnecting anywhere is online again.
      await third.app.cluster.heartbeat();
      ws.close();
      await ws.waitClosed();
      const again = await socket(b, frank);
      await eventually(async () => (await statusOf(alice, frank.user.id)) === 'online', 'frank online again');
      again.close();
      const nodes = await cluster.nodes[0]!.app.cluster.nodes();
      assert.equal(nodes.length, 3);
    });

    it('sends every client of a node to resync when its bus shows a gap, and they reconnect without resume', async () => {
      const team = await makeTeam(admin, [alice, bob]);
      const channel = await makeChannel(alice, team, 'O', [bob]);
      const ws = await socket(b, bob);
      const hello = ws.events()[0]!;
      const before = cluster.nodes.map((n) => n.hub.resyncs);
      // A sender that skipped sequence numbers: a first message from it, then one four numbers later.
      const event = { event: 'typing', data: { user_id: 'x', parent_id: '' }, broadcast: { omit_users: null, user_id: '', channel_id: channel.id, team_id: '', connection_id: '', omit_connection_id: '' } };
      await injectRaw(bus, cluster, JSON.stringify({ o: 'lossy-sender', s: 1, e: event }));
      await injectRaw(bus, cluster, JSON.stringify({ o: 'lossy-sender', s: 5, e: event }));
      await injectRaw(bus, cluster, 'not json at all');
      const closed = await ws.waitClosed();
      assert.equal(closed.code, 1012);
      // Every node heard the same messages; each resyncs once (the others may still be processing them).
      for (const [i, n] of cluster.nodes.entries()) await eventually(async () => n.hub.resyncs === before[i]! + 1, `node ${i + 1} resynced once`);
      await new Promise((r) => setTimeout(r, 200));
      for (const [i, n] of cluster.nodes.entries()) assert.equal(n.hub.resyncs, before[i]! + 1, `node ${i + 1} resynced exactly once`);
      // The client reconnects with its connection id and sequence: the node forgot it, so a new hello.
      const again = await RawSocket.open(b, { token: bob.client.getToken(), query: `connection_id=${String(hello.data?.connection_id)}&sequence_number=3` });
      const hello2 = await again.waitFor((f) => f.event === 'hello');
      assert.notEqual(hello2.data?.connection_id, hello.data?.connection_id);
      assert.equal(hello2.seq, 0);
      // and the cluster still delivers afterwards
      await alice.client.createPost({ channel_id: channel.id, message: 'after the gap' } as Post);
      await again.waitFor(postedWith('after the gap'));
      again.close();
    });

    it('carries the trace context of an event across nodes', async () => {
      const seen: unknown[] = [];
      const off = cluster.nodes[1]!.bus.subscribe((e) => {
        if (e.event === 'typing' && e.data.parent_id === 'trace-probe') seen.push(e.trace);
      });
      try {
        const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
        await cluster.nodes[0]!.bus.publish({ event: 'typing', data: { user_id: alice.user.id, parent_id: 'trace-probe' }, broadcast: { omit_users: null, user_id: alice.user.id, channel_id: '', team_id: '', connection_id: '', omit_connection_id: '' }, trace });
        await eventually(async () => seen.length === 1, 'event on node 2');
        assert.deepEqual(seen[0], trace);
      } finally {
        off();
      }
    });

    it('announces a post again when its author retries with the same pending_post_id, storing it once', async () => {
      const team = await makeTeam(admin, [alice, bob]);
      const channel = await makeChannel(alice, team, 'O', [bob]);
      const ws = await socket(b, bob);
      const pending = `${alice.user.id}:${Date.now()}`;
      const first = await alice.client.createPost({ channel_id: channel.id, message: 'retried', pending_post_id: pending } as Post);
      const retry = await on(cluster.nodes[2]!.url, alice).client.createPost({ channel_id: channel.id, message: 'retried', pending_post_id: pending } as Post);
      assert.equal(retry.id, first.id);
      await eventually(async () => ws.events().filter(postedWith('retried')).length === 2, 'announced twice');
      const rows = await cluster.sql('SELECT id FROM posts WHERE channel_id = $1 AND message = $2', [channel.id, 'retried']);
      assert.equal(rows.length, 1);
      ws.close();
    });
  });
}
