// Post reminders: an ephemeral confirmation at once, and at the time a direct message from the system bot
// linking the post — delivered once, never for a deleted post, refused to those who cannot read the post.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { engines, expectClientError, makeAdmin, makeChannel, makeTeam, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

const HOUR = 3600;

for (const engine of engines()) {
  describe(`post reminders [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let team: Team;
    let chan: Channel;

    const due = (secondsFromNow: number) => srv.parley.app.postReminders.sendDue(Date.now() + secondsFromNow * 1000);

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [alice, bob, carol]);
      chan = await makeChannel(alice, team, 'P', [bob]);
    });
    after(() => srv.close());

    it('confirms at once and sends a direct message from the system bot when due, once', async () => {
      const post = await alice.client.createPost({ channel_id: chan.id, message: 'quarterly numbers are in' });
      const sock = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      const at = Math.floor(Date.now() / 1000) + HOUR;
      try {
        await sock.waitFor((f) => f.event === 'hello');
        assert.deepEqual(await bob.client.addPostReminder(bob.user.id, post.id, at), { status: 'OK' });
        const confirm = await sock.waitFor((f) => f.event === 'ephemeral_message', 5000, 'confirmation');
        const ephemeral = JSON.parse(String(confirm.data!.post)) as Post;
        assert.equal(ephemeral.type, 'system_ephemeral');
        assert.equal(ephemeral.root_id, post.id);
        assert.deepEqual(
          { type: ephemeral.props.type, target_time: ephemeral.props.target_time, post_id: ephemeral.props.post_id, username: ephemeral.props.username, team_name: ephemeral.props.team_name },
          { type: 'reminder', target_time: at, post_id: post.id, username: alice.user.username, team_name: team.name },
        );
        assert.match(ephemeral.message, new RegExp(`/${team.name}/pl/${post.id}`));

        // Setting it again moves it rather than adding a second one.
        await bob.client.addPostReminder(bob.user.id, post.id, at + 60);
        assert.equal(await due(30), 0, 'not due yet');
        assert.equal(await due(HOUR + 120), 1);
        assert.equal(await due(HOUR + 120), 0, 'a reminder is delivered once');

        const posted = await sock.waitFor((f) => f.event === 'posted' && (JSON.parse(String(f.data!.post)) as Post).type === 'reminder', 5000, 'reminder DM');
        const dm = JSON.parse(String(posted.data!.post)) as Post;
        assert.equal(posted.data!.channel_type, 'D');
        assert.equal(dm.props.post_id, post.id);
        assert.equal(dm.props.username, alice.user.username);
        assert.match(dm.message, new RegExp(`@${alice.user.username}`));
        assert.match(dm.message, new RegExp(`/${team.name}/pl/${post.id}`));
        const bot = await bob.client.getUser(dm.user_id);
        assert.equal(bot.username, 'system-bot');
        assert.equal(bot.is_bot, true);
        const member = await bob.client.getChannelMember(dm.channel_id, bob.user.id);
        assert.equal(member.mention_count, 1, 'a direct message counts as a mention');
      } finally {
        sock.close();
      }
    });

    it('sends nothing for a post deleted before the time, and uses the same bot and DM each time', async () => {
      const gone = await alice.client.createPost({ channel_id: chan.id, message: 'soon deleted' });
      const kept = await alice.client.createPost({ channel_id: chan.id, message: 'kept' });
      const at = Math.floor(Date.now() / 1000) + 60;
      await bob.client.addPostReminder('me', gone.id, at);
      await bob.client.addPostReminder('me', kept.id, at);
      await alice.client.deletePost(gone.id);
      assert.equal(await due(120), 1);
      const bots = await raw(srv.url, 'GET', '/api/v4/users/username/system-bot', { token: admin.client.getToken() });
      assert.equal(bots.status, 200);
      const dms = (await bob.client.getMyChannels(team.id)).filter((c) => c.type === 'D' && c.name.includes(String(bots.json.id)));
      assert.equal(dms.length, 1, 'one DM with the system bot');
    });

    it('refuses outsiders, other users and bad times, storing nothing', async () => {
      const post = await alice.client.createPost({ channel_id: chan.id, message: 'private matter' });
      const at = Math.floor(Date.now() / 1000) + 60;
      await expectClientError(() => carol.client.addPostReminder(carol.user.id, post.id, at), 403);
      await expectClientError(() => bob.client.addPostReminder(alice.user.id, post.id, at), 403);
      await expectClientError(() => bob.client.addPostReminder(bob.user.id, 'x'.repeat(26), at), 404);
      const bad = await raw(srv.url, 'POST', `/api/v4/users/${bob.user.id}/posts/${post.id}/reminder`, { token: bob.client.getToken(), body: { target_time: 'tomorrow' } });
      assert.equal(bad.status, 400);
      assert.equal(await due(120), 0);
    });
  });
}
