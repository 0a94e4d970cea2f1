// Synced drafts through the official client: upsert, list, delete, the draft events to the user's other
// sessions (never to the one that sent the change), and the draft a post was written in going away.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Draft } from '@mattermost/types/drafts';
import type { Team } from '@mattermost/types/teams';
import { engines, expectAppError, expectClientError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { createChannel, createTeam, json, markAll, settle, Watcher } from '../ws/ws-kit.js';

for (const engine of engines()) {
  describe(`drafts [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let team: Team;
    let channel: ServerChannel;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      [alice, bob] = await Promise.all([makeUser(srv.url, admin.client), makeUser(srv.url, admin.client)]);
      team = await createTeam(alice.client);
      await alice.client.addToTeam(team.id, bob.user.id);
      channel = await createChannel(alice.client, team.id, 'O');
      await alice.client.addToChannel(bob.user.id, channel.id);
    });
    after(() => srv.close());

    const draft = (u: TestUser, message: string, fields: Partial<Draft> = {}): Draft =>
      ({ user_id: u.user.id, channel_id: channel.id, root_id: '', message, props: {}, file_ids: [], create_at: 0, update_at: 0, delete_at: 0, ...fields }) as Draft;

    it('upserts (201), lists the team\'s drafts newest first, and deletes — missing ones too', async () => {
      // Posted first: posting in the channel would take the channel's draft with it.
      const root = await alice.client.createPost({ channel_id: channel.id, message: 'thread' });
      const first = await alice.client.upsertDraft(draft(alice, 'hello wor'), '');
      assert.equal(first.message, 'hello wor');
      assert.equal(first.user_id, alice.user.id);
      assert.equal(first.channel_id, channel.id);
      assert.equal(first.root_id, '');
      assert.ok(first.create_at > 0);
      const second = await alice.client.upsertDraft(draft(alice, 'hello world', { props: { k: 'v' } }), '');
      assert.equal(second.create_at, first.create_at, 'an update keeps create_at');
      assert.ok(second.update_at >= first.update_at);
      await alice.client.upsertDraft(draft(alice, 'a reply in progress', { root_id: root.id }), '');

      const list = await alice.client.getUserDrafts(team.id);
      assert.deepEqual(list.map((d) => d.message), ['a reply in progress', 'hello world']);
      assert.deepEqual(list[1]!.props, { k: 'v' });
      assert.deepEqual(await bob.client.getUserDrafts(team.id), [], 'drafts are private');

      await alice.client.deleteDraft(channel.id, root.id, '');
      await alice.client.deleteDraft(channel.id, root.id, '');
      assert.deepEqual((await alice.client.getUserDrafts(team.id)).map((d) => d.message), ['hello world']);
      const emptied = await raw(srv.url, 'POST', '/api/v4/drafts', { token: alice.client.getToken(), body: draft(alice, '') });
      assert.equal(emptied.status, 201);
      assert.equal(emptied.json, null, 'an empty message deletes the draft');
      assert.deepEqual(await alice.client.getUserDrafts(team.id), []);
    });

    it('posting what a draft held removes the draft', async () => {
      await bob.client.upsertDraft(draft(bob, 'about to send'), '');
      await bob.client.createPost({ channel_id: channel.id, message: 'about to send' });
      assert.deepEqual(await bob.client.getUserDrafts(team.id), []);
    });

    it('tells the user\'s other sessions, not the one named by Connection-Id, nor other users', async () => {
      const [b1, b2, wa] = await Promise.all([Watcher.open(srv, bob), Watcher.open(srv, bob), Watcher.open(srv, alice)]);
      const watchers = [b1, b2, wa];
      try {
        const connectionId = String(b1.sock.frames.find((f) => f.event === 'hello')?.data?.connection_id);
        await markAll(srv, watchers);
        await bob.client.upsertDraft(draft(bob, 'one'), connectionId);
        await bob.client.upsertDraft(draft(bob, 'two'), connectionId);
        await bob.client.deleteDraft(channel.id, '', connectionId);
        await bob.client.upsertDraft(draft(bob, 'three'), connectionId);
        await bob.client.createPost({ channel_id: channel.id, message: 'three' });
        await settle(srv, watchers);
        const names = (w: Watcher) => w.events().filter((f) => f.event?.startsWith('draft_')).map((f) => f.event);
        assert.deepEqual(names(b2), ['draft_created', 'draft_updated', 'draft_deleted', 'draft_created', 'draft_deleted']);
        assert.deepEqual(names(b1), ['draft_deleted'], 'the sending connection hears only of the draft its post removed');
        assert.deepEqual(names(wa), []);
        const updated = b2.events('draft_updated')[0]!;
        assert.equal(json<Draft>(updated.data?.draft).message, 'two');
        assert.equal(updated.broadcast?.user_id, bob.user.id);
        assert.equal(updated.broadcast?.channel_id, channel.id);
        assert.equal(updated.broadcast?.omit_connection_id, connectionId);
      } finally {
        for (const w of watchers) w.close();
      }
    });

    it('needs create_post in the channel, a live channel, and one\'s own drafts', async () => {
      const secret = await createChannel(alice.client, team.id, 'P');
      await expectClientError(() => bob.client.upsertDraft({ ...draft(bob, 'peek'), channel_id: secret.id }, ''), 403);
      await expectClientError(() => bob.client.upsertDraft({ ...draft(bob, 'nowhere'), channel_id: '1'.repeat(26) }, ''), 400);
      const archived = await createChannel(alice.client, team.id, 'O');
      await alice.client.deleteChannel(archived.id);
      await expectClientError(() => alice.client.upsertDraft({ ...draft(alice, 'late'), channel_id: archived.id }, ''), 400, 'api.draft.create_draft.can_not_draft_to_deleted.error');
      expectAppError(await raw(srv.url, 'GET', `/api/v4/users/${alice.user.id}/teams/${team.id}/drafts`, { token: bob.client.getToken() }), 403);
      expectAppError(await raw(srv.url, 'DELETE', `/api/v4/users/${alice.user.id}/channels/${channel.id}/drafts`, { token: bob.client.getToken() }), 403);
      const outsider = await makeUser(srv.url, admin.client);
      await expectClientError(() => outsider.client.getUserDrafts(team.id), 403);
    });

    it('answers 501 when synced drafts are turned off', async () => {
      const settings = srv.parley.app.ctx.config.settings;
      settings.allowSyncedDrafts = false;
      try {
        await expectClientError(() => alice.client.upsertDraft(draft(alice, 'x'), ''), 501, 'api.drafts.disabled.app_error');
        await expectClientError(() => alice.client.getUserDrafts(team.id), 501);
        await alice.client.createPost({ channel_id: channel.id, message: 'posting works without drafts' });
      } finally {
        settings.allowSyncedDrafts = true;
      }
    });
  });
}
