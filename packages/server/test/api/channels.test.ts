import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../../src/events/event.js';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

type Client = TestUser['client'];

function recordEvents(srv: TestServer): { stop: () => void; named: (name: string) => ServerEvent[] } {
  const events: ServerEvent[] = [];
  const stop = srv.parley.bus.subscribe((e) => events.push(e));
  return { stop, named: (name) => events.filter((e) => e.event === name) };
}

async function postsOfType(c: Client, channelId: string, type: string): Promise<Post[]> {
  const list = await c.getPosts(channelId, 0, 200);
  return list.order.map((id) => list.posts[id]!).filter((p) => p.type === type);
}

async function createChannel(c: Client, team: Team, type: 'O' | 'P', fields: Partial<ServerChannel> = {}): Promise<ServerChannel> {
  const name = uniqueName('chan');
  return c.createChannel({ team_id: team.id, name, display_name: `Channel ${name}`, type, ...fields });
}

for (const engine of engines()) {
  describe(`channels [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser; // team admin (created the team)
    let bob: TestUser;
    let carol: TestUser;
    let dave: TestUser; // not on the team
    let team: Team;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      [alice, bob, carol, dave] = [
        await makeUser(srv.url, admin.client),
        await makeUser(srv.url, admin.client),
        await makeUser(srv.url, admin.client),
        await makeUser(srv.url, admin.client),
      ];
      const name = uniqueName('team');
      team = await alice.client.createTeam({ name, display_name: name, type: 'O', allow_open_invite: true } as Team);
      await alice.client.addToTeam(team.id, bob.user.id);
      await alice.client.addToTeam(team.id, carol.user.id);
    });
    after(() => srv.close());

    it('creates public and private channels (201); the creator is channel admin', async () => {
      const rec = recordEvents(srv);
      const name = uniqueName('chan');
      const res = await raw(srv.url, 'POST', '/api/v4/channels', {
        token: bob.client.getToken(),
        body: { team_id: team.id, name, display_name: ' Bob Room ', type: 'O', purpose: 'talk', header: 'hi' },
      });
      rec.stop();
      assert.equal(res.status, 201);
      const channel = res.json as unknown as ServerChannel;
      assert.equal(channel.name, name);
      assert.equal(channel.display_name, 'Bob Room', 'display name is trimmed');
      assert.equal(channel.team_id, team.id);
      assert.equal(channel.creator_id, bob.user.id);
      assert.equal(channel.purpose, 'talk');
      assert.equal(channel.total_msg_count, 0);
      assert.equal(channel.scheme_id, null);
      const member = await bob.client.getMyChannelMember(channel.id);
      assert.equal(member.roles, 'channel_user channel_admin');
      assert.equal(member.scheme_admin, true);
      assert.equal(member.notify_props.mark_unread, 'all');
      const created = rec.named('channel_created');
      assert.deepEqual(created.map((e) => [e.data, e.broadcast.user_id]), [[{ channel_id: channel.id, team_id: team.id }, bob.user.id]]);
      const join = (await postsOfType(bob.client, channel.id, 'system_join_channel'))[0];
      assert.equal(join?.message, `${bob.user.username} joined the channel.`);

      const priv = await createChannel(carol.client, team, 'P');
      assert.equal(priv.type, 'P');
      assert.equal((await carol.client.getMyChannelMember(priv.id)).scheme_admin, true);
    });

    it('validates channel names and fields with Mattermost ids, and refuses outsiders', async () => {
      const existing = await createChannel(bob.client, team, 'O');
      const create = (fields: Partial<ServerChannel>) => () => createChannel(bob.client, team, 'O', fields);
      await expectClientError(create({ name: existing.name }), 400, 'store.sql_channel.save_channel.exists.app_error');
      await expectClientError(create({ name: 'Bad Name' }), 400, 'model.channel.is_valid.1_or_more.app_error');
      await expectClientError(create({ name: 'x'.repeat(65) }), 400, 'model.channel.is_valid.1_or_more.app_error');
      await expectClientError(create({ name: `${bob.user.id}__${carol.user.id}` }), 400, 'model.channel.is_valid.name.app_error');
      await expectClientError(create({ name: 'a'.repeat(40) }), 400, 'model.channel.is_valid.name.app_error');
      await expectClientError(create({ display_name: 'd'.repeat(65) }), 400, 'model.channel.is_valid.display_name.app_error');
      await expectClientError(create({ header: 'h'.repeat(1025) }), 400, 'model.channel.is_valid.header.app_error');
      await expectClientError(create({ purpose: 'p'.repeat(251) }), 400, 'model.channel.is_valid.purpose.app_error');
      await expectClientError(create({ type: 'D' }), 400, 'api.channel.create_channel.direct_channel.app_error');
      await expectClientError(create({ type: 'X' as ServerChannel['type'] }), 400, 'model.channel.is_valid.type.app_error');
      await expectClientError(() => createChannel(dave.client, team, 'O'), 403, 'api.context.permissions.app_error');
      await expectClientError(() => createChannel(dave.client, team, 'P'), 403, 'api.context.permissions.app_error');
      const token = bob.client.getToken();
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels', { token, body: { team_id: team.id, name: uniqueName('c'), type: 'O' } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels', { token, body: { name: uniqueName('c'), display_name: 'x', type: 'O' } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels', { token, rawBody: '{"team_id":' }), 400, 'api.context.invalid_body_param.app_error');
      const names = (await bob.client.getChannels(team.id, 0, 200)).map((c) => c.name);
      assert.equal(names.includes('Bad Name'), false);
    });

    it('creates DMs idempotently, self-DMs included, with the sorted-ids name', async () => {
      const rec = recordEvents(srv);
      const res = await raw(srv.url, 'POST', '/api/v4/channels/direct', { token: alice.client.getToken(), body: [alice.user.id, bob.user.id] });
      rec.stop();
      assert.equal(res.status, 201);
      const dm = res.json as unknown as ServerChannel;
      const expected = [alice.user.id, bob.user.id].sort().join('__');
      assert.deepEqual([dm.type, dm.name, dm.team_id, dm.display_name], ['D', expected, '', '']);
      assert.deepEqual(rec.named('direct_added').map((e) => [e.data, e.broadcast.channel_id]), [[{ creator_id: alice.user.id, teammate_id: bob.user.id }, dm.id]]);
      assert.equal((await bob.client.createDirectChannel([bob.user.id, alice.user.id])).id, dm.id, 'idempotent, either order');
      assert.equal((await bob.client.getMyChannelMember(dm.id)).roles, 'channel_user');

      const self = await alice.client.createDirectChannel([alice.user.id]);
      assert.equal(self.name, `${alice.user.id}__${alice.user.id}`);
      assert.equal((await alice.client.createDirectChannel([alice.user.id, alice.user.id])).id, self.id);
      assert.deepEqual((await alice.client.getChannelMembers(self.id)).map((m) => m.user_id), [alice.user.id]);

      await expectClientError(() => carol.client.createDirectChannel([alice.user.id, bob.user.id]), 403, 'api.context.permissions.app_error');
      await expectClientError(() => alice.client.createDirectChannel([alice.user.id, bob.user.id, carol.user.id]), 400, 'api.context.invalid_body_param.app_error');
      await expectClientError(() => alice.client.createDirectChannel([alice.user.id, 'not-an-id']), 400, 'api.context.invalid_body_param.app_error');
      await expectClientError(() => alice.client.createDirectChannel([alice.user.id, 'a'.repeat(26)]), 400, 'api.channel.create_direct_channel.invalid_user.app_error');
      // Admins may open a DM between two other people.
      assert.equal((await admin.client.createDirectChannel([carol.user.id, dave.user.id])).type, 'D');
    });

    it('creates GMs of 3–8 users named by the SHA-1 of their ids, idempotently', async () => {
      const rec = recordEvents(srv);
      const gm = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
      rec.stop();
      const ids = [alice.user.id, bob.user.id, carol.user.id].sort();
      assert.equal(gm.type, 'G');
      assert.equal(gm.team_id, '');
      assert.equal(gm.name, createHash('sha1').update(ids.join('')).digest('hex'));
      assert.equal(gm.display_name, [alice.user.username, bob.user.username, carol.user.username].sort().join(', '));
      const added = rec.named('group_added');
      assert.equal(added.length, 1);
      assert.deepEqual(JSON.parse(added[0]!.data.teammate_ids as string), ids);
      assert.equal((await carol.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id])).id, gm.id);
      assert.deepEqual((await carol.client.getChannelMembers(gm.id)).map((m) => m.user_id).sort(), ids);

      await expectClientError(() => alice.client.createGroupChannel([bob.user.id]), 400, 'api.channel.create_group.bad_size.app_error');
      const many = await Promise.all(Array.from({ length: 8 }, () => makeUser(srv.url, admin.client)));
      await expectClientError(() => alice.client.createGroupChannel(many.map((u) => u.user.id)), 400, 'api.channel.create_group.bad_size.app_error');
      await expectClientError(() => alice.client.createGroupChannel([bob.user.id, 'b'.repeat(26)]), 400, 'api.channel.create_group.bad_user.app_error');
      await expectClientError(() => alice.client.createGroupChannel([]), 400, 'api.context.invalid_body_param.app_error');
    });

    it('searches the caller\'s own group messages by a member\'s username prefix', async () => {
      const withBob = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
      const withDave = await alice.client.createGroupChannel([carol.user.id, dave.user.id]);
      const notAlices = await bob.client.createGroupChannel([carol.user.id, dave.user.id]);
      const ids = (list: { id: string }[]) => list.map((c) => c.id).sort();
      assert.deepEqual(ids(await alice.client.searchGroupChannels(bob.user.username.slice(0, 6))), [withBob.id]);
      assert.deepEqual(ids(await alice.client.searchGroupChannels(carol.user.username.toUpperCase())), [withBob.id, withDave.id].sort());
      // Only groups the caller is in, however well the term matches.
      assert.equal((await alice.client.searchGroupChannels(dave.user.username)).some((c) => c.id === notAlices.id), false);
      assert.deepEqual(await alice.client.searchGroupChannels('%'), [], 'LIKE wildcards are literal');
      assert.deepEqual(await alice.client.searchGroupChannels('  '), []);
      await expectClientError(() => client(srv.url).searchGroupChannels('a'), 401);
    });

    it('reads channels: public to the team, private and DMs only to members', async () => {
      const pub = await createChannel(alice.client, team, 'O');
      const priv = await createChannel(alice.client, team, 'P');
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      assert.equal((await bob.client.getChannel(pub.id)).id, pub.id, 'team members read public channels without joining');
      await expectClientError(() => bob.client.getChannel(priv.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.getChannel(dm.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => dave.client.getChannel(pub.id), 403, 'api.context.permissions.app_error');
      assert.equal((await admin.client.getChannel(priv.id)).id, priv.id);
      await expectClientError(() => bob.client.getChannel('z'.repeat(26)), 404, 'app.channel.get.existing.app_error');
      await expectClientError(() => bob.client.getChannel('short'), 400, 'api.context.invalid_url_param.app_error');

      assert.equal((await bob.client.getChannelByName(team.id, pub.name)).id, pub.id);
      assert.equal((await bob.client.getChannelByNameAndTeamName(team.name, pub.name)).id, pub.id);
      await expectClientError(() => bob.client.getChannelByName(team.id, priv.name), 404, 'app.channel.get_by_name.missing.app_error');
      assert.equal((await alice.client.getChannelByName(team.id, priv.name)).id, priv.id);
      await expectClientError(() => dave.client.getChannelByName(team.id, pub.name), 403);
      await expectClientError(() => bob.client.getChannelByNameAndTeamName(uniqueName('noteam'), pub.name), 404, 'app.team.get_by_name.missing.app_error');
      await expectClientError(() => bob.client.getChannelByName(team.id, uniqueName('nochan')), 404, 'app.channel.get_by_name.missing.app_error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/teams/${team.id}/channels/name/Bad!Name`, { token: bob.client.getToken() }), 400, 'api.context.invalid_url_param.app_error');

      await expectClientError(() => bob.client.getChannelStats(priv.id), 403);
      await expectClientError(() => bob.client.getChannelMembers(priv.id), 403);
      await expectClientError(() => bob.client.getChannelMember(priv.id, alice.user.id), 403);
    });

    it('lists, searches and autocompletes a team’s channels', async () => {
      const tag = uniqueName('zz');
      const a = await createChannel(alice.client, team, 'O', { name: `${tag}-alpha`, display_name: `${tag} Alpha` });
      const b = await createChannel(alice.client, team, 'O', { name: `${tag}-beta`, display_name: `Beta ${tag}` });
      const p = await createChannel(alice.client, team, 'P', { name: `${tag}-secret`, display_name: `${tag} Secret` });
      const bobPriv = await createChannel(bob.client, team, 'P', { name: `${tag}-bobs`, display_name: `${tag} Bobs` });

      const all = await carol.client.getChannels(team.id, 0, 200);
      assert.ok(all.some((c) => c.id === a.id) && all.some((c) => c.id === b.id));
      assert.ok(all.every((c) => c.type === 'O' && c.delete_at === 0));
      assert.ok(all.some((c) => c.name === 'town-square'));
      const names = all.map((c) => c.display_name);
      assert.deepEqual(names, [...names].sort());
      const [p0, p1] = [await carol.client.getChannels(team.id, 0, 1), await carol.client.getChannels(team.id, 1, 1)];
      assert.deepEqual([p0[0]?.id, p1[0]?.id], [all[0]?.id, all[1]?.id]);
      await expectClientError(() => dave.client.getChannels(team.id), 403, 'api.context.permissions.app_error');

      const found = await carol.client.searchChannels(team.id, tag);
      assert.deepEqual(found.map((c) => c.id).sort(), [a.id, b.id].sort(), 'word prefix of the display name matches; private channels never');
      assert.deepEqual((await carol.client.searchChannels(team.id, `${tag}-al`)).map((c) => c.id), [a.id]);
      assert.deepEqual(await carol.client.searchChannels(team.id, `${tag}_`), []);

      const auto = await bob.client.autocompleteChannels(team.id, tag);
      assert.deepEqual(auto.map((c) => c.id).sort(), [a.id, b.id, bobPriv.id].sort(), 'own private channels autocomplete, others do not');
      assert.equal(auto.some((c) => c.id === p.id), false);

      const byIds = await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/channels/ids`, { token: carol.client.getToken(), body: [a.id, p.id] });
      assert.deepEqual((byIds.json as unknown as ServerChannel[]).map((c) => c.id), [a.id]);
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/channels/ids`, { token: carol.client.getToken(), body: [] }), 400);
      expectAppError(await raw(srv.url, 'POST', `/api/v4/teams/${team.id}/channels/ids`, { token: carol.client.getToken(), body: [p.id] }), 404);
    });

    it('lists a user’s channels (DMs and GMs with every team) and memberships', async () => {
      const mine = await createChannel(carol.client, team, 'P');
      const dm = await carol.client.createDirectChannel([carol.user.id, bob.user.id]);
      const gm = await carol.client.createGroupChannel([alice.user.id, bob.user.id]);
      const inTeam = await carol.client.getMyChannels(team.id);
      for (const id of [mine.id, dm.id, gm.id]) assert.ok(inTeam.some((c) => c.id === id));
      assert.ok(inTeam.some((c) => c.name === 'town-square'));
      const everywhere = await carol.client.getAllTeamsChannels();
      for (const id of [mine.id, dm.id, gm.id]) assert.ok(everywhere.some((c) => c.id === id));

      const members = await carol.client.getMyChannelMembers(team.id);
      assert.deepEqual(members.map((m) => m.channel_id).sort(), inTeam.map((c) => c.id).sort());
      const paged = await carol.client.getAllChannelsMembers(carol.user.id, 0, 200);
      const row = paged.find((m) => m.channel_id === mine.id) as ChannelMembership & { team_name: string };
      assert.equal(row.team_name, team.name);

      await expectClientError(() => bob.client.getAllChannelsMembers(carol.user.id), 403);
      const other = await raw(srv.url, 'GET', `/api/v4/users/${carol.user.id}/teams/${team.id}/channels`, { token: bob.client.getToken() });
      expectAppError(other, 403, 'api.context.permissions.app_error');
      const otherMembers = await raw(srv.url, 'GET', `/api/v4/users/${carol.user.id}/teams/${team.id}/channels/members`, { token: bob.client.getToken() });
      expectAppError(otherMembers, 403);
      await expectClientError(() => dave.client.getMyChannels(team.id), 403);
    });

    it('patches channels: each changed display name, header and purpose posts its system message', async () => {
      const channel = await createChannel(alice.client, team, 'O', { header: '', purpose: 'old purpose' });
      await bob.client.addToChannel(bob.user.id, channel.id);
      const rec = recordEvents(srv);
      const patched = await bob.client.patchChannel(channel.id, { header: 'new header', purpose: '', display_name: 'Renamed' });
      rec.stop();
      assert.deepEqual([patched.header, patched.purpose, patched.display_name], ['new header', '', 'Renamed']);
      const updated = rec.named('channel_updated');
      assert.equal(updated.length, 1);
      assert.equal(updated[0]!.broadcast.channel_id, channel.id);
      assert.equal((JSON.parse(updated[0]!.data.channel as string) as ServerChannel).header, 'new header');

      const u = bob.user.username;
      const header = (await postsOfType(bob.client, channel.id, 'system_header_change'))[0]!;
      assert.equal(header.message, `${u} updated the channel header to: new header`);
      assert.deepEqual([header.props.old_header, header.props.new_header, header.props.username], ['', 'new header', u]);
      const purpose = (await postsOfType(bob.client, channel.id, 'system_purpose_change'))[0]!;
      assert.equal(purpose.message, `${u} removed the channel purpose (was: old purpose)`);
      assert.deepEqual([purpose.props.old_purpose, purpose.props.new_purpose], ['old purpose', '']);
      const display = (await postsOfType(bob.client, channel.id, 'system_displayname_change'))[0]!;
      assert.equal(display.message, `${u} updated the channel display name from: ${channel.display_name} to: Renamed`);
      assert.deepEqual([display.props.old_displayname, display.props.new_displayname], [channel.display_name, 'Renamed']);

      await bob.client.patchChannel(channel.id, { header: 'newer' });
      assert.equal((await postsOfType(bob.client, channel.id, 'system_header_change'))[0]!.message, `${u} updated the channel header from: new header to: newer`);
      const before = (await bob.client.getPosts(channel.id)).order.length;
      await bob.client.patchChannel(channel.id, { header: 'newer' });
      assert.equal((await bob.client.getPosts(channel.id)).order.length, before, 'no message when nothing changed');

      const renamed = await bob.client.patchChannel(channel.id, { name: `${channel.name}-x` });
      assert.equal(renamed.name, `${channel.name}-x`);
      await expectClientError(() => carol.client.patchChannel(channel.id, { header: 'intruder' }), 403, 'api.context.permissions.app_error');
      await expectClientError(() => bob.client.patchChannel(channel.id, {}), 400, 'api.channel.patch_update_channel.no_changes.app_error');
      await expectClientError(() => bob.client.patchChannel(channel.id, { name: 'Bad Name' }), 400, 'model.channel.is_valid.1_or_more.app_error');
      const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
      await expectClientError(() => alice.client.patchChannel(townSquare.id, { name: 'plaza' }), 400, 'api.channel.update_channel.tried.app_error');
      const clash = await createChannel(alice.client, team, 'O');
      await expectClientError(() => bob.client.patchChannel(channel.id, { name: clash.name }), 400, 'store.sql_channel.save_channel.exists.app_error');
      assert.equal((await bob.client.getChannel(channel.id)).name, `${channel.name}-x`);

      const dm = await bob.client.createDirectChannel([bob.user.id, carol.user.id]);
      assert.equal((await bob.client.patchChannel(dm.id, { header: 'our dm' })).header, 'our dm');
      await expectClientError(() => bob.client.patchChannel(dm.id, { purpose: 'no' }), 400, 'api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error');
      await expectClientError(() => alice.client.patchChannel(dm.id, { header: 'not mine' }), 403, 'api.channel.patch_update_channel.forbidden.app_error');
    });

    it('updates channels with PUT, refusing id mismatches and type changes', async () => {
      const channel = await createChannel(alice.client, team, 'O', { purpose: 'keep?' });
      const updated = await alice.client.updateChannel({ ...channel, display_name: 'Put Name', header: 'put header', purpose: '' });
      assert.deepEqual([updated.display_name, updated.header, updated.purpose, updated.name], ['Put Name', 'put header', '', channel.name]);
      assert.equal((await postsOfType(alice.client, channel.id, 'system_displayname_change')).length, 1);
      await expectClientError(() => alice.client.updateChannel({ ...updated, type: 'P' }), 400, 'api.channel.update_channel.typechange.app_error');
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/channels/${channel.id}`, { token, body: { ...updated, id: 'q'.repeat(26) } }), 400, 'api.context.invalid_body_param.app_error');
      await expectClientError(() => carol.client.updateChannel({ ...updated, header: 'x' }), 403);
    });

    it('converts privacy for team admins, with a system message and events', async () => {
      const channel = await createChannel(bob.client, team, 'O');
      await expectClientError(() => bob.client.updateChannelPrivacy(channel.id, 'P'), 403, 'api.context.permissions.app_error');
      const rec = recordEvents(srv);
      const priv = await alice.client.updateChannelPrivacy(channel.id, 'P');
      rec.stop();
      assert.equal(priv.type, 'P');
      assert.deepEqual(rec.named('channel_converted').map((e) => [e.data, e.broadcast.team_id]), [[{ channel_id: channel.id }, team.id]]);
      assert.equal(rec.named('channel_updated').length, 1);
      const note = (await postsOfType(bob.client, channel.id, 'system_change_chan_privacy'))[0]!;
      assert.equal(note.message, 'This channel has been converted to a Private Channel.');
      assert.equal(note.props.username, alice.user.username);
      await expectClientError(() => carol.client.getChannel(channel.id), 403, 'api.context.permissions.app_error');
      const pub = await alice.client.updateChannelPrivacy(channel.id, 'O');
      assert.equal(pub.type, 'O');
      assert.equal((await postsOfType(bob.client, channel.id, 'system_change_chan_privacy'))[0]!.message, 'This channel has been converted to a Public Channel and can be joined by any team member.');
      const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
      await expectClientError(() => alice.client.updateChannelPrivacy(townSquare.id, 'P'), 400, 'api.channel.update_channel_privacy.default_channel_error');
      await expectClientError(() => alice.client.updateChannelPrivacy(channel.id, 'X'), 400, 'api.context.invalid_body_param.app_error');
    });

    it('archives and restores channels; town-square and DMs cannot be archived', async () => {
      const channel = await createChannel(bob.client, team, 'O');
      await expectClientError(() => dave.client.deleteChannel(channel.id), 403, 'api.context.permissions.app_error');
      await expectClientError(() => carol.client.deleteChannel(channel.id), 403, 'api.context.permissions.app_error');
      const permanent = await raw(srv.url, 'DELETE', `/api/v4/channels/${channel.id}?permanent=true`, { token: bob.client.getToken() });
      expectAppError(permanent, 401, 'api.user.delete_channel.not_enabled.app_error');
      const rec = recordEvents(srv);
      assert.deepEqual(await bob.client.deleteChannel(channel.id), { status: 'OK' });
      rec.stop();
      const deleted = rec.named('channel_deleted');
      assert.equal(deleted[0]?.broadcast.team_id, team.id);
      assert.equal(deleted[0]?.data.channel_id, channel.id);
      const archived = await bob.client.getChannel(channel.id);
      assert.ok(archived.delete_at > 0);
      assert.equal(deleted[0]?.data.delete_at, archived.delete_at);
      assert.equal((await postsOfType(bob.client, channel.id, 'system_channel_deleted'))[0]?.message, `${bob.user.username} archived the channel.`);
      assert.ok((await bob.client.getArchivedChannels(team.id, 0, 200)).some((c) => c.id === channel.id));
      assert.equal((await bob.client.getChannels(team.id, 0, 200)).some((c) => c.id === channel.id), false);
      await expectClientError(() => bob.client.getChannelByName(team.id, channel.name), 404);
      assert.equal((await bob.client.getChannelByName(team.id, channel.name, true)).id, channel.id);
      assert.equal((await bob.client.getMyChannels(team.id)).some((c) => c.id === channel.id), false);
      assert.ok((await bob.client.getMyChannels(team.id, true)).some((c) => c.id === channel.id));
      await expectClientError(() => bob.client.deleteChannel(channel.id), 400, 'api.channel.delete_channel.deleted.app_error');

      const hiddenPriv = await createChannel(alice.client, team, 'P');
      await alice.client.deleteChannel(hiddenPriv.id);
      assert.equal((await carol.client.getArchivedChannels(team.id, 0, 200)).some((c) => c.id === hiddenPriv.id), false, 'archived private channels stay private');

      await expectClientError(() => bob.client.unarchiveChannel(channel.id), 403, 'api.context.permissions.app_error');
      const rec2 = recordEvents(srv);
      const restored = await alice.client.unarchiveChannel(channel.id);
      rec2.stop();
      assert.equal(restored.delete_at, 0);
      assert.deepEqual(rec2.named('channel_restored').map((e) => [e.data, e.broadcast.team_id]), [[{ channel_id: channel.id }, team.id]]);
      assert.equal((await postsOfType(alice.client, channel.id, 'system_channel_restored'))[0]?.message, `${alice.user.username} unarchived the channel.`);
      await expectClientError(() => alice.client.unarchiveChannel(channel.id), 400, 'api.channel.restore_channel.restored.app_error');

      const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
      await expectClientError(() => alice.client.deleteChannel(townSquare.id), 400, 'api.channel.delete_channel.cannot.app_error');
      const dm = await alice.client.createDirectChannel([alice.user.id, carol.user.id]);
      await expectClientError(() => alice.client.deleteChannel(dm.id), 400, 'api.channel.delete_channel.type.invalid');
    });

    it('adds members: joining yourself, adding others, private channels need manage permission', async () => {
      const pub = await createChannel(alice.client, team, 'O');
      const rec = recordEvents(srv);
      const res = await raw(srv.url, 'POST', `/api/v4/channels/${pub.id}/members`, { token: bob.client.getToken(), body: { user_id: bob.user.id, channel_id: pub.id, post_root_id: '' } });
      rec.stop();
      assert.equal(res.status, 201);
      assert.equal((res.json as unknown as ChannelMembership).user_id, bob.user.id);
      assert.deepEqual(rec.named('user_added').map((e) => [e.data, e.broadcast.channel_id]), [[{ user_id: bob.user.id, team_id: team.id }, pub.id]]);
      const joined = (await postsOfType(bob.client, pub.id, 'system_join_channel')).find((p) => p.user_id === bob.user.id);
      assert.equal(joined?.message, `${bob.user.username} joined the channel.`);

      const added = await bob.client.addToChannel(carol.user.id, pub.id);
      assert.equal(added.user_id, carol.user.id);
      assert.equal('last_viewed_at' in added, false, "another member's view time is private");
      const note = (await postsOfType(bob.client, pub.id, 'system_add_to_channel'))[0]!;
      assert.equal(note.message, `${carol.user.username} added to the channel by ${bob.user.username}.`);
      assert.deepEqual([note.props.userId, note.props.username, note.props.addedUserId, note.props.addedUsername], [bob.user.id, bob.user.username, carol.user.id, carol.user.username]);
      assert.equal((await carol.client.addToChannel(carol.user.id, pub.id)).user_id, carol.user.id, 'adding an existing member answers the membership');

      await expectClientError(() => bob.client.addToChannel(dave.user.id, pub.id), 404, 'app.team.get_member.missing.app_error');
      await expectClientError(() => dave.client.addToChannel(dave.user.id, pub.id), 403, 'api.context.permissions.app_error');

      const priv = await createChannel(alice.client, team, 'P');
      await expectClientError(() => bob.client.addToChannel(bob.user.id, priv.id), 403, 'api.context.permissions.app_error');
      const many = await alice.client.addToChannels([bob.user.id, carol.user.id], priv.id);
      assert.deepEqual(many.map((m) => m.user_id).sort(), [bob.user.id, carol.user.id].sort());
      assert.equal((await bob.client.getChannel(priv.id)).id, priv.id, 'members read private channels');

      const gm = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
      await expectClientError(() => alice.client.addToChannel(dave.user.id, gm.id), 400, 'api.channel.add_user_to_channel.type.app_error');
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'POST', `/api/v4/channels/${pub.id}/members`, { token, body: {} }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', `/api/v4/channels/${pub.id}/members`, { token, body: { user_ids: ['nope'] } }), 400, 'api.context.invalid_body_param.app_error');
    });

    it('lists members by page and ids, and reports stats', async () => {
      const channel = await createChannel(alice.client, team, 'O');
      await alice.client.addToChannels([bob.user.id, carol.user.id], channel.id);
      const all = await bob.client.getChannelMembers(channel.id, 0, 100);
      assert.deepEqual(all.map((m) => m.user_id).sort(), [alice.user.id, bob.user.id, carol.user.id].sort());
      assert.deepEqual([...(await bob.client.getChannelMembers(channel.id, 0, 2)), ...(await bob.client.getChannelMembers(channel.id, 1, 2))].map((m) => m.user_id), all.map((m) => m.user_id));
      const own = all.find((m) => m.user_id === bob.user.id)!;
      assert.equal(typeof own.last_viewed_at, 'number');
      assert.equal('last_viewed_at' in all.find((m) => m.user_id === alice.user.id)!, false);
      assert.equal((await bob.client.getChannelMember(channel.id, alice.user.id)).roles, 'channel_user channel_admin');
      assert.equal((await bob.client.getMyChannelMember(channel.id)).user_id, bob.user.id);
      await expectClientError(() => bob.client.getChannelMember(channel.id, dave.user.id), 404, 'app.channel.get_member.missing.app_error');
      const byIds = await bob.client.getChannelMembersByIds(channel.id, [carol.user.id, dave.user.id]);
      assert.deepEqual(byIds.map((m) => m.user_id), [carol.user.id]);

      await alice.client.createPost({ channel_id: channel.id, message: 'pin me' }).then((p) => alice.client.pinPost(p.id));
      assert.deepEqual(await bob.client.getChannelStats(channel.id), { channel_id: channel.id, member_count: 3, guest_count: 0, pinnedpost_count: 1, files_count: -1 });
      assert.equal((await bob.client.getChannelStats(channel.id, true)).files_count, 0);
      await expectClientError(() => dave.client.getChannelStats(channel.id), 403);
    });

    it('leaves and removes members; town-square and DMs cannot be left', async () => {
      const priv = await createChannel(alice.client, team, 'P');
      await alice.client.addToChannel(bob.user.id, priv.id);
      await expectClientError(() => carol.client.removeFromChannel(bob.user.id, priv.id), 403, 'api.context.permissions.app_error');
      await alice.client.addToChannel(carol.user.id, priv.id);

      const rec = recordEvents(srv);
      await bob.client.removeFromChannel(bob.user.id, priv.id);
      rec.stop();
      const removed = rec.named('user_removed');
      assert.deepEqual(removed.map((e) => [e.data, e.broadcast.channel_id, e.broadcast.user_id]), [
        [{ user_id: bob.user.id, remover_id: bob.user.id }, priv.id, ''],
        [{ channel_id: priv.id, remover_id: bob.user.id }, '', bob.user.id],
      ]);
      const left = (await postsOfType(alice.client, priv.id, 'system_leave_channel'))[0]!;
      assert.equal(left.message, `@${bob.user.username} left the channel.`);
      await expectClientError(() => bob.client.getChannel(priv.id), 403);

      await alice.client.removeFromChannel(carol.user.id, priv.id);
      const kicked = (await postsOfType(alice.client, priv.id, 'system_remove_from_channel'))[0]!;
      assert.equal(kicked.message, `@${carol.user.username} removed from the channel.`);
      assert.equal(kicked.user_id, alice.user.id);
      assert.deepEqual([kicked.props.removedUserId, kicked.props.removedUsername], [carol.user.id, carol.user.username]);
      await expectClientError(() => alice.client.removeFromChannel(carol.user.id, priv.id), 404, 'app.channel.get_member.missing.app_error');

      const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
      await expectClientError(() => bob.client.removeFromChannel(bob.user.id, townSquare.id), 400, 'api.channel.remove.default.app_error');
      const dm = await bob.client.createDirectChannel([bob.user.id, carol.user.id]);
      await expectClientError(() => bob.client.removeFromChannel(bob.user.id, dm.id), 400, 'api.channel.remove_channel_member.type.app_error');
      assert.ok((await bob.client.getChannelMembers(townSquare.id, 0, 200)).some((m) => m.user_id === bob.user.id));
    });

    it('updates notify props by merge, validating values', async () => {
      const channel = await createChannel(alice.client, team, 'O');
      await bob.client.addToChannel(bob.user.id, channel.id);
      const rec = recordEvents(srv);
      await bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, desktop: 'all', mark_unread: 'mention', bogus: 'ignored' });
      rec.stop();
      const member = await bob.client.getMyChannelMember(channel.id);
      assert.deepEqual(member.notify_props, {
        desktop: 'all',
        mark_unread: 'mention',
        push: 'default',
        email: 'default',
        ignore_channel_mentions: 'default',
        channel_auto_follow_threads: 'off',
      });
      const ev = rec.named('channel_member_updated');
      assert.equal(ev[0]?.broadcast.user_id, bob.user.id);
      assert.equal((JSON.parse(ev[0]!.data.channelMember as string) as ChannelMembership).notify_props.desktop, 'all');
      await expectClientError(() => bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, desktop: 'loud' }), 400, 'model.channel_member.is_valid.notify_level.app_error');
      await expectClientError(() => bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, mark_unread: 'never' }), 400, 'model.channel_member.is_valid.unread_level.app_error');
      await expectClientError(() => carol.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, desktop: 'none' }), 403);
      await expectClientError(() => carol.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: carol.user.id, desktop: 'none' }), 404);
      assert.equal((await bob.client.getMyChannelMember(channel.id)).notify_props.desktop, 'all');
    });

    it('updates channel scheme roles for channel admins only', async () => {
      const channel = await createChannel(alice.client, team, 'P');
      await alice.client.addToChannels([bob.user.id, carol.user.id], channel.id);
      await expectClientError(() => bob.client.updateChannelMemberSchemeRoles(channel.id, carol.user.id, true, true), 403, 'api.context.permissions.app_error');
      await alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, true, true);
      assert.equal((await alice.client.getChannelMember(channel.id, bob.user.id)).roles, 'channel_user channel_admin');
      await bob.client.updateChannelMemberSchemeRoles(channel.id, carol.user.id, true, true);
      assert.equal((await bob.client.getChannelMember(channel.id, carol.user.id)).scheme_admin, true);
      await expectClientError(() => alice.client.updateChannelMemberSchemeRoles(channel.id, bob.user.id, false, false), 400, 'api.channel.update_channel_member_roles.unset_user_scheme.app_error');
      await expectClientError(() => alice.client.updateChannelMemberSchemeRoles(channel.id, dave.user.id, true, false), 404);
    });

    it('tracks unread: nothing unread on join, posts count, viewing clears with Mattermost semantics', async () => {
      const channel = await createChannel(alice.client, team, 'O');
      const other = await createChannel(alice.client, team, 'O');
      await alice.client.createPost({ channel_id: channel.id, message: 'before bob' });
      await bob.client.addToChannel(bob.user.id, channel.id);
      await bob.client.addToChannel(bob.user.id, other.id);
      const unread = async (c: string) => {
        const r = await raw(srv.url, 'GET', `/api/v4/users/me/channels/${c}/unread`, { token: bob.client.getToken() });
        assert.equal(r.status, 200);
        return r.json as Record<string, unknown>;
      };
      const start = await unread(channel.id);
      assert.deepEqual(
        [start.msg_count, start.mention_count, start.team_id, start.channel_id],
        [0, 0, team.id, channel.id],
        'joining leaves nothing unread',
      );

      await alice.client.createPost({ channel_id: channel.id, message: 'one' });
      const mention = await alice.client.createPost({ channel_id: channel.id, message: `two @${bob.user.username}` });
      await alice.client.createPost({ channel_id: other.id, message: 'elsewhere' });
      const u = await unread(channel.id);
      assert.deepEqual([u.msg_count, u.msg_count_root, u.mention_count, u.mention_count_root, u.urgent_mention_count], [2, 2, 1, 1, 0]);
      const ch = await bob.client.getChannel(channel.id);
      const before = await bob.client.getMyChannelMember(channel.id);
      assert.equal(ch.total_msg_count - before.msg_count, 2);
      assert.ok(before.last_viewed_at < mention.create_at);

      const rec = recordEvents(srv);
      const view = await bob.client.viewMyChannel(channel.id);
      rec.stop();
      assert.equal(view.status, 'OK');
      assert.deepEqual(view.last_viewed_at_times, { [channel.id]: ch.last_post_at });
      assert.deepEqual(rec.named('multiple_channels_viewed').map((e) => [e.data, e.broadcast.user_id]), [[{ channel_times: { [channel.id]: ch.last_post_at } }, bob.user.id]]);
      const after = await bob.client.getMyChannelMember(channel.id);
      assert.deepEqual([after.msg_count, after.msg_count_root, after.mention_count, after.mention_count_root], [ch.total_msg_count, ch.total_msg_count_root, 0, 0]);
      assert.equal(after.last_viewed_at, ch.last_post_at, 'last_viewed_at is the last post time, not now');
      assert.equal((await unread(other.id)).msg_count, 1, 'other channels untouched');

      const token = bob.client.getToken();
      const both = await raw(srv.url, 'POST', '/api/v4/channels/members/me/view', { token, body: { channel_id: other.id, prev_channel_id: channel.id } });
      assert.deepEqual(Object.keys((both.json as unknown as { last_viewed_at_times: object }).last_viewed_at_times).sort(), [channel.id, other.id].sort());
      assert.equal((await unread(other.id)).msg_count, 0);
      const blank = await raw(srv.url, 'POST', '/api/v4/channels/members/me/view', { token, body: { channel_id: '' } });
      assert.deepEqual(blank.json, { status: 'OK', last_viewed_at_times: {} });

      await alice.client.createPost({ channel_id: channel.id, message: 'three' });
      await alice.client.createPost({ channel_id: other.id, message: 'four' });
      const read = await bob.client.readMultipleChannels([channel.id, other.id]);
      assert.deepEqual(Object.keys(read.last_viewed_at_times).sort(), [channel.id, other.id].sort());
      assert.deepEqual([(await unread(channel.id)).msg_count, (await unread(other.id)).msg_count], [0, 0]);

      await bob.client.updateChannelNotifyProps({ channel_id: other.id, user_id: bob.user.id, mark_unread: 'mention' });
      await alice.client.createPost({ channel_id: other.id, message: 'muted' });
      assert.equal((await unread(other.id)).msg_count, 0, 'a muted channel reports no unread messages');

      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels/members/me/view', { token, body: { channel_id: 'bad' } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels/members/me/view', { token, rawBody: '{oops' }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', `/api/v4/channels/members/${alice.user.id}/view`, { token, body: { channel_id: channel.id } }), 403, 'api.context.permissions.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels/members/me/mark_read', { token, body: [] }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/users/${alice.user.id}/channels/${channel.id}/unread`, { token }), 403);
      const priv = await createChannel(alice.client, team, 'P');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/users/me/channels/${priv.id}/unread`, { token }), 403);
    });

    it('stays consistent under concurrent creates and joins', async () => {
      const [x, y] = [await makeUser(srv.url, admin.client), await makeUser(srv.url, admin.client)];
      const dms = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? x : y).client.createDirectChannel([x.user.id, y.user.id])));
      assert.equal(new Set(dms.map((c) => c.id)).size, 1, 'one DM however many ask at once');
      assert.equal((await x.client.getChannelMembers(dms[0]!.id)).length, 2);

      const channel = await createChannel(alice.client, team, 'O');
      const joins = await Promise.all(Array.from({ length: 6 }, () => bob.client.addToChannel(bob.user.id, channel.id)));
      assert.ok(joins.every((m) => m.user_id === bob.user.id));
      const joinPosts = (await postsOfType(bob.client, channel.id, 'system_join_channel')).filter((p) => p.user_id === bob.user.id);
      assert.equal(joinPosts.length, 1, 'one join message');

      const name = uniqueName('race');
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => bob.client.createChannel({ team_id: team.id, name, display_name: 'Race', type: 'O' })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as { server_error_id?: string }).server_error_id, 'store.sql_channel.save_channel.exists.app_error');
      }
    });

    it('answers malformed input with Mattermost errors and changes nothing', async () => {
      const channel = await createChannel(alice.client, team, 'O');
      const token = alice.client.getToken();
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/channels/${channel.id}/patch`, { token, rawBody: '{"header": ' }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/channels/${channel.id}/patch`, { token, body: { header: 42 } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/channels/not-an-id/patch', { token, body: { header: 'x' } }), 400, 'api.context.invalid_url_param.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/channels/direct', { token, body: { user: 1 } }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'POST', `/api/v4/channels/${channel.id}/members/ids`, { token, body: [] }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/channels/${channel.id}/privacy`, { token, body: {} }), 400, 'api.context.invalid_body_param.app_error');
      expectAppError(await raw(srv.url, 'GET', '/api/v4/teams/bad/channels', { token }), 400, 'api.context.invalid_url_param.app_error');
      const same = await alice.client.getChannel(channel.id);
      assert.deepEqual([same.header, same.type, same.update_at], [channel.header, channel.type, channel.update_at]);
    });
  });
}
