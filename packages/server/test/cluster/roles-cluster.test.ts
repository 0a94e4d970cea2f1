// A role edited on one node takes effect on the others: each node re-reads the role table when the
// role_updated event reaches its hub, before its clients hear of the change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@mattermost/types/roles';
import type { Channel } from '@mattermost/types/channels';
import { canPost, makeAdmin, makeChannel, makeTeam, makeUser, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';
import { busKinds, eventually, onNode, startTestCluster, type TestCluster } from '../cluster-harness.js';

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
      const onB = onNode(b, member);
      assert.ok(await canPost(onB, channel));
      const sock = await RawSocket.open(b, { token: member.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        await admin.client.patchRole(original.id, { permissions: original.permissions.filter((p) => p !== 'create_post') });
        assert.equal(await canPost(member, channel), false, 'node A applied it before answering');
        const frame = await sock.waitFor((f) => f.event === 'role_updated', 5000, 'role_updated on node B');
        assert.equal((JSON.parse(String(frame.data?.role)) as Role).name, 'channel_user');
        await eventually(async () => !(await canPost(onB, channel)), 'node B refuses posting');

        await onNode(b, admin).client.patchRole(original.id, { permissions: original.permissions });
        await eventually(() => canPost(member, channel), 'node A allows posting again');
      } finally {
        sock.close();
      }
    });
  });
}
