import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, ChannelWithTeamData } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import {
  client,
  engines,
  expectAppError,
  expectClientError,
  makeAdmin,
  makeChannel,
  makeTeam,
  makeUser,
  PASSWORD,
  raw,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../harness.js';

type WithCount = { channels: ChannelWithTeamData[]; total_count: number };

for (const engine of engines()) {
  describe(`channel administration [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let teamAdmin: TestUser;
    let teamA: Team;
    let teamB: Team;
    let shared: Channel;
    let secret: Channel;
    let archived: Channel;

    const move = (u: TestUser, channelId: string, body: unknown) => raw(srv.url, 'POST', `/api/v4/channels/${channelId}/move`, { token: u.client.getToken(), body });

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      teamAdmin = await makeUser(srv.url, admin.client);
      teamA = await makeTeam(admin, [alice, bob, teamAdmin]);
      teamB = await makeTeam(admin, [alice]);
      await admin.client.updateTeamMemberSchemeRoles(teamA.id, teamAdmin.user.id, true, true);
      shared = await makeChannel(alice, teamA, 'O', [bob]);
      secret = await makeChannel(alice, teamA, 'P');
      archived = await makeChannel(alice, teamA, 'O');
      await alice.client.deleteChannel(archived.id);
    });
    after(() => srv.close());

    it('lists every team’s channels with their team, for admins only', async () => {
      const all = (await admin.client.getAllChannels(0, 100, '', false, true, false, false, false, false)) as WithCount;
      // town-square and off-topic in each team, plus the two live channels.
      assert.equal(all.total_count, 6);
      assert.equal(all.channels.length, 6);
      const row = all.channels.find((c) => c.id === shared.id);
      assert.equal(row?.team_name, teamA.name);
      assert.equal(row?.team_display_name, teamA.display_name);
      assert.equal(typeof row?.team_update_at, 'number');
      assert.ok(all.channels.some((c) => c.id === secret.id), 'private channels are listed');
      assert.ok(all.channels.every((c) => c.type === 'O' || c.type === 'P'));
      assert.equal(all.channels.filter((c) => c.name === 'town-square').length, 2, 'one town-square per team');

      const plain = await admin.client.getAllChannels(0, 100, '', true, false, false, false, false, false);
      assert.equal(plain.length, 2, 'default channels excluded');
      const withDeleted = (await admin.client.getAllChannels(0, 100, '', false, true, true, false, false, false)) as WithCount;
      assert.equal(withDeleted.total_count, 7);
      const page = await admin.client.getAllChannels(1, 4, '', false, false, false, false, false, false);
      assert.equal(page.length, 2);

      await expectClientError(() => alice.client.getAllChannels(0, 10, '', false, false, false, false, false, false), 403, 'api.context.permissions.app_error');
      await expectClientError(() => teamAdmin.client.getAllChannels(0, 10, '', false, false, false, false, false, false), 403);
    });

    it('searches channels across teams for admins, and the caller’s own for others', async () => {
      const found = (await admin.client.searchAllChannels('chan', {})) as ChannelWithTeamData[];
      assert.deepEqual(found.map((c) => c.id).sort(), [shared.id, secret.id].sort(), 'live channels of every team, archived ones left out');
      assert.equal(found.find((c) => c.id === secret.id)?.team_name, teamA.name);
      const exact = (await admin.client.searchAllChannels(shared.name, {})) as ChannelWithTeamData[];
      assert.deepEqual(exact.map((c) => c.id), [shared.id]);
      const paged = (await admin.client.searchAllChannels('', { page: 0, per_page: 2, team_ids: [teamB.id] })) as unknown as WithCount;
      assert.equal(paged.total_count, 2);
      assert.ok(paged.channels.every((c) => c.team_id === teamB.id));
      const privates = (await admin.client.searchAllChannels('', { private: true })) as ChannelWithTeamData[];
      assert.deepEqual(privates.map((c) => c.id), [secret.id]);
      const deleted = (await admin.client.searchAllChannels('', { deleted: true })) as ChannelWithTeamData[];
      assert.deepEqual(deleted.map((c) => c.id), [archived.id]);
      const byId = (await admin.client.searchAllChannels(secret.id, { include_search_by_id: true })) as ChannelWithTeamData[];
      assert.deepEqual(byId.map((c) => c.id), [secret.id]);

      await expectClientError(() => bob.client.searchAllChannels('chan', {}), 403, 'api.context.permissions.app_error');
      const bobs = (await bob.client.searchAllChannels('', { nonAdminSearch: true })) as ChannelWithTeamData[];
      assert.ok(bobs.some((c) => c.id === shared.id));
      assert.ok(!bobs.some((c) => c.id === secret.id), 'another user’s private channel stays hidden');
      assert.ok(!bobs.some((c) => c.team_id === teamB.id), 'teams bob is not on stay hidden');
      const alices = (await alice.client.searchAllChannels('', { nonAdminSearch: true })) as ChannelWithTeamData[];
      assert.ok(alices.some((c) => c.id === secret.id));
    });

    it('moves a channel to another team and back; members off the team block it unless forced', async () => {
      const refused = await move(alice, shared.id, { team_id: teamB.id, force: true });
      expectAppError(refused, 403, 'api.context.permissions.app_error');
      expectAppError(await move(teamAdmin, shared.id, { team_id: teamB.id, force: true }), 403);
      expectAppError(await move(admin, shared.id, { team_id: teamB.id }), 400, 'api.context.invalid_param.app_error');
      expectAppError(await move(admin, shared.id, { team_id: 'x', force: false }), 400);
      expectAppError(await move(admin, shared.id, { team_id: 'a'.repeat(26), force: false }), 404);
      expectAppError(await move(admin, shared.id, { team_id: teamB.id, force: false }), 400, 'app.channel.move_channel.members_do_not_match.error');
      const unchanged = await admin.client.getChannel(shared.id);
      assert.equal(unchanged.team_id, teamA.id);
      assert.ok((await admin.client.getChannelMembers(shared.id)).some((m) => m.user_id === bob.user.id), 'nothing changed');

      const forced = await move(admin, shared.id, { team_id: teamB.id, force: true });
      assert.equal(forced.status, 200);
      assert.equal(forced.json.id, shared.id);
      assert.equal(forced.json.team_id, teamB.id);
      assert.equal((await alice.client.getChannelByName(teamB.id, shared.name)).id, shared.id);
      const members = (await admin.client.getChannelMembers(shared.id)).map((m) => m.user_id);
      assert.ok(members.includes(alice.user.id));
      assert.ok(!members.includes(bob.user.id), 'bob, not on the team, was removed');
      const posts = await alice.client.getPosts(shared.id);
      assert.ok(Object.values(posts.posts).some((p) => (p.type as string) === 'system_move_channel'));

      // Back again: alice is on both teams, so no force is needed.
      const back = await move(admin, shared.id, { team_id: teamA.id, force: false });
      assert.equal(back.status, 200);
      assert.equal((await admin.client.getChannel(shared.id)).team_id, teamA.id);

      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      expectAppError(await move(admin, dm.id, { team_id: teamB.id, force: true }), 403, 'api.channel.move_channel.type.invalid');
      const twin = await admin.client.createChannel({ team_id: teamB.id, name: secret.name, display_name: 'Twin', type: 'O' } as Channel);
      expectAppError(await move(admin, secret.id, { team_id: teamB.id, force: true }), 400, 'store.sql_channel.save_channel.exists.app_error');
      assert.equal((await admin.client.getChannel(secret.id)).team_id, teamA.id);
      assert.equal(twin.team_id, teamB.id);
    });

    it('promotes a guest to a user everywhere; demoting needs a license', async () => {
      const guest = await makeUser(srv.url, admin.client);
      await admin.client.updateUserRoles(guest.user.id, 'system_guest');
      await admin.client.addToTeam(teamA.id, guest.user.id);
      await admin.client.addToChannel(guest.user.id, shared.id);
      assert.equal((await admin.client.getTeamMember(teamA.id, guest.user.id)).scheme_guest, true);
      await expectClientError(() => alice.client.promoteGuestToUser(guest.user.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => teamAdmin.client.promoteGuestToUser(guest.user.id), 403);
      assert.equal((await admin.client.getUser(guest.user.id)).roles, 'system_guest', 'a refusal changes nothing');

      await admin.client.promoteGuestToUser(guest.user.id);
      assert.equal((await admin.client.getUser(guest.user.id)).roles, 'system_user');
      const teamMember = await admin.client.getTeamMember(teamA.id, guest.user.id);
      assert.equal(teamMember.scheme_guest, false);
      assert.equal(teamMember.scheme_user, true);
      const channelMember = (await admin.client.getChannelMember(shared.id, guest.user.id)) as { scheme_guest?: boolean; roles: string };
      assert.equal(channelMember.scheme_guest, false);
      assert.equal(channelMember.roles, 'channel_user');
      // The promoted user's own session has the new role at once.
      assert.equal((await guest.client.getMe()).roles, 'system_user');
      await expectClientError(() => admin.client.promoteGuestToUser(guest.user.id), 501, 'api.user.promote_guest_to_user.no_guest.app_error');

      await expectClientError(() => admin.client.demoteUserToGuest(guest.user.id), 501, 'api.team.demote_user_to_guest.license.error');
      await expectClientError(() => alice.client.demoteUserToGuest(guest.user.id), 403);
      assert.equal((await admin.client.getUser(guest.user.id)).roles, 'system_user');
    });

    it('lets an admin set a password without the current one, which also clears failed attempts', async () => {
      const carol = await makeUser(srv.url, admin.client);
      await expectClientError(() => client(srv.url).login(carol.user.username, 'wrong-password-1'), 401);
      assert.equal((await srv.parley.app.ctx.store.users.get(carol.user.id))?.failed_attempts, 1);
      await expectClientError(() => alice.client.updateUserPassword(carol.user.id, '', 'Another-Passw0rd!'), 403);
      await admin.client.updateUserPassword(carol.user.id, '', 'Another-Passw0rd!');
      assert.equal((await srv.parley.app.ctx.store.users.get(carol.user.id))?.failed_attempts, 0);
      await client(srv.url).login(carol.user.username, 'Another-Passw0rd!');
      await expectClientError(() => client(srv.url).login(carol.user.username, PASSWORD), 401);
    });
  });
}
