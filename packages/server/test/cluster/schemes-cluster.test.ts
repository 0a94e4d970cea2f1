// Permission schemes changed on one node apply on the others: schemes_changed makes every node's hub re-read
// the role table and the scheme assignments, before update_team_scheme reaches its sockets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from '@mattermost/types/channels';
import type { Scheme } from '@mattermost/types/schemes';
import type { Team } from '@mattermost/types/teams';
import { canPost, makeAdmin, makeChannel, makeTeam, makeUser, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';
import { busKinds, eventually, onNode, startTestCluster, type TestCluster } from '../cluster-harness.js';

// One bus is enough here: the reload rides on the same hub path as role_updated, tested over both.
for (const bus of busKinds().filter((b) => b === 'redis')) {
  describe(`permission schemes across a cluster over ${bus}`, () => {
    let cluster: TestCluster;
    let a: string;
    let b: string;
    let admin: TestUser;
    let member: TestUser;
    let team: Team;
    let channel: Channel;

    before(async () => {
      cluster = await startTestCluster(bus, 2);
      [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
      admin = await makeAdmin(a);
      member = await makeUser(a, admin.client);
      team = await makeTeam(admin, [member]);
      channel = await makeChannel(admin, team, 'O', [member]);
    });
    after(() => cluster.close());

    it('assigns, edits, resets and deletes on node A; node B follows each step', async () => {
      const onB = onNode(b, member);
      assert.ok(await canPost(onB, channel));
      const scheme = await admin.client.createScheme({ name: `cluster_${Date.now()}`, display_name: 'Cluster', scope: 'team' } as Scheme);
      const [role] = await admin.client.getRolesByNames([scheme.default_channel_user_role]);
      await admin.client.patchRole(role!.id, { permissions: role!.permissions.filter((p) => p !== 'create_post') });
      // Node B knows the new scheme role (read from memory there).
      await eventually(async () => (await onB.client.getRolesByNames([role!.name])).length === 1, 'node B knows the scheme role');

      const sock = await RawSocket.open(b, { token: member.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        await admin.client.updateTeamScheme(team.id, scheme.id);
        assert.equal(await canPost(member, channel), false, 'node A applied it before answering');
        const frame = await sock.waitFor((f) => f.event === 'update_team_scheme', 5000, 'update_team_scheme on node B');
        assert.equal((JSON.parse(String(frame.data?.team)) as Team).scheme_id, scheme.id);
        // The hub reloaded before delivering the event, so node B refuses at once.
        assert.equal(await canPost(onB, channel), false, 'node B refuses posting');

        await onNode(b, admin).client.updateTeamScheme(team.id, '');
        await eventually(() => canPost(member, channel), 'node A allows posting after the reset');

        await admin.client.updateTeamScheme(team.id, scheme.id);
        await eventually(async () => !(await canPost(onB, channel)), 'node B refuses again');
        await admin.client.deleteScheme(scheme.id);
        await eventually(() => canPost(onB, channel), 'node B allows posting once the scheme is gone');
      } finally {
        sock.close();
      }
    });
  });
}
