// A role edited on one node takes effect on the others: each node re-reads the role table when the
// role_updated event reaches its hub, before its clients hear of the change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Post } from '@mattermost/types/posts';
import type { Role } from '@mattermost/types/roles';
import type { Channel } from '@mattermost/types/channels';
import { client, makeAdmin, makeChannel, makeTeam, makeUser, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';
import { busKinds, startTestCluster, type TestCluster } from '../cluster-harness.js';

const on = (nodeUrl: string, u: TestUser): TestUser => ({ ...u, client: client(nodeUrl, u.client.getToken()) });

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function canPost(u: TestUser, channel: Channel): Promise<boolean> {
  try {
    await u.client.createPost({ channel_id: channel.id, message: 'probe' } as Post);
    return true;
  } catch (err) {
    if ((err as { status_code?: number }).status_code === 403) return false;
    throw err;
  }
}

for (const bus of busKinds()) {
  describe(`roles across a cluster over ${bus}`, () => {
    let cluster: TestCluster;
    let a: string;
    let b: string;
    let admin: TestUser;
    let member: TestUser;
    let channel: Channel;

    before(async () => {
      cluster = await startTestCluster(bus, 2);
      [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
      admin = await makeAdmin(a);
      member = await makeUser(a, admin.client);
      const team = await makeTeam(admin, [member]);
      channel = await makeChannel(admin, team, 'O', [member]);
    });
    after(() => cluster.close());

    it('applies an edit made on one node on the other, and tells its sockets', async () => {
      const original = await admin.client.getRoleByName('channel_user');
      const onB = on(b, member);
      assert.ok(await canPost(onB, channel));
      const sock = await RawSocket.open(b, { token: member.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        await admin.client.patchRole(original.id, { permissions: original.permissions.filter((p) => p !== 'create_post') });
        assert.equal(await canPost(member, channel), false, 'node A applied it before answering');
        const frame = await sock.waitFor((f) => f.event === 'role_updated', 5000, 'role_updated on node B');
        assert.equal((JSON.parse(String(frame.data?.role)) as Role).name, 'channel_user');
        await eventually(async () => !(await canPost(onB, channel)), 'node B refuses posting');

        await on(b, admin).client.patchRole(original.id, { permissions: original.permissions });
        await eventually(() => canPost(member, channel), 'node A allows posting again');
      } finally {
        sock.close();
      }
    });
  });
}
