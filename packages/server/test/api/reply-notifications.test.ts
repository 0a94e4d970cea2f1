// notify_props.comments: without collapsed threads, "root" makes replies to a thread you started count as
// mentions, "any" replies to any thread you posted in; "never" (the default) neither. Users who see
// collapsed threads follow the thread instead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { engines, makeAdmin, makeChannel, makeTeam, makeUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

for (const engine of engines()) {
  describe(`reply notifications (notify_props.comments) [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let rooter: TestUser;
    let anyone: TestUser;
    let never: TestUser;
    let collapsed: TestUser;
    let chan: Channel;

    const mentions = async (u: TestUser) => (await u.client.getChannelMember(chan.id, u.user.id)).mention_count;

    before(async () => {
      srv = await startTestServer(engine, { collapsedThreads: 'default_off' });
      admin = await makeAdmin(srv.url);
      rooter = await makeUser(srv.url, admin.client);
      anyone = await makeUser(srv.url, admin.client);
      never = await makeUser(srv.url, admin.client);
      collapsed = await makeUser(srv.url, admin.client);
      const team = await makeTeam(admin, [rooter, anyone, never, collapsed]);
      chan = await makeChannel(admin, team, 'O', [rooter, anyone, never, collapsed]);
      await rooter.client.patchMe({ notify_props: { comments: 'root' } as UserProfile['notify_props'] });
      await anyone.client.patchMe({ notify_props: { comments: 'any' } as UserProfile['notify_props'] });
      await collapsed.client.patchMe({ notify_props: { comments: 'any' } as UserProfile['notify_props'] });
      await collapsed.client.savePreferences(collapsed.user.id, [{ user_id: collapsed.user.id, category: 'display_settings', name: 'collapsed_reply_threads', value: 'on' }]);
    });
    after(() => srv.close());

    it('counts replies as mentions for those who asked, and tells them in `posted`', async () => {
      const root = await rooter.client.createPost({ channel_id: chan.id, message: 'who wants lunch?' });
      await anyone.client.createPost({ channel_id: chan.id, root_id: root.id, message: 'me' });
      await never.client.createPost({ channel_id: chan.id, root_id: root.id, message: 'me too' });
      await collapsed.client.createPost({ channel_id: chan.id, root_id: root.id, message: 'and me' });
      for (const u of [rooter, anyone, never, collapsed]) await u.client.viewMyChannel(chan.id);

      const sock = await RawSocket.open(srv.url, { token: rooter.client.getToken() });
      try {
        await sock.waitFor((f) => f.event === 'hello');
        const reply = await never.client.createPost({ channel_id: chan.id, root_id: root.id, message: 'where?' });
        const posted = await sock.waitFor((f) => f.event === 'posted' && String(f.data?.post).includes(reply.id), 5000, 'posted');
        assert.deepEqual(JSON.parse(String(posted.data!.mentions)), [rooter.user.id], 'the root author hears of the reply');
      } finally {
        sock.close();
      }
      assert.equal(await mentions(rooter), 1, 'root: a reply to my thread');
      assert.equal(await mentions(anyone), 1, 'any: a reply to a thread I replied in');
      assert.equal(await mentions(collapsed), 0, 'collapsed threads: followed as a thread, not a channel mention');
      assert.equal(await mentions(never), 0, 'own reply, and "never"');

      await anyone.client.createPost({ channel_id: chan.id, root_id: root.id, message: 'the usual place' });
      assert.equal(await mentions(rooter), 2);
      assert.equal(await mentions(never), 0, 'never: replies are not mentions');
      assert.equal(await mentions(anyone), 0, 'posting reads the channel');

      // "root" is about threads I started: a thread started by someone else, where I replied, stays quiet.
      const other = await never.client.createPost({ channel_id: chan.id, message: 'other topic' });
      await rooter.client.createPost({ channel_id: chan.id, root_id: other.id, message: 'hm' });
      await anyone.client.viewMyChannel(chan.id);
      await never.client.createPost({ channel_id: chan.id, root_id: other.id, message: 'more' });
      assert.equal(await mentions(rooter), 0, 'posting read the channel and nothing new counts');
      assert.equal(await mentions(anyone), 0, 'any: not a thread I posted in');
      const member = await rooter.client.getChannelMember(chan.id, rooter.user.id);
      assert.equal(member.mention_count_root, 0, 'replies never count as root mentions');
    });
  });
}
