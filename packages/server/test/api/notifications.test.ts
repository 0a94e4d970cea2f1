// Mentions and unread counts end to end, as Mattermost users know them: first names and custom keys from
// notify_props, channel-wide mentions under each member's settings and the channel size limit, DMs and
// GMs, own posts, edits and deletes; the per-recipient `mentions` of `posted`; notify_props validation;
// marking a whole team read.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { engines, expectClientError, makeAdmin, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { createChannel, createTeam, json, markAll, settle, Watcher } from '../ws/ws-kit.js';

type Client = TestUser['client'];

/** A member's unread messages and mentions, as clients compute them. */
async function unread(c: Client, channelId: string): Promise<{ msgs: number; mentions: number; mentionsRoot: number }> {
  const [channel, member] = await Promise.all([c.getChannel(channelId), c.getMyChannelMember(channelId)]);
  return { msgs: channel.total_msg_count - member.msg_count, mentions: member.mention_count, mentionsRoot: member.mention_count_root };
}

const LIMIT = 6;

for (const engine of engines()) {
  describe(`mentions and unread counts [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser; // first name "Robert" and the key "deploy" mention him
    let carol: TestUser; // channel-wide mentions off in her account
    let dave: TestUser; // ignores channel mentions in the channel
    let erin: TestUser; // muted the channel
    let team: Team;
    let channel: ServerChannel;

    before(async () => {
      srv = await startTestServer(engine, { maxNotificationsPerChannel: LIMIT });
      admin = await makeAdmin(srv.url);
      const user = (fields: Partial<UserProfile> = {}) => makeUser(srv.url, admin.client, fields);
      [alice, bob, carol, dave, erin] = await Promise.all([user(), user({ first_name: 'Robert' }), user(), user(), user()]);
      team = await createTeam(alice.client);
      for (const u of [bob, carol, dave, erin]) await alice.client.addToTeam(team.id, u.user.id);
      channel = await createChannel(alice.client, team.id, 'O');
      for (const u of [bob, carol, dave, erin]) await alice.client.addToChannel(u.user.id, channel.id);
      await bob.client.patchMe({ notify_props: { first_name: 'true', mention_keys: 'deploy,On-Call' } as UserProfile['notify_props'] });
      await carol.client.patchMe({ notify_props: { channel: 'false' } as UserProfile['notify_props'] });
      await dave.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: dave.user.id, ignore_channel_mentions: 'on' });
      await erin.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: erin.user.id, mark_unread: 'mention' });
    });
    after(() => srv.close());

    const post = (u: TestUser, message: string, channelId = channel.id, rootId = '') => u.client.createPost({ channel_id: channelId, message, root_id: rootId });
    const viewAll = (channelId: string, users: TestUser[]) => Promise.all(users.map((u) => u.client.viewMyChannel(channelId)));
    const mentions = async (users: TestUser[], channelId = channel.id) => Promise.all(users.map(async (u) => (await unread(u.client, channelId)).mentions));

    it('first names (exactly) and custom keys (any case) from notify_props mention', async () => {
      await viewAll(channel.id, [bob, carol, dave, erin]);
      await post(alice, 'Robert, the DEPLOY is done');
      await post(alice, 'robert is lowercase, so no');
      await post(alice, 'who is on-call?');
      assert.deepEqual(await mentions([bob, carol, dave, erin]), [2, 0, 0, 0]);
    });

    it('@channel and @all reach members who allow them; @here only those online', async () => {
      await viewAll(channel.id, [bob, carol, dave, erin]);
      await post(alice, 'hello @channel');
      await post(alice, 'and @all.');
      // carol turned channel mentions off, dave ignores them here, erin muted the channel (default: ignore).
      assert.deepEqual(await mentions([bob, carol, dave, erin]), [2, 0, 0, 0]);
      assert.equal((await unread(erin.client, channel.id)).msgs, 2, 'a muted channel still counts messages; clients hide them');

      const wb = await Watcher.open(srv, bob);
      try {
        await erin.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: erin.user.id, ignore_channel_mentions: 'off' });
        await viewAll(channel.id, [bob, erin]);
        await post(alice, 'anyone @here?');
        assert.deepEqual(await mentions([bob, erin]), [1, 0], 'erin wants channel mentions but is offline');
        await post(alice, '@channel again');
        assert.deepEqual(await mentions([bob, erin]), [2, 1], 'muted, with channel mentions turned on');
      } finally {
        wb.close();
        await erin.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: erin.user.id, ignore_channel_mentions: 'default' });
      }
    });

    it('channels at the MaxNotificationsPerChannel size get no channel-wide mentions; @username still works', async () => {
      const big = await createChannel(alice.client, team.id, 'O');
      const extra = await Promise.all(Array.from({ length: LIMIT - 5 }, () => makeUser(srv.url, admin.client)));
      for (const u of extra) await alice.client.addToTeam(team.id, u.user.id);
      for (const u of [bob, carol, dave, erin, ...extra]) await alice.client.addToChannel(u.user.id, big.id);
      await viewAll(big.id, [bob]);
      await post(alice, '@all of you', big.id);
      assert.deepEqual(await mentions([bob], big.id), [0]);
      await post(alice, `@${bob.user.username} just you`, big.id);
      assert.deepEqual(await mentions([bob], big.id), [1]);
    });

    it('DMs and GMs: every message of the others is a mention; own posts, edits and deletes change no count', async () => {
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      await viewAll(dm.id, [alice, bob]);
      const first = await post(alice, 'one', dm.id);
      await post(alice, 'two', dm.id, first.id);
      assert.deepEqual(await unread(bob.client, dm.id), { msgs: 2, mentions: 2, mentionsRoot: 1 });
      assert.deepEqual(await unread(alice.client, dm.id), { msgs: 0, mentions: 0, mentionsRoot: 0 }, 'own posts are read');

      const gm = await alice.client.createGroupChannel([alice.user.id, bob.user.id, carol.user.id]);
      await viewAll(gm.id, [bob, carol]);
      await post(alice, 'to the group', gm.id);
      assert.deepEqual(await mentions([bob, carol], gm.id), [1, 1]);

      await viewAll(channel.id, [bob, carol]);
      const plain = await post(alice, 'no mention yet');
      await alice.client.patchPost({ id: plain.id, message: `now @${bob.user.username} and @channel` });
      assert.deepEqual(await unread(bob.client, channel.id), { msgs: 1, mentions: 0, mentionsRoot: 0 }, 'edits notify nobody');
      const mention = await post(alice, `@${carol.user.username} look`);
      await alice.client.deletePost(mention.id);
      assert.deepEqual(await unread(carol.client, channel.id), { msgs: 2, mentions: 1, mentionsRoot: 1 }, 'deleting keeps the counts, as in Mattermost');
    });

    it('posted tells each mentioned recipient about themselves only', async () => {
      const watchers = await Promise.all([alice, bob, carol, dave].map((u) => Watcher.open(srv, u)));
      const [wa, wb, wc, wd] = watchers as [Watcher, Watcher, Watcher, Watcher];
      try {
        await markAll(srv, watchers);
        await post(alice, `@${bob.user.username} @${carol.user.username} @${alice.user.username}`);
        await settle(srv, watchers);
        assert.deepEqual(json<string[]>(wb.events('posted')[0]?.data?.mentions), [bob.user.id]);
        assert.deepEqual(json<string[]>(wc.events('posted')[0]?.data?.mentions), [carol.user.id]);
        assert.equal(wd.events('posted')[0]?.data?.mentions, undefined);
        assert.equal(wa.events('posted')[0]?.data?.mentions, undefined, 'authors do not mention themselves');
        for (const w of watchers) assert.equal(w.events('posted')[0]?.data?.followers, undefined);
      } finally {
        for (const w of watchers) w.close();
      }
    });

    it('notify props are validated: the user\'s and the channel member\'s', async () => {
      await expectClientError(() => bob.client.patchMe({ notify_props: { email: 'sometimes' } as unknown as UserProfile['notify_props'] }), 400, 'model.user.is_valid.notify_props.app_error');
      await expectClientError(() => bob.client.patchMe({ notify_props: { desktop: 'loud' } as unknown as UserProfile['notify_props'] }), 400);
      const me = await bob.client.getMe();
      assert.equal(me.notify_props.email, 'true', 'a refused update changes nothing');
      assert.equal(me.notify_props.mention_keys, 'deploy,On-Call');
      await expectClientError(() => bob.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: bob.user.id, mark_unread: 'some' as 'all' }), 400);
      await bob.client.patchMe({ notify_props: { ...me.notify_props, push: 'none', comments: 'root' } });
      assert.equal((await bob.client.getMe()).notify_props.push, 'none');
    });

    it('marks every channel of a team read, leaving DMs alone', async () => {
      const second = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, second.id);
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
      await bob.client.viewMyChannel(dm.id);
      await post(alice, `hi @${bob.user.username}`);
      await post(alice, 'second', second.id);
      await post(alice, 'direct', dm.id);
      await bob.client.markAllInTeamAsRead(bob.user.id, team.id);
      assert.deepEqual(await unread(bob.client, channel.id), { msgs: 0, mentions: 0, mentionsRoot: 0 });
      assert.deepEqual(await unread(bob.client, second.id), { msgs: 0, mentions: 0, mentionsRoot: 0 });
      assert.equal((await unread(bob.client, dm.id)).msgs, 1);
      const teamUnread = (await bob.client.getMyTeamUnreads(false)).find((u) => u.team_id === team.id)!;
      assert.equal(teamUnread.msg_count, 0);
      await expectClientError(() => carol.client.markAllInTeamAsRead(bob.user.id, team.id), 403);
    });
  });
}
