// Interactive messages and dialogs against a real integration on loopback: action ids and hidden
// integrations (REST and WebSocket), the action round trip (post update, ephemeral reply, select options),
// refusals, the internal-address deny-list, trigger ids (forged, expired, slash commands) and dialogs
// reaching only their user.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Command } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { engines, expectAppError, expectClientError, makeAdmin, makeChannel, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { IntegrationServer } from '../hook-kit.js';
import { RawSocket, type Frame } from '../ws-harness.js';

type Action = { id?: string; name: string; type: string; integration?: { url: string; context?: Record<string, unknown> }; options?: Array<{ text: string; value: string }> };
type Attachment = { text: string; actions: Action[] };

const SECRET = 'context-secret-42';
const attachmentsOf = (p: Post) => (p.props as { attachments: Attachment[] }).attachments;
const postOf = (f: Frame) => JSON.parse(String(f.data?.post)) as Post;

for (const engine of engines()) {
  describe(`interactive messages [${engine}]`, () => {
    let srv: TestServer;
    let cb: IntegrationServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let team: Team;
    let channel: Channel;
    let aliceWs: RawSocket;
    let bobWs: RawSocket;

    /** A post by alice with a button and a menu, both calling back to the stand-in integration. */
    async function interactivePost(path = '/act'): Promise<Post> {
      const integration = { url: `${cb.url}${path}`, context: { secret: SECRET } };
      return alice.client.createPost({
        channel_id: channel.id,
        message: 'Deploy?',
        props: {
          attachments: [
            {
              text: 'Choose',
              actions: [
                { name: 'Approve', type: 'button', integration },
                { id: 'env', name: 'Environment', type: 'select', integration, options: [{ text: 'Prod', value: 'prod' }, { text: 'Staging', value: 'staging' }] },
              ],
            },
          ],
        },
      } as unknown as Post);
    }

    const openDialog = (body: Record<string, unknown>) => raw(srv.url, 'POST', '/api/v4/actions/dialogs/open', { body });
    const dialog = { callback_id: 'cb1', title: 'Deploy', elements: [{ display_name: 'Reason', name: 'reason', type: 'text' }] };

    before(async () => {
      srv = await startTestServer(engine, { allowedUntrustedInternalConnections: '127.0.0.1', outgoingIntegrationRequestsTimeoutMs: 3000 });
      cb = await IntegrationServer.start();
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Ops', type: 'O' } as Team);
      for (const u of [alice, bob, carol]) await admin.client.addToTeam(team.id, u.user.id);
      channel = await makeChannel(admin, team, 'P', [alice, bob]);
      aliceWs = await RawSocket.open(srv.url, { token: alice.client.getToken() });
      bobWs = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      await aliceWs.waitFor((f) => f.event === 'hello');
      await bobWs.waitFor((f) => f.event === 'hello');
    });
    after(async () => {
      aliceWs.close();
      bobWs.close();
      await srv.close();
      await cb.close();
    });

    it('gives actions ids and never shows their integration to clients (REST and WebSocket)', async () => {
      const post = await interactivePost();
      const [button, menu] = attachmentsOf(post)[0]!.actions;
      assert.match(button!.id!, /^[a-z0-9]{26}$/);
      assert.equal(menu!.id, 'env', 'an id the integration chose is kept');
      for (const p of [post, await bob.client.getPost(post.id)]) {
        for (const a of attachmentsOf(p)[0]!.actions) assert.equal(a.integration, undefined);
        assert.ok(!JSON.stringify(p).includes(SECRET));
      }
      const list = await bob.client.getPosts(channel.id, 0, 10);
      assert.ok(!JSON.stringify(list).includes(SECRET) && !JSON.stringify(list).includes(cb.url));
      const frame = await bobWs.waitFor((f) => f.event === 'posted' && postOf(f).id === post.id);
      assert.ok(!JSON.stringify(frame).includes(SECRET) && !JSON.stringify(frame).includes(cb.url));
      assert.equal(attachmentsOf(postOf(frame))[0]!.actions[0]!.id, button!.id);
    });

    it('a click calls the integration, which updates the post and answers the clicker alone', async () => {
      const post = await interactivePost('/approve');
      const buttonId = attachmentsOf(post)[0]!.actions[0]!.id!;
      cb.answers.set('/approve', {
        body: {
          update: { message: 'Approved by @someone', props: { attachments: [{ text: 'Done', actions: [{ name: 'Undo', type: 'button', integration: { url: `${cb.url}/undo` } }] }] } },
          ephemeral_text: 'You approved <https://example.com|the deploy>',
        },
      });
      const res = (await alice.client.doPostAction(post.id, buttonId)) as unknown as { status: string; trigger_id: string };
      assert.equal(res.status, 'OK');
      assert.match(res.trigger_id, /^[a-z0-9]{26}$/);

      const [got] = await cb.waitFor('/approve');
      const f = got!.fields;
      assert.equal(got!.headers['content-type'], 'application/json');
      assert.deepEqual(
        { user_id: f.user_id, user_name: f.user_name, channel_id: f.channel_id, channel_name: f.channel_name, team_id: f.team_id, team_domain: f.team_domain, post_id: f.post_id, type: f.type, context: f.context },
        { user_id: alice.user.id, user_name: alice.user.username, channel_id: channel.id, channel_name: channel.name, team_id: team.id, team_domain: team.name, post_id: post.id, type: 'button', context: { secret: SECRET } },
      );
      assert.equal(Buffer.from(String(f.trigger_id), 'base64').toString('utf8').split(':')[0], res.trigger_id);

      const updated = await bob.client.getPost(post.id);
      assert.equal(updated.message, 'Approved by @someone');
      assert.ok(updated.edit_at > 0);
      const undo = attachmentsOf(updated)[0]!.actions[0]!;
      assert.equal(undo.name, 'Undo');
      assert.match(undo.id!, /^[a-z0-9]{26}$/, 'new actions get ids too');
      assert.equal(undo.integration, undefined);
      const edited = await bobWs.waitFor((fr) => fr.event === 'post_edited' && postOf(fr).id === post.id);
      assert.equal(postOf(edited).message, 'Approved by @someone');
      assert.ok(!JSON.stringify(edited).includes(cb.url));

      const eph = await aliceWs.waitFor((fr) => fr.event === 'ephemeral_message');
      const ephPost = postOf(eph);
      assert.equal(ephPost.message, 'You approved [the deploy](https://example.com)');
      assert.equal(ephPost.root_id, post.id);
      assert.equal(ephPost.channel_id, channel.id);
      assert.equal(bobWs.frames.filter((fr) => fr.event === 'ephemeral_message').length, 0);

      // The new button works: its integration was stored with the update.
      cb.answers.set('/undo', { body: {} });
      await alice.client.doPostAction(post.id, undo.id!);
      await cb.waitFor('/undo');
    });

    it('a menu sends the selected option in the context', async () => {
      const post = await interactivePost('/menu');
      await bob.client.doPostAction(post.id, 'env', 'staging');
      const [got] = await cb.waitFor('/menu');
      assert.equal(got!.fields.type, 'select');
      assert.deepEqual(got!.fields.context, { secret: SECRET, selected_option: 'staging' });
      assert.equal(got!.fields.user_id, bob.user.id);
      assert.equal((await bob.client.getPost(post.id)).message, 'Deploy?', 'an empty answer changes nothing');
    });

    it('refuses unknown actions, outsiders and failing integrations without changing the post', async () => {
      const post = await interactivePost('/broken');
      await expectClientError(() => alice.client.doPostAction(post.id, 'nosuchaction'), 404, 'api.post.do_action.action_id.app_error');
      await expectClientError(() => carol.client.doPostAction(post.id, 'env', 'prod'), 403, 'api.context.permissions.app_error');
      await expectClientError(() => alice.client.doPostAction('a'.repeat(26), 'env'), 403);
      cb.answers.set('/broken', { status: 500, body: { update: { message: 'should not apply' } } });
      await expectClientError(() => alice.client.doPostAction(post.id, 'env', 'prod'), 400, 'api.post.do_action.action_integration.app_error');
      cb.answers.set('/broken', { body: 'not json', contentType: 'text/plain' });
      await expectClientError(() => alice.client.doPostAction(post.id, 'env', 'prod'), 400, 'api.post.do_action.action_integration.app_error');
      assert.equal(cb.to('/broken').length, 2, 'the outsider reached no integration');
      assert.equal((await alice.client.getPost(post.id)).message, 'Deploy?');
    });

    it('refuses an internal address that is not allow-listed', async () => {
      const closed = await startTestServer(engine, { outgoingIntegrationRequestsTimeoutMs: 3000 });
      try {
        const a = await makeAdmin(closed.url);
        const t = await a.client.createTeam({ name: uniqueName('team'), display_name: 'Closed', type: 'O' } as Team);
        const c = await makeChannel(a, t, 'O');
        const post = await a.client.createPost({
          channel_id: c.id,
          message: 'internal',
          props: { attachments: [{ text: 'x', actions: [{ id: 'go', name: 'Go', type: 'button', integration: { url: `${cb.url}/internal` } }] }] },
        } as unknown as Post);
        await expectClientError(() => a.client.doPostAction(post.id, 'go'), 400, 'api.post.do_action.action_integration.app_error');
        assert.equal(cb.to('/internal').length, 0);
      } finally {
        await closed.close();
      }
    });

    it('a trigger id opens a dialog on its own user\'s sockets only; forged and expired ones are refused', async () => {
      const post = await interactivePost('/ask');
      cb.answers.set('/ask', { body: {} });
      await alice.client.doPostAction(post.id, 'env', 'prod');
      const [got] = await cb.waitFor('/ask');
      const triggerId = String(got!.fields.trigger_id);

      const opened = await openDialog({ trigger_id: triggerId, url: `${cb.url}/submit`, dialog });
      assert.equal(opened.status, 200);
      assert.equal(opened.json.status, 'OK');
      const frame = await aliceWs.waitFor((f) => f.event === 'open_dialog');
      const payload = JSON.parse(String(frame.data?.dialog)) as { trigger_id: string; url: string; dialog: { title: string } };
      assert.equal(payload.url, `${cb.url}/submit`);
      assert.equal(payload.dialog.title, 'Deploy');
      assert.equal(payload.trigger_id, Buffer.from(triggerId, 'base64').toString('utf8').split(':')[0]);
      assert.equal(bobWs.frames.filter((f) => f.event === 'open_dialog').length, 0);

      // The same data signed by nobody: bob's id in place of alice's.
      const [clientId, , stamp, sig] = Buffer.from(triggerId, 'base64').toString('utf8').split(':');
      const forged = Buffer.from(`${clientId}:${bob.user.id}:${stamp}:${sig}`).toString('base64');
      expectAppError(await openDialog({ trigger_id: forged, url: `${cb.url}/submit`, dialog }), 400, 'interactive_message.decode_trigger_id.verify_signature_failed');
      expectAppError(await openDialog({ trigger_id: '!!not base64!!', url: `${cb.url}/submit`, dialog }), 400, 'interactive_message.decode_trigger_id.base64_decode_failed');
      expectAppError(await openDialog({ trigger_id: Buffer.from('a:b').toString('base64'), url: `${cb.url}/submit`, dialog }), 400, 'interactive_message.decode_trigger_id.missing_data');
      const stale = await srv.parley.app.dialogs.generateTriggerId(alice.user.id, Date.now() - 4 * 60 * 1000);
      expectAppError(await openDialog({ trigger_id: stale.triggerId, url: `${cb.url}/submit`, dialog }), 400, 'interactive_message.decode_trigger_id.expired');
      expectAppError(await openDialog({ trigger_id: triggerId, url: `${cb.url}/submit`, dialog: { ...dialog, title: 'x'.repeat(25) } }), 400);
      expectAppError(await openDialog({ trigger_id: triggerId, url: `${cb.url}/submit`, dialog: { ...dialog, elements: [{ display_name: 'A', name: 'a', type: 'rocket' }] } }), 400);
      expectAppError(await openDialog({ trigger_id: triggerId, dialog }), 400);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(aliceWs.frames.filter((f) => f.event === 'open_dialog').length, 1, 'refused dialogs were not sent');
    });

    it('a custom slash command hands the integration a trigger id that opens a dialog', async () => {
      cb.answers.set('/cmd', { body: { text: 'ok' } });
      await admin.client.addCommand({ team_id: team.id, trigger: 'askme', method: 'P', url: `${cb.url}/cmd` } as Command);
      const r = (await alice.client.executeCommand('/askme', { channel_id: channel.id, team_id: team.id } as never)) as unknown as { trigger_id: string };
      const [got] = await cb.waitFor('/cmd');
      const triggerId = String(got!.fields.trigger_id);
      assert.equal(Buffer.from(triggerId, 'base64').toString('utf8').split(':')[0], r.trigger_id);
      const before = aliceWs.frames.filter((f) => f.event === 'open_dialog').length;
      assert.equal((await openDialog({ trigger_id: triggerId, url: `${cb.url}/submit`, dialog })).status, 200);
      await aliceWs.waitFor((f) => f.event === 'open_dialog' && aliceWs.frames.filter((x) => x.event === 'open_dialog').length > before);
    });

    it('submits a dialog to the integration and returns its validation errors', async () => {
      cb.answers.set('/submit', { body: { errors: { reason: 'Too short' } } });
      const submit = { url: `${cb.url}/submit`, callback_id: 'cb1', state: 'st', channel_id: channel.id, team_id: team.id, submission: { reason: 'x' }, cancelled: false };
      const res = (await alice.client.submitInteractiveDialog(submit as never)) as unknown as { errors?: Record<string, string> };
      assert.deepEqual(res, { errors: { reason: 'Too short' } });
      const [got] = await cb.waitFor('/submit');
      assert.deepEqual(got!.fields, { type: 'dialog_submission', callback_id: 'cb1', state: 'st', user_id: alice.user.id, channel_id: channel.id, team_id: team.id, submission: { reason: 'x' }, cancelled: false });

      cb.answers.set('/submit', { body: '' });
      assert.deepEqual(await alice.client.submitInteractiveDialog(submit as never), {});
      await expectClientError(() => carol.client.submitInteractiveDialog(submit as never), 403, 'api.context.permissions.app_error');
      assert.equal(cb.to('/submit').length, 2, "the outsider's submission went nowhere");
      expectAppError(await raw(srv.url, 'POST', '/api/v4/actions/dialogs/submit', { token: alice.client.getToken(), body: { ...submit, url: '' } }), 400);
    });
  });
}
