import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import type { Team, TeamMembership, TeamMemberWithError, TeamsWithCount, TeamUnread } from '@mattermost/types/teams';
import type { ServerEvent } from '../../src/events/event.js';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

type Client = TestUser['client'];

function recordEvents(srv: TestServer): { events: ServerEvent[]; stop: () => void; named: (name: string) => ServerEvent[] } {
  const events: ServerEvent[] = [];
  const stop = srv.parley.bus.subscribe((e) => events.push(e));
  return { events, stop, named: (name) => events.filter((e) => e.event === name) };
}

async function createTeam(c: Client, fields: Partial<Team> = {}): Promise<Team> {
  const name = uniqueName('team');
  return c.createTeam({ name, display_name: `Team ${name}`, type: 'O', allow_open_invite: true, ...fields } as Team);
}

async function channelByName(c: Client, teamId: string, name: string) {
  return c.getChannelByName(teamId, name);
}

/** System posts of a type in a channel, newest first. */
async function postsOfType(c: Client, channelId: string, type: string): Promise<Post[]> {
  const list = await c.getPosts(channelId, 0, 200);
  return list.order.map((id) => list.posts[id]!).filter((p) => p.type === type);
}

for (const engine of engines()) {
  describe(`teams [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
    });
    after(() => srv.close());

    it('creates a team with 201: the creator is team admin and joins town-square and off-topic', async () => {
      const rec = recordEvents(srv);
      const name = uniqueName('team');
      const res = await raw(srv.url, 'POST', '/api/v4/teams', {
        token: alice.client.getToken(),
        body: { name, display_name: 'Alpha', type: 'O', allow_open_invite: true, description: 'first' },
      });
      rec.stop();
      assert.equal(res.status, 201);
      const team = res.json as unknown as Team;
      assert.equal(team.name, name);
      assert.equal(team.display_name, 'Alpha');
      assert.equal(team.type, 'O');
      assert.equal(team.allow_open_invite, true);
      assert.equal(team.email, `${alice.user.username}@example.com`);
      assert.match(team.invite_id, /^[a-z0-9]{26}$/);
      assert.equal(team.delete_at, 0);

      const member = await alice.client.getTeamMember(team.id, alice.user.id);
      assert.equal(member.roles, 'team_user team_admin');
      assert.equal(member.scheme_admin, true);
      assert.equal(member.scheme_user, true);

      const channels = await alice.client.getMyChannels(team.id);
      const byName = Object.fromEntries(channels.map((c) => [c.name, c]));
      assert.equal(byName['town-square']?.display_name, 'Town Square');
      assert.equal(byName['off-topic']?.display_name, 'Off-Topic');
      assert.equal(byName['town-square']?.type, 'O');
      const tsMember = await alice.client.getMyChannelMember(byName['town-square']!.id);
      assert.equal(tsMember.roles, 'channel_user channel_admin');

      const joins = await postsOfType(alice.client, byName['town-square']!.id, 'system_join_team');
      assert.equal(joins.length, 1);
      assert.equal(joins[0]!.user_id, alice.user.id);
      assert.equal(joins[0]!.message, `${alice.user.username} joined the team.`);
      assert.equal(joins[0]!.props.username, alice.user.username);
      assert.equal((await postsOfType(alice.client, byName['off-topic']!.id, 'system_join_channel')).length, 1);

      const added = rec.named('added_to_team');
      assert.deepEqual(added.map((e) => [e.data, e.broadcast.user_id]), [[{ team_id: team.id, user_id: alice.user.id }, alice.user.id]]);
      assert.equal(rec.named('user_added').length, 2);
    });

    it('keeps type and allow_open_invite in step: a team not open to all is invite-only', async () => {
      const closed = await createTeam(alice.client, { allow_open_invite: false });
      assert.equal(closed.type, 'I');
      assert.equal(closed.allow_open_invite, false);
      const invite = await createTeam(alice.client, { type: 'I', allow_open_invite: true });
      assert.equal(invite.type, 'I');
      assert.equal(invite.allow_open_invite, false);
    });

    it('refuses duplicate, reserved and malformed team names and bad fields, creating nothing', async () => {
      const team = await createTeam(alice.client);
      const create = (fields: Partial<Team>) => () => createTeam(bob.client, fields);
      await expectClientError(create({ name: team.name }), 400, 'store.sql_team.save_team.existing.app_error');
      await expectClientError(create({ name: `admin${uniqueName('x')}` }), 400, 'model.team.is_valid.reserved.app_error');
      await expectClientError(create({ name: 'Bad Name' }), 400, 'model.team.is_valid.characters.app_error');
      await expectClientError(create({ name: 'a' }), 400, 'model.team.is_valid.characters.app_error');
      await expectClientError(create({ name: 'x'.repeat(65) }), 400, 'model.team.is_valid.url.app_error');
      await expectClientError(create({ display_name: '' }), 400, 'model.team.is_valid.name.app_error');
      await expectClientError(create({ description: 'd'.repeat(256) }), 400, 'model.team.is_valid.description.app_error');
      await expectClientError(create({ type: 'X' as Team['type'] }), 400, 'model.team.is_valid.type.app_error');
      assert.deepEqual(await bob.client.getMyTeams(), []);
      const token = bob.client.getToken();
      expectAppError(await raw(srv.url, 'POST', '/api/v4/teams', { token, rawBody: '{"name": ' }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/teams', { token, body: { name: 5, display_name: [] } }), 400, 'api.context.invalid_body_param.app_error');
      assert.deepEqual(await bob.client.getMyTeams(), []);
    });

    it('lists open teams to users and every team to admins, sanitised, with total_count on request', async () => {
      const open = await createTeam(alice.client);
      const closed = await createTeam(alice.client, { allow_open_invite: false });
      const seen = (await carol.client.getTeams(0, 200)) as Team[];
      const mine = seen.find((t) => t.id === open.id);
      assert.ok(mine, 'open team listed');
      assert.equal(seen.find((t) => t.id === closed.id), undefined, 'invite-only team hidden');
      assert.equal(mine.invite_id, '');
      assert.equal(mine.email, '');
      assert.ok(seen.every((t) => t.allow_open_invite));

      const all = (await admin.client.getTeams(0, 200)) as Team[];
      assert.ok(all.find((t) => t.id === closed.id));
      assert.equal(all.find((t) => t.id === open.id)?.invite_id, open.invite_id, 'admins see invite ids');

      const counted = (await carol.client.getTeams(0, 1, true)) as TeamsWithCount;
      assert.equal(counted.teams.length, 1);
      assert.equal(counted.total_count, seen.length);
      const page2 = (await carol.client.getTeams(1, 1)) as Team[];
      assert.notEqual(page2[0]?.id, counted.teams[0]?.id);
    });

    it('gets a team by id and by name; invite-only teams are forbidden to outsiders; exists respects visibility', async () => {
      const open = await createTeam(alice.client);
      const closed = await createTeam(alice.client, { allow_open_invite: false });
      assert.equal((await carol.client.getTeam(open.id)).invite_id, '');
      assert.equal((await alice.client.getTeam(open.id)).invite_id, open.invite_id, 'team admins keep the invite id');
      assert.equal((await carol.client.getTeamByName(open.name)).id, open.id);
      await expectClientError(() => carol.client.getTeam(closed.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.getTeamByName(closed.name), 403, 'api.context.permissions.app_error');
      assert.equal((await admin.client.getTeam(closed.id)).id, closed.id);
      await expectClientError(() => carol.client.getTeam('a'.repeat(26)), 404, 'app.team.get.find.app_error');
      await expectClientError(() => carol.client.getTeam('nope'), 400, 'api.context.invalid_url_param.app_error');
      await expectClientError(() => carol.client.getTeamByName(uniqueName('none')), 404, 'app.team.get_by_name.missing.app_error');

      assert.deepEqual(await carol.client.checkIfTeamExists(open.name), { exists: true });
      assert.deepEqual(await carol.client.checkIfTeamExists(closed.name), { exists: false });
      assert.deepEqual(await alice.client.checkIfTeamExists(closed.name), { exists: true });
      assert.deepEqual(await carol.client.checkIfTeamExists(uniqueName('none')), { exists: false });
      expectAppError(await raw(srv.url, 'GET', '/api/v4/teams/name/Not_Valid!/exists', { token: carol.client.getToken() }), 400, 'api.context.invalid_url_param.app_error');
    });

    it('patches and updates a team for team admins only, closing it regenerates the invite id', async () => {
      const team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      const rec = recordEvents(srv);
      const patched = await alice.client.patchTeam({ id: team.id, display_name: 'Patched', description: 'desc' });
      assert.equal(patched.display_name, 'Patched');
      assert.equal(patched.description, 'desc');
      assert.equal(patched.invite_id, team.invite_id);
      const updates = rec.named('update_team');
      assert.equal(updates.length, 1);
      assert.equal(updates[0]!.broadcast.team_id, team.id);
      const sent = JSON.parse(updates[0]!.data.team as string) as Team;
      assert.equal(sent.display_name, 'Patched');
      assert.equal(sent.invite_id, '', 'the event carries the sanitised team');

      const closed = await alice.client.patchTeam({ id: team.id, allow_open_invite: false });
      assert.equal(closed.type, 'I');
      assert.notEqual(closed.invite_id, team.invite_id);

      const updated = await alice.client.updateTeam({ ...closed, display_name: 'Updated', company_name: 'ACME', allow_open_invite: true });
      assert.equal(updated.display_name, 'Updated');
      assert.equal(updated.company_name, 'ACME');
      assert.equal(updated.type, 'O');
      rec.stop();

      await expectClientError(() => bob.client.patchTeam({ id: team.id, display_name: 'Mine now' }), 403, 'api.context.permissions.app_error');
      await expectClientError(() => alice.client.patchTeam({ id: team.id, display_name: '' }), 400, 'model.team.is_valid.name.app_error');
      const mismatch = await raw(srv.url, 'PUT', `/api/v4/teams/${team.id}`, { token: alice.client.getToken(), body: { ...updated, id: 'b'.repeat(26) } });
      expectAppError(mismatch, 400, 'api.context.invalid_body_param.app_error');
      assert.equal((await bob.client.getTeam(team.id)).display_name, 'Updated');
    });

    it('adds members (201) who join the default channels; open teams can be joined, invite-only ones cannot', async () => {
      const team = await createTeam(alice.client);
      const closed = await createTeam(alice.client, { allow_open_invite: false });
      const rec = recordEvents(srv);
      const res = await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members`, {
        token: alice.client.getToken(),
        body: { team_id: team.id, user_id: bob.user.id },
      });
      rec.stop();
      assert.equal(res.status, 201);
      const member = res.json as unknown as TeamMembership;
      assert.equal(member.user_id, bob.user.id);
      assert.equal(member.roles, 'team_user');
      assert.deepEqual(rec.named('added_to_team').map((e) => e.broadcast.user_id), [bob.user.id]);

      const bobChannels = (await bob.client.getMyChannels(team.id)).map((c) => c.name).sort();
      assert.deepEqual(bobChannels, ['off-topic', 'town-square']);
      const townSquare = await channelByName(bob.client, team.id, 'town-square');
      const joins = await postsOfType(bob.client, townSquare.id, 'system_join_team');
      assert.ok(joins.some((p) => p.user_id === bob.user.id && p.message === `${bob.user.username} joined the team.`));
      const bobTs = await bob.client.getMyChannelMember(townSquare.id);
      assert.equal(bobTs.msg_count, (await bob.client.getChannel(townSquare.id)).total_msg_count, 'nothing unread on join');

      // Adding again is a no-op that answers the membership.
      assert.equal((await alice.client.addToTeam(team.id, bob.user.id)).user_id, bob.user.id);

      assert.equal((await carol.client.addToTeam(team.id, carol.user.id)).user_id, carol.user.id);
      await expectClientError(() => carol.client.addToTeam(closed.id, carol.user.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.addToTeam(closed.id, bob.user.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => alice.client.addToTeam(team.id, 'c'.repeat(26)), 404, 'app.user.missing_account.const');
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members`, { token, body: { team_id: closed.id, user_id: carol.user.id } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members`, { token, body: { team_id: team.id } }), 400, 'api.context.invalid_body_param.app_error');
      await expectClientError(() => alice.client.getTeamMember(closed.id, carol.user.id), 404, 'app.team.get_member.missing.app_error');
    });

    it('lists members by page and id, with stats', async () => {
      const team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      await alice.client.addToTeam(team.id, carol.user.id);
      const all = await bob.client.getTeamMembers(team.id, 0, 100);
      assert.deepEqual(all.map((m) => m.user_id).sort(), [alice.user.id, bob.user.id, carol.user.id].sort());
      const p0 = await bob.client.getTeamMembers(team.id, 0, 2);
      const p1 = await bob.client.getTeamMembers(team.id, 1, 2);
      assert.deepEqual([...p0, ...p1].map((m) => m.user_id), all.map((m) => m.user_id));
      assert.equal((await bob.client.getTeamMember(team.id, alice.user.id)).roles, 'team_user team_admin');
      const byIds = await bob.client.getTeamMembersByIds(team.id, [alice.user.id, carol.user.id, 'd'.repeat(26)]);
      assert.deepEqual(byIds.map((m) => m.user_id).sort(), [alice.user.id, carol.user.id].sort());
      assert.deepEqual(await bob.client.getTeamStats(team.id), { team_id: team.id, total_member_count: 3, active_member_count: 3 });

      const outsider = await makeUser(srv.url, admin.client);
      await expectClientError(() => outsider.client.getTeamMembers(team.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => outsider.client.getTeamStats(team.id), 403);
      await expectClientError(() => outsider.client.getTeamMembersByIds(team.id, [alice.user.id]), 403);
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members/ids`, { token: bob.client.getToken(), body: [] }), 400, 'api.context.invalid_body_param.app_error');

      const myMembers = await bob.client.getMyTeamMembers();
      assert.ok(myMembers.some((m) => m.team_id === team.id && m.delete_at === 0));
      assert.ok((await bob.client.getMyTeams()).some((t) => t.id === team.id));
      assert.deepEqual((await bob.client.getTeamsForUser(bob.user.id)).map((t) => t.id), (await bob.client.getMyTeams()).map((t) => t.id));
      await expectClientError(() => bob.client.getTeamsForUser(carol.user.id), 403);
      await expectClientError(() => bob.client.getTeamMembersForUser(carol.user.id), 403);
      assert.ok((await admin.client.getTeamMembersForUser(carol.user.id)).some((m) => m.team_id === team.id));
    });

    it('leaving or being removed soft-deletes the membership, leaves the team channels and records it in town-square', async () => {
      const team = await createTeam(alice.client);
      const dave = await makeUser(srv.url, admin.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      await alice.client.addToTeam(team.id, dave.user.id);
      const extra = await alice.client.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Extra', type: 'O' });
      await bob.client.addToChannel(bob.user.id, extra.id);
      const townSquare = await channelByName(alice.client, team.id, 'town-square');
      await expectClientError(() => dave.client.removeFromTeam(team.id, bob.user.id), 403, 'api.context.permissions.app_error');

      const rec = recordEvents(srv);
      await bob.client.removeFromTeam(team.id, bob.user.id);
      rec.stop();
      const leave = rec.named('leave_team');
      assert.ok(leave.some((e) => e.broadcast.team_id === team.id));
      assert.ok(leave.some((e) => e.broadcast.user_id === bob.user.id), 'the leaver hears it too');
      assert.deepEqual(leave[0]!.data, { user_id: bob.user.id, team_id: team.id });

      const left = await alice.client.getTeamMember(team.id, bob.user.id);
      assert.ok(left.delete_at > 0);
      assert.equal((await bob.client.getMyTeams()).some((t) => t.id === team.id), false);
      assert.ok((await bob.client.getMyTeamMembers()).some((m) => m.team_id === team.id && m.delete_at > 0), 'left teams stay in the member list');
      await expectClientError(() => alice.client.getChannelMember(extra.id, bob.user.id), 404, 'app.channel.get_member.missing.app_error');
      await expectClientError(() => alice.client.getChannelMember(townSquare.id, bob.user.id), 404);
      const leftPost = (await postsOfType(alice.client, townSquare.id, 'system_leave_team'))[0];
      assert.equal(leftPost?.user_id, bob.user.id);
      assert.equal(leftPost?.message, `${bob.user.username} left the team.`);
      assert.equal((await alice.client.getTeamStats(team.id)).total_member_count, 2);
      await expectClientError(() => bob.client.removeFromTeam(team.id, bob.user.id), 400, 'api.team.remove_user_from_team.missing.app_error');

      await alice.client.removeFromTeam(team.id, dave.user.id);
      const removed = (await postsOfType(alice.client, townSquare.id, 'system_remove_from_team'))[0];
      assert.equal(removed?.message, `${dave.user.username} removed from the team.`);

      // Rejoining revives the row.
      await alice.client.addToTeam(team.id, bob.user.id);
      assert.equal((await alice.client.getTeamMember(team.id, bob.user.id)).delete_at, 0);
      assert.ok((await bob.client.getMyChannels(team.id)).some((c) => c.name === 'town-square'));
    });

    it('adds members in batch, all or nothing, or gracefully with per-user errors', async () => {
      const team = await createTeam(alice.client, { allow_open_invite: false });
      const [u1, u2] = [await makeUser(srv.url, admin.client), await makeUser(srv.url, admin.client)];
      const added = await alice.client.addUsersToTeam(team.id, [u1.user.id]);
      assert.deepEqual(added.map((m) => m.user_id), [u1.user.id]);
      const ghost = 'e'.repeat(26);
      await expectClientError(() => alice.client.addUsersToTeam(team.id, [u2.user.id, ghost]), 404, 'app.user.missing_account.const');
      await expectClientError(() => alice.client.getTeamMember(team.id, u2.user.id), 404, 'app.team.get_member.missing.app_error');
      const graceful = (await alice.client.addUsersToTeamGracefully(team.id, [u2.user.id, ghost])) as TeamMemberWithError[];
      assert.equal(graceful.length, 2);
      assert.equal(graceful[0]!.member?.user_id, u2.user.id);
      assert.equal(graceful[1]!.user_id, ghost);
      assert.equal((graceful[1]!.error as unknown as { id: string }).id, 'app.user.missing_account.const');
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members/batch`, { token, body: [] }), 400, 'api.context.invalid_param.app_error');
      expectAppError(
        await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/members/batch`, { token, body: [{ team_id: 'f'.repeat(26), user_id: u1.user.id }] }),
        400,
        'api.context.invalid_param.app_error',
      );
      // Any member may add people (team_user has add_user_to_team); outsiders may not.
      assert.equal((await u1.client.addUsersToTeam(team.id, [carol.user.id]))[0]?.user_id, carol.user.id);
      const outsider = await makeUser(srv.url, admin.client);
      await expectClientError(() => outsider.client.addUsersToTeam(team.id, [outsider.user.id]), 403);
    });

    it('joins by invite id; a regenerated invite id retires the old one', async () => {
      const team = await createTeam(alice.client, { allow_open_invite: false });
      const withId = await alice.client.getTeam(team.id);
      const joiner = await makeUser(srv.url, admin.client);
      const res = await raw(srv.url, 'POST', `/api/v4/teams/members/invite?invite_id=${withId.invite_id}`, { token: joiner.client.getToken() });
      assert.equal(res.status, 201);
      assert.equal((res.json as unknown as TeamMembership).team_id, team.id);
      assert.ok((await joiner.client.getMyTeams()).some((t) => t.id === team.id));

      await expectClientError(() => joiner.client.regenerateTeamInviteId(team.id), 403, 'api.context.permissions.app_error');
      const regenerated = await alice.client.regenerateTeamInviteId(team.id);
      assert.notEqual(regenerated.invite_id, withId.invite_id);
      const late = await makeUser(srv.url, admin.client);
      await expectClientError(() => late.client.joinTeam(withId.invite_id), 404, 'app.team.get_by_invite_id.finding.app_error');
      assert.equal((await late.client.joinTeam(regenerated.invite_id)).user_id, late.user.id);
      expectAppError(await raw(srv.url, 'POST', '/api/v4/teams/members/invite', { token: late.client.getToken() }), 400, 'api.team.add_user_to_team.missing_parameter.app_error');
    });

    it('signs up with an invite id and lands in the team', async () => {
      const team = await alice.client.getTeam((await createTeam(alice.client, { allow_open_invite: false })).id);
      const username = uniqueName('signup');
      const anon = client(srv.url);
      await anon.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as never, '', team.invite_id);
      const fresh = client(srv.url);
      const me = await fresh.login(username, PASSWORD);
      assert.ok((await fresh.getMyTeams()).some((t) => t.id === team.id));
      assert.equal((await alice.client.getTeamMember(team.id, me.id)).delete_at, 0);
    });

    it('updates scheme roles for team admins only', async () => {
      const team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      await alice.client.addToTeam(team.id, carol.user.id);
      await expectClientError(() => bob.client.updateTeamMemberSchemeRoles(team.id, carol.user.id, true, true), 403, 'api.context.permissions.app_error');
      const rec = recordEvents(srv);
      await alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, true);
      rec.stop();
      const promoted = await alice.client.getTeamMember(team.id, bob.user.id);
      assert.equal(promoted.roles, 'team_user team_admin');
      const ev = rec.named('memberrole_updated');
      assert.equal(ev[0]?.broadcast.user_id, bob.user.id);
      assert.equal((JSON.parse(ev[0]!.data.member as string) as TeamMembership).scheme_admin, true);
      // Now bob may manage the team.
      assert.equal((await bob.client.patchTeam({ id: team.id, description: 'by bob' })).description, 'by bob');
      await alice.client.updateTeamMemberSchemeRoles(team.id, bob.user.id, true, false);
      assert.equal((await alice.client.getTeamMember(team.id, bob.user.id)).roles, 'team_user');
      const both = await raw(srv.url, 'PUT', `/api/v4/teams/${team.id}/members/${bob.user.id}/schemeRoles`, {
        token: alice.client.getToken(),
        body: { scheme_user: true, scheme_guest: true, scheme_admin: false },
      });
      expectAppError(both, 400, 'api.team.update_team_member_roles.guest_and_user.app_error');
      await expectClientError(() => alice.client.updateTeamMemberSchemeRoles(team.id, 'a'.repeat(26), true, false), 404);
    });

    it('archives a team for team admins only; it leaves listings and tells everyone', async () => {
      const team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      await expectClientError(() => bob.client.deleteTeam(team.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.deleteTeam(team.id), 403, 'api.context.permissions.app_error');
      const permanent = await raw(srv.url, 'DELETE', `/api/v4/teams/${team.id}?permanent=true`, { token: alice.client.getToken() });
      expectAppError(permanent, 401, 'api.user.delete_team.not_enabled.app_error');
      const rec = recordEvents(srv);
      assert.deepEqual(await alice.client.deleteTeam(team.id), { status: 'OK' });
      rec.stop();
      const ev = rec.named('delete_team');
      assert.equal(ev.length, 1);
      assert.deepEqual([ev[0]!.broadcast.user_id, ev[0]!.broadcast.team_id, ev[0]!.broadcast.channel_id], ['', '', '']);
      assert.ok((await admin.client.getTeam(team.id)).delete_at > 0);
      assert.equal((await bob.client.getMyTeams()).some((t) => t.id === team.id), false);
      assert.equal(((await admin.client.getTeams(0, 200)) as Team[]).some((t) => t.id === team.id), false);
    });

    it('reports unread per team over its channels, DMs and GMs excluded, muted channels counting mentions only', async () => {
      const team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      const townSquare = await channelByName(alice.client, team.id, 'town-square');
      const offTopic = await channelByName(alice.client, team.id, 'off-topic');
      await bob.client.viewMyChannel(townSquare.id);
      const unreadOf = async (): Promise<TeamUnread> => (await bob.client.getMyTeamUnreads()).find((u) => u.team_id === team.id)!;
      assert.deepEqual(await unreadOf(), { team_id: team.id, msg_count: 0, mention_count: 0, mention_count_root: 0, msg_count_root: 0 });

      await alice.client.createPost({ channel_id: townSquare.id, message: 'hello all' });
      await alice.client.createPost({ channel_id: townSquare.id, message: `hey @${bob.user.username}` });
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      await alice.client.createPost({ channel_id: dm.id, message: `dm @${bob.user.username}` });
      assert.deepEqual(await unreadOf(), { team_id: team.id, msg_count: 2, mention_count: 1, mention_count_root: 1, msg_count_root: 2 });
      const single = await raw(srv.url, 'GET', `/api/v4/users/me/teams/${team.id}/unread`, { token: bob.client.getToken() });
      assert.equal(single.status, 200);
      assert.deepEqual(single.json, { team_id: team.id, msg_count: 2, mention_count: 1, mention_count_root: 1, msg_count_root: 2 });
      const withThreads = (await bob.client.getMyTeamUnreads(true)).find((u) => u.team_id === team.id)!;
      assert.equal(withThreads.thread_count, 0);

      await bob.client.updateChannelNotifyProps({ channel_id: offTopic.id, user_id: bob.user.id, mark_unread: 'mention' });
      await alice.client.createPost({ channel_id: offTopic.id, message: `muted @${bob.user.username}` });
      assert.deepEqual(await unreadOf(), { team_id: team.id, msg_count: 2, mention_count: 2, mention_count_root: 2, msg_count_root: 2 });

      await bob.client.readMultipleChannels([townSquare.id, offTopic.id]);
      assert.deepEqual(await unreadOf(), { team_id: team.id, msg_count: 0, mention_count: 0, mention_count_root: 0, msg_count_root: 0 });
      const exclude = await raw(srv.url, 'GET', `/api/v4/users/me/teams/unread?exclude_team=${team.id}`, { token: bob.client.getToken() });
      assert.equal((exclude.json as unknown as TeamUnread[]).some((u) => u.team_id === team.id), false);
      const others = await raw(srv.url, 'GET', `/api/v4/users/${alice.user.id}/teams/unread`, { token: bob.client.getToken() });
      expectAppError(others, 403, 'api.context.permissions.app_error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/users/me/teams/${team.id}/unread`, { token: carol.client.getToken() }), 403);
    });
  });
}
