// Incoming and outgoing webhooks: management through Client4 with its permissions, execution at the root
// (POST /hooks/{id}) with JSON and Slack-style form payloads, and outgoing calls to a real HTTP server on
// loopback (allow-listed for these tests; a second server without the allow-list must refuse it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { IncomingWebhook, OutgoingWebhook } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { engines, expectAppError, expectClientError, makeAdmin, makeChannel, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { IntegrationServer } from '../hook-kit.js';
import { RawSocket } from '../ws-harness.js';

const TIMEOUT_MS = 1500;

async function hook(url: string, id: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string; type: string | null; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/hooks/${id}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* "ok" */
  }
  return { status: res.status, text, type: res.headers.get('content-type'), json };
}

const postJson = (url: string, id: string, payload: unknown) => hook(url, id, JSON.stringify(payload));

function expectHookError(res: { status: number; json: Record<string, unknown> }, status: number, id: string): void {
  expectAppError({ status: res.status, json: res.json }, status, id);
}

/** Posts of a channel, newest first. */
async function posts(u: TestUser, channelId: string): Promise<Post[]> {
  const list = await u.client.getPosts(channelId, 0, 200);
  return list.order.map((id) => list.posts[id]!);
}

for (const engine of engines()) {
  describe(`webhooks [${engine}]`, () => {
    let srv: TestServer;
    let cb: IntegrationServer;
    let admin: TestUser;
    let lead: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let team: Team;
    let pub: Channel;
    let other: Channel;
    let priv: Channel;

    before(async () => {
      srv = await startTestServer(engine, { allowedUntrustedInternalConnections: '127.0.0.1', outgoingIntegrationRequestsTimeoutMs: TIMEOUT_MS });
      cb = await IntegrationServer.start();
      admin = await makeAdmin(srv.url);
      lead = await makeUser(srv.url, admin.client);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Hooks', type: 'O' } as Team);
      for (const u of [lead, alice, bob]) await admin.client.addToTeam(team.id, u.user.id);
      // lead administers the team (team_admin: manage_own/others_*_webhooks and the channel-lock bypass).
      await admin.client.updateTeamMemberSchemeRoles(team.id, lead.user.id, true, true);
      pub = await makeChannel(admin, team, 'O', [lead, alice, bob]);
      other = await makeChannel(admin, team, 'O', [lead, bob]);
      priv = await makeChannel(alice, team, 'P', [bob]);
    });
    after(async () => {
      await srv.close();
      await cb.close();
    });

    // ---- incoming ------------------------------------------------------------------------------------

    it('manages incoming webhooks as a team admin; a plain user is refused and changes nothing', async () => {
      const created = await lead.client.createIncomingWebhook({ channel_id: pub.id, display_name: 'CI', description: 'builds', username: 'ci', icon_url: 'https://example.com/i.png' } as IncomingWebhook);
      assert.match(created.id, /^[a-z0-9]{26}$/);
      assert.equal(created.user_id, lead.user.id);
      assert.equal(created.team_id, team.id);
      assert.equal(created.channel_id, pub.id);
      assert.equal(created.channel_locked, false);
      // Overrides are off by default, so the name and icon are not kept (Mattermost drops them).
      assert.equal(created.username, '');
      assert.equal(created.icon_url, '');
      assert.equal((await lead.client.getIncomingWebhook(created.id)).display_name, 'CI');
      const mine = await admin.client.createIncomingWebhook({ channel_id: other.id, display_name: 'Admin hook' } as IncomingWebhook);

      // The team admin sees every hook of the team; the list can carry a total.
      const listed = await lead.client.getIncomingWebhooks(team.id, 0, 100);
      assert.deepEqual((listed as IncomingWebhook[]).map((h) => h.id).sort(), [created.id, mine.id].sort());
      const counted = (await lead.client.getIncomingWebhooks(team.id, 0, 1, true)) as unknown as { incoming_webhooks: IncomingWebhook[]; total_count: number };
      assert.equal(counted.total_count, 2);
      assert.equal(counted.incoming_webhooks.length, 1);

      // alice (team_user) has no manage_own_incoming_webhooks.
      await expectClientError(() => alice.client.createIncomingWebhook({ channel_id: pub.id } as IncomingWebhook), 403, 'api.context.permissions.app_error');
      await expectClientError(() => alice.client.getIncomingWebhooks(team.id), 403);
      await expectClientError(() => alice.client.getIncomingWebhook(created.id), 403);
      await expectClientError(() => alice.client.updateIncomingWebhook({ ...created, display_name: 'hijacked' }), 403);
      await expectClientError(() => alice.client.removeIncomingWebhook(created.id), 403);
      const unchanged = await admin.client.getIncomingWebhook(created.id);
      assert.equal(unchanged.display_name, 'CI');
      assert.equal(unchanged.update_at, created.update_at);
      assert.equal(unchanged.delete_at, 0);
      const visible = (await admin.client.getIncomingWebhooks(team.id, 0, 100)) as IncomingWebhook[];
      assert.equal(visible.length, 2, 'no hook was created by the refused calls');

      // A team admin who cannot read a private channel cannot hook into it.
      await expectClientError(() => lead.client.createIncomingWebhook({ channel_id: priv.id } as IncomingWebhook), 403);
      await expectClientError(() => lead.client.createIncomingWebhook({ channel_id: 'x'.repeat(26) } as IncomingWebhook), 404);

      // Update: the id in the body must match; the channel may move within the team. Mattermost answers 201.
      const res = await raw(srv.url, 'PUT', `/api/v4/hooks/incoming/${created.id}`, { token: lead.client.getToken(), body: { ...created, display_name: 'CI 2', channel_id: other.id } });
      assert.equal(res.status, 201);
      assert.equal(res.json.display_name, 'CI 2');
      assert.equal(res.json.channel_id, other.id);
      assert.ok((res.json.update_at as number) > created.update_at);
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/hooks/incoming/${created.id}`, { token: lead.client.getToken(), body: { ...created, id: mine.id } }), 400);

      await lead.client.removeIncomingWebhook(created.id);
      await expectClientError(() => lead.client.getIncomingWebhook(created.id), 404, 'app.webhooks.get_incoming.app_error');
      expectHookError(await postJson(srv.url, created.id, { text: 'gone' }), 400, 'web.incoming_webhook.invalid.app_error');
    });

    it('posts JSON and form payloads as the creator with from_webhook, delivered over the WebSocket', async () => {
      const h = await lead.client.createIncomingWebhook({ channel_id: pub.id, display_name: 'Deploys' } as IncomingWebhook);
      const ws = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      try {
        await ws.waitFor((f) => f.event === 'hello');
        const res = await postJson(srv.url, h.id, { text: 'deployed <https://example.com/run/1|run 1> <!channel>', props: { build: 7, from_webhook: 'false' } });
        assert.equal(res.status, 200);
        assert.equal(res.text, 'ok');
        assert.equal(res.type, 'text/plain');
        const frame = await ws.waitFor((f) => f.event === 'posted' && (JSON.parse(String(f.data?.post)) as Post).props?.from_webhook === 'true', 5000, 'webhook post');
        const post = JSON.parse(String(frame.data!.post)) as Post;
        assert.equal(post.channel_id, pub.id);
        assert.equal(post.user_id, lead.user.id);
        assert.equal(post.message, 'deployed [run 1](https://example.com/run/1) @channel');
        assert.equal(post.props.webhook_display_name, 'Deploys');
        assert.equal(post.props.build, 7);
        assert.equal(post.props.override_username, undefined, 'overrides are off');
      } finally {
        ws.close();
      }
      const form = `payload=${encodeURIComponent(JSON.stringify({ text: 'from a *form*' }))}`;
      const res = await hook(srv.url, h.id, form, 'application/x-www-form-urlencoded');
      assert.equal(res.status, 200);
      const latest = (await posts(bob, pub.id))[0]!;
      assert.equal(latest.message, 'from a *form*');
      assert.equal(latest.props.from_webhook, 'true');
      assert.ok((await lead.client.getIncomingWebhook(h.id)).last_used >= latest.create_at);
    });

    it('posts to another channel or a DM unless locked to its channel', async () => {
      const free = await lead.client.createIncomingWebhook({ channel_id: pub.id, channel_locked: false } as IncomingWebhook);
      assert.equal((await postJson(srv.url, free.id, { text: 'over there', channel: other.name })).status, 200);
      assert.equal((await posts(bob, other.id))[0]!.message, 'over there');
      assert.equal((await postJson(srv.url, free.id, { text: 'hash form', channel: `#${other.name}` })).status, 200);
      assert.equal((await posts(bob, other.id))[0]!.message, 'hash form');
      assert.equal((await postJson(srv.url, free.id, { text: 'psst', channel: `@${bob.user.username}` })).status, 200);
      const dm = await bob.client.createDirectChannel([bob.user.id, lead.user.id]);
      const dmPost = (await posts(bob, dm.id))[0]!;
      assert.equal(dmPost.message, 'psst');
      assert.equal(dmPost.user_id, lead.user.id);
      expectHookError(await postJson(srv.url, free.id, { text: 'x', channel: 'no-such-channel' }), 404, 'web.incoming_webhook.channel.app_error');
      expectHookError(await postJson(srv.url, free.id, { text: 'x', channel: '@nobody-here' }), 400, 'web.incoming_webhook.user.app_error');
      // A private channel the creator cannot read stays closed.
      expectHookError(await postJson(srv.url, free.id, { text: 'x', channel: priv.name }), 403, 'web.incoming_webhook.permissions.app_error');

      const locked = await lead.client.createIncomingWebhook({ channel_id: pub.id, channel_locked: true } as IncomingWebhook);
      assert.equal(locked.channel_locked, true);
      const before = (await posts(bob, other.id)).length;
      expectHookError(await postJson(srv.url, locked.id, { text: 'nope', channel: other.name }), 403, 'web.incoming_webhook.channel_locked.app_error');
      assert.equal((await posts(bob, other.id)).length, before);
      assert.equal((await postJson(srv.url, locked.id, { text: 'own channel', channel: pub.name })).status, 200);
    });

    it('honours username and icon overrides only when the settings allow them', async () => {
      const settings = srv.parley.app.ctx.config.settings;
      const h = await lead.client.createIncomingWebhook({ channel_id: pub.id, username: 'ignored' } as IncomingWebhook);
      await postJson(srv.url, h.id, { text: 'plain', username: 'robot', icon_url: 'https://example.com/r.png', icon_emoji: 'robot' });
      let p = (await posts(bob, pub.id))[0]!;
      assert.equal(p.props.override_username, undefined);
      assert.equal(p.props.override_icon_url, undefined);
      settings.enablePostUsernameOverride = true;
      settings.enablePostIconOverride = true;
      try {
        await postJson(srv.url, h.id, { text: 'dressed up', username: 'robot', icon_url: 'https://example.com/r.png', icon_emoji: 'robot' });
        p = (await posts(bob, pub.id))[0]!;
        assert.equal(p.props.override_username, 'robot');
        assert.equal(p.props.override_icon_url, 'https://example.com/r.png');
        assert.equal(p.props.override_icon_emoji, 'robot');
        await postJson(srv.url, h.id, { text: 'no name given' });
        p = (await posts(bob, pub.id))[0]!;
        assert.equal(p.props.override_username, 'webhook', "Mattermost's default webhook name");
        const named = await lead.client.createIncomingWebhook({ channel_id: pub.id, username: 'ci-bot', icon_url: 'https://example.com/ci.png' } as IncomingWebhook);
        assert.equal(named.username, 'ci-bot');
        await postJson(srv.url, named.id, { text: 'hook defaults' });
        p = (await posts(bob, pub.id))[0]!;
        assert.equal(p.props.override_username, 'ci-bot');
        assert.equal(p.props.override_icon_url, 'https://example.com/ci.png');
        await expectClientError(() => lead.client.createIncomingWebhook({ channel_id: pub.id, username: 'Not Valid!' } as IncomingWebhook), 400, 'api.incoming_webhook.invalid_username.app_error');
      } finally {
        settings.enablePostUsernameOverride = false;
        settings.enablePostIconOverride = false;
      }
      // A user cannot fake any of it through the posts API.
      const forged = await alice.client.createPost({ channel_id: pub.id, message: 'I am a bot', props: { from_webhook: 'true', override_username: 'ceo' } } as unknown as Post);
      assert.equal(forged.props.from_webhook, undefined);
      assert.equal(forged.props.override_username, undefined);
    });

    it('takes attachments without text, splits long text, and refuses bad requests like Mattermost', async () => {
      const h = await lead.client.createIncomingWebhook({ channel_id: pub.id } as IncomingWebhook);
      const attachments = [{ fallback: 'build', color: '#00ff00', title: 'Build <!here>', text: 'see <https://x.example|logs>', fields: [{ title: 'ok', value: '<!channel>', short: true }] }];
      assert.equal((await postJson(srv.url, h.id, { attachments })).status, 200);
      const p = (await posts(bob, pub.id))[0]!;
      assert.equal(p.message, '');
      assert.equal(p.type, 'slack_attachment');
      const stored = p.props.attachments as Array<Record<string, unknown>>;
      assert.equal(stored[0]!.title, 'Build @here');
      assert.equal(stored[0]!.text, 'see [logs](https://x.example)');
      assert.equal((stored[0]!.fields as Array<Record<string, unknown>>)[0]!.value, '@channel');

      assert.equal((await postJson(srv.url, h.id, { text: 'custom', type: 'custom_build' })).status, 200);
      assert.equal((await posts(bob, pub.id))[0]!.type, 'custom_build');
      expectHookError(await postJson(srv.url, h.id, { text: 'x', type: 'system_join_channel' }), 400, 'api.context.invalid_param.app_error');

      // Longer than one post: several posts, in order.
      const long = `${'a'.repeat(16383)}${'b'.repeat(100)}`;
      assert.equal((await postJson(srv.url, h.id, { text: long })).status, 200);
      const [second, first] = await posts(bob, pub.id);
      assert.equal(first!.message, 'a'.repeat(16383));
      assert.equal(second!.message, 'b'.repeat(100));

      expectHookError(await postJson(srv.url, h.id, {}), 400, 'web.incoming_webhook.text.app_error');
      expectHookError(await postJson(srv.url, h.id, { text: '' }), 400, 'web.incoming_webhook.text.app_error');
      expectHookError(await hook(srv.url, h.id, '{"text": "unterminated'), 400, 'web.incoming_webhook.parse.app_error');
      expectHookError(await hook(srv.url, h.id, 'payload=not-json', 'application/x-www-form-urlencoded'), 400, 'web.incoming_webhook.parse.app_error');
      // An unknown hook: Mattermost's HandleIncomingWebhook answers 400 with this id.
      expectHookError(await postJson(srv.url, 'x'.repeat(26), { text: 'hi' }), 400, 'web.incoming_webhook.invalid.app_error');

      const settings = srv.parley.app.ctx.config.settings;
      settings.enableIncomingWebhooks = false;
      try {
        expectHookError(await postJson(srv.url, h.id, { text: 'off' }), 501, 'web.incoming_webhook.disabled.app_error');
        await expectClientError(() => lead.client.createIncomingWebhook({ channel_id: pub.id } as IncomingWebhook), 501, 'api.incoming_webhook.disabled.app_error');
        await expectClientError(() => lead.client.getIncomingWebhook(h.id), 501);
      } finally {
        settings.enableIncomingWebhooks = true;
      }
    });

    // ---- outgoing ------------------------------------------------------------------------------------

    const outgoing = (u: TestUser, fields: Partial<OutgoingWebhook>) =>
      u.client.createOutgoingWebhook({ team_id: team.id, channel_id: pub.id, trigger_when: 0, callback_urls: [`${cb.url}/default`], ...fields } as OutgoingWebhook);

    it('manages outgoing webhooks: public channels only, trigger words or a channel, new tokens on demand', async () => {
      const h = await outgoing(lead, { trigger_words: ['manage'], display_name: 'Mgmt', content_type: 'application/json' });
      assert.match(h.token, /^[a-z0-9]{26}$/);
      assert.equal(h.creator_id, lead.user.id);
      assert.deepEqual(h.trigger_words, ['manage']);
      assert.deepEqual(h.callback_urls, [`${cb.url}/default`]);
      assert.equal(h.content_type, 'application/json');
      assert.equal((await lead.client.getOutgoingWebhook(h.id)).display_name, 'Mgmt');
      assert.ok((await lead.client.getOutgoingWebhooks('', team.id)).some((x) => x.id === h.id));
      assert.ok((await lead.client.getOutgoingWebhooks(pub.id)).some((x) => x.id === h.id));

      const regen = await lead.client.regenOutgoingHookToken(h.id);
      assert.notEqual(regen.token, h.token);
      assert.equal((await lead.client.getOutgoingWebhook(h.id)).token, regen.token);

      const updated = await lead.client.updateOutgoingWebhook({ ...h, trigger_words: ['manage', 'admin'], trigger_when: 1 });
      assert.deepEqual(updated.trigger_words, ['manage', 'admin']);
      assert.equal(updated.trigger_when, 1);
      assert.equal(updated.token, regen.token);

      await expectClientError(() => outgoing(alice, { trigger_words: ['mine'] }), 403);
      await expectClientError(() => alice.client.regenOutgoingHookToken(h.id), 403);
      await expectClientError(() => alice.client.removeOutgoingWebhook(h.id), 403);
      assert.equal((await lead.client.getOutgoingWebhook(h.id)).token, regen.token, 'refused calls changed nothing');

      await expectClientError(() => outgoing(admin, { channel_id: priv.id, trigger_words: ['x'] }), 403, 'api.webhook.create_outgoing.not_open.app_error');
      await expectClientError(() => outgoing(lead, { channel_id: '', trigger_words: [] }), 400, 'api.webhook.create_outgoing.triggers.app_error');
      await expectClientError(() => outgoing(lead, { trigger_words: ['y'], callback_urls: ['ftp://example.com/'] }), 400, 'model.outgoing_hook.is_valid.url.app_error');
      await expectClientError(() => outgoing(lead, { trigger_words: ['y'], content_type: 'text/xml' }), 400);
      await expectClientError(() => outgoing(lead, { trigger_words: ['manage'] }), 400, 'api.webhook.create_outgoing.intersect.app_error');

      await lead.client.removeOutgoingWebhook(h.id);
      await expectClientError(() => lead.client.getOutgoingWebhook(h.id), 404);
    });

    it('sends matching posts to the callback in either content type and posts its answer back', async () => {
      cb.answers.set('/form', { body: { text: 'pong from the form hook' } });
      cb.answers.set('/json', { body: { text: 'threaded answer', response_type: 'comment', username: 'ignored-when-off' } });
      const form = await outgoing(lead, { trigger_words: ['ping'], callback_urls: [`${cb.url}/form`], display_name: 'Pinger' });
      const json = await outgoing(lead, { trigger_words: ['jping'], callback_urls: [`${cb.url}/json`], content_type: 'application/json' });

      const started = Date.now();
      const sent = await alice.client.createPost({ channel_id: pub.id, message: 'ping are you there' } as Post);
      const [got] = await cb.waitFor('/form');
      assert.equal(got!.method, 'POST');
      assert.equal(got!.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(got!.fields, {
        token: form.token,
        team_id: team.id,
        team_domain: team.name,
        channel_id: pub.id,
        channel_name: pub.name,
        timestamp: String(Math.floor(sent.create_at / 1000)),
        user_id: alice.user.id,
        user_name: alice.user.username,
        post_id: sent.id,
        text: 'ping are you there',
        trigger_word: 'ping',
        file_ids: '',
      });
      assert.ok(Date.now() - started < 5000);
      await srv.parley.app.webhooks.idle();
      const reply = (await posts(bob, pub.id))[0]!;
      assert.equal(reply.message, 'pong from the form hook');
      assert.equal(reply.user_id, lead.user.id, 'posted as the hook creator');
      assert.equal(reply.props.from_webhook, 'true');
      assert.equal(reply.props.webhook_display_name, 'Pinger');
      assert.equal(reply.root_id, '');

      const sentJson = await alice.client.createPost({ channel_id: pub.id, message: 'jping' } as Post);
      const [j] = await cb.waitFor('/json');
      assert.equal(j!.headers['content-type'], 'application/json');
      assert.equal(j!.fields.token, json.token);
      assert.equal(j!.fields.timestamp, sentJson.create_at, 'milliseconds in JSON, as Mattermost');
      assert.equal(j!.fields.trigger_word, 'jping');
      assert.equal(j!.fields.post_id, sentJson.id);
      await srv.parley.app.webhooks.idle();
      const threaded = (await bob.client.getPostThread(sentJson.id)).posts;
      const answer = Object.values(threaded).find((p) => p.message === 'threaded answer');
      assert.ok(answer, 'response_type comment answers in the thread');
      assert.equal(answer.root_id, sentJson.id);
      assert.equal(answer.props.override_username, undefined);

      await lead.client.removeOutgoingWebhook(form.id);
      await lead.client.removeOutgoingWebhook(json.id);
    });

    it('matches the first word exactly or as a prefix, or every post of a channel; never webhook, bot or private posts', async () => {
      cb.answers.set('/loop', { body: { text: 'loop again' } });
      const exact = await outgoing(lead, { trigger_words: ['exact'], callback_urls: [`${cb.url}/exact`] });
      const prefix = await outgoing(lead, { trigger_words: ['sw'], trigger_when: 1, callback_urls: [`${cb.url}/prefix`] });
      const everything = await outgoing(lead, { channel_id: other.id, trigger_words: [], callback_urls: [`${cb.url}/all`] });
      // Answers with its own trigger word: it would loop if webhook posts triggered hooks.
      const looping = await outgoing(lead, { channel_id: '', trigger_words: ['loop'], callback_urls: [`${cb.url}/loop`] });

      const send = async (channel: Channel, message: string, props?: Record<string, unknown>) => {
        await bob.client.createPost({ channel_id: channel.id, message, ...(props ? { props } : {}) } as Post);
        await srv.parley.app.webhooks.idle();
      };
      await send(pub, 'exactly not');
      await send(pub, 'exact match');
      await send(pub, 'swift prefix');
      await send(pub, 'no sw here');
      await send(other, 'anything at all');
      await send(pub, 'loop once');
      assert.equal(cb.to('/exact').length, 1);
      assert.equal(cb.to('/exact')[0]!.fields.trigger_word, 'exact');
      assert.equal(cb.to('/prefix').length, 1);
      assert.equal(cb.to('/prefix')[0]!.fields.trigger_word, 'sw');
      assert.equal(cb.to('/all').length, 1);
      assert.equal(cb.to('/all')[0]!.fields.trigger_word, '');
      assert.equal(cb.to('/loop').length, 1, 'the answer "loop again" did not trigger the hook again');
      assert.equal((await posts(bob, pub.id))[0]!.message, 'loop again');

      // Incoming webhook posts, bot posts and posts in private channels trigger nothing.
      const incoming = await lead.client.createIncomingWebhook({ channel_id: pub.id } as IncomingWebhook);
      await postJson(srv.url, incoming.id, { text: 'exact from a hook' });
      await srv.parley.app.webhooks.idle();
      await send(pub, 'exact from a bot', { from_bot: 'true' });
      await send(priv, 'exact in private');
      assert.equal(cb.to('/exact').length, 1);

      for (const h of [exact, prefix, everything, looping]) await lead.client.removeOutgoingWebhook(h.id);
    });

    it('does not hold up the post for a slow callback, and drops an answer that comes too late', async () => {
      cb.answers.set('/slow', { body: { text: 'too late' }, delayMs: TIMEOUT_MS * 2 });
      const h = await outgoing(lead, { trigger_words: ['slowpoke'], callback_urls: [`${cb.url}/slow`] });
      const started = Date.now();
      await alice.client.createPost({ channel_id: pub.id, message: 'slowpoke here' } as Post);
      const took = Date.now() - started;
      assert.ok(took < TIMEOUT_MS, `the post took ${took} ms`);
      await cb.waitFor('/slow');
      await srv.parley.app.webhooks.idle();
      assert.ok(Date.now() - started >= TIMEOUT_MS - 50, 'the delivery waited for its timeout');
      assert.ok(!(await posts(bob, pub.id)).some((p) => p.message === 'too late'));
      await lead.client.removeOutgoingWebhook(h.id);
    });
  });

  describe(`webhooks without the internal allow-list [${engine}]`, () => {
    let srv: TestServer;
    let cb: IntegrationServer;

    before(async () => {
      srv = await startTestServer(engine);
      cb = await IntegrationServer.start();
    });
    after(async () => {
      await srv.close();
      await cb.close();
    });

    it('refuses a callback to a loopback address and sends nothing', async () => {
      const admin = await makeAdmin(srv.url);
      const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Strict', type: 'O' } as Team);
      const channel = await makeChannel(admin, team, 'O');
      for (const url of [`${cb.url}/loopback`, `http://localhost:${new URL(cb.url).port}/named`, 'http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/private']) {
        await admin.client.createOutgoingWebhook({ team_id: team.id, channel_id: channel.id, trigger_words: ['go'], callback_urls: [url], content_type: 'application/json' } as OutgoingWebhook);
      }
      await admin.client.createPost({ channel_id: channel.id, message: 'go go go' } as Post);
      await srv.parley.app.webhooks.idle();
      assert.equal(cb.received.length, 0, 'the integration server saw no request');
    });
  });
}
