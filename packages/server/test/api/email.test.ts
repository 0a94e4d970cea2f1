// Email end to end: Parley sends over SMTP to a real server on loopback; the tests read what arrives.
// Notification mails (at once, or batched per the user's email_interval), password reset and email
// verification links, in the recipient's language.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { newId } from '../../src/platform/ids.js';
import { client, engines, expectClientError, makeAdmin, makeUser, PASSWORD, raw, expectAppError, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { MailCatcher } from '../smtp-kit.js';
import { createChannel, createTeam, Watcher } from '../ws/ws-kit.js';

const SITE = 'Parley Test';
const MINUTE = 60_000;

for (const engine of engines()) {
  describe(`email [${engine}]`, () => {
    let mail: MailCatcher;
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let team: Team;
    let channel: ServerChannel;

    before(async () => {
      mail = await MailCatcher.start();
      srv = await startTestServer(engine, { smtpUrl: mail.url, emailFrom: 'Parley <parley@example.org>', siteName: SITE, enableEmailBatching: true });
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      team = await createTeam(alice.client);
      channel = await createChannel(alice.client, team.id, 'O');
    });
    after(async () => {
      await srv.close();
      await mail.close();
    });

    /** A member of the team and channel; `interval` is their email_interval preference in seconds. */
    async function member(interval?: string, fields: Partial<UserProfile> = {}): Promise<TestUser> {
      const u = await makeUser(srv.url, admin.client, fields);
      await alice.client.addToTeam(team.id, u.user.id);
      await alice.client.addToChannel(u.user.id, channel.id);
      if (interval) await u.client.savePreferences(u.user.id, [{ user_id: u.user.id, category: 'notifications', name: 'email_interval', value: interval }]);
      return u;
    }
    const post = (message: string, channelId = channel.id) => alice.client.createPost({ channel_id: channelId, message });
    const sent = () => srv.parley.app.email.idle();

    it('mails a mention at once to an offline user who chose "immediately"; not to the online, opted out or muted', async () => {
      const bob = await member('30');
      const carol = await member('30');
      const dave = await member('30');
      const erin = await member('30');
      await dave.client.patchMe({ notify_props: { ...dave.user.notify_props, email: 'false' } });
      await erin.client.updateChannelNotifyProps({ channel_id: channel.id, user_id: erin.user.id, mark_unread: 'mention' });
      const wc = await Watcher.open(srv, carol);
      try {
        const p = await post(`@${bob.user.username} @${carol.user.username} @${dave.user.username} @${erin.user.username} see <this> & "that"`);
        await sent();
        const m = await mail.waitFor(bob.user.email);
        assert.match(m.subject, new RegExp(`^\\[${SITE}\\] Notification in ${team.display_name} on \\w+ \\d{1,2}, \\d{4}$`));
        assert.match(m.headers.get('from') ?? '', /parley@example\.org/);
        assert.equal(m.headers.get('message-id'), `<${p.id}@127.0.0.1>`);
        assert.match(m.text, new RegExp(`@${alice.user.username} mentioned you in ${channel.display_name}`));
        assert.ok(m.text.includes(`see <this> & "that"`), 'the message, verbatim in the text part');
        assert.ok(m.text.includes(`http://127.0.0.1/${team.name}/pl/${p.id}`));
        assert.ok(m.html.includes('see &lt;this&gt; &amp; &quot;that&quot;'), 'and escaped in the HTML part');
        for (const u of [carol, dave, erin]) assert.deepEqual(mail.to(u.user.email), [], `${u.user.username} gets no mail`);
        assert.deepEqual(mail.to(alice.user.email), [], 'nor does the author');
      } finally {
        wc.close();
      }
    });

    it('a DM is mailed with the direct-message subject, in the recipient\'s language; replies carry In-Reply-To', async () => {
      const hans = await member('30', { locale: 'de' });
      const dm = await alice.client.createDirectChannel([alice.user.id, hans.user.id]);
      const root = await post('Hallo Hans', dm.id);
      await sent();
      const m = await mail.waitFor(hans.user.email);
      assert.match(m.subject, new RegExp(`^\\[${SITE}\\] Neue Direktnachricht von @${alice.user.username} am \\d{1,2}\\. \\S+ \\d{4}$`));
      assert.match(m.text, /hat Ihnen eine neue Nachricht geschickt/);
      mail.clear();
      await alice.client.createPost({ channel_id: dm.id, message: 'Antwort', root_id: root.id });
      await sent();
      assert.equal((await mail.waitFor(hans.user.email)).headers.get('in-reply-to'), `<${root.id}@127.0.0.1>`);
    });

    it('batches per email_interval: one digest after 15 minutes, hourly after an hour, none once the user is back', async () => {
      const frank = await member(); // no preference: Mattermost's default, 15 minutes
      const gina = await member('3600');
      const hank = await member('900');
      const start = Date.now();
      await post(`@${frank.user.username} first`);
      await post(`@${frank.user.username} @${gina.user.username} @${hank.user.username} second`);
      await sent();
      await hank.client.viewMyChannel(channel.id);
      const app = srv.parley.app;
      assert.equal(await app.email.sendBatchedNotifications(start + 5 * MINUTE), 0, 'too early for anyone');
      assert.deepEqual(mail.to(frank.user.email), []);

      assert.equal(await app.email.sendBatchedNotifications(start + 16 * MINUTE), 1);
      await sent();
      const digest = await mail.waitFor(frank.user.email);
      assert.match(digest.subject, new RegExp(`^\\[${SITE}\\] New Notifications for `));
      assert.match(digest.text, /You have 2 new notifications/);
      assert.ok(digest.text.indexOf('first') < digest.text.indexOf('second'), 'oldest first');
      assert.deepEqual(mail.to(gina.user.email), []);
      assert.deepEqual(mail.to(hank.user.email), [], 'hank viewed the channel: nothing to tell him');

      assert.equal(await app.email.sendBatchedNotifications(start + 61 * MINUTE), 1);
      await sent();
      assert.match((await mail.waitFor(gina.user.email)).subject, /New Notification for /);
      assert.equal(await app.email.sendBatchedNotifications(start + 120 * MINUTE), 0, 'each notification is mailed once');
    });

    it('password reset: a mailed link, good once and for an hour, that ends every session', async () => {
      const ivy = await makeUser(srv.url, admin.client);
      const other = client(srv.url);
      await other.login(ivy.user.username, PASSWORD);
      const anon = client(srv.url);
      await anon.sendPasswordResetEmail(`nobody-${newId()}@example.com`);
      await anon.sendPasswordResetEmail(ivy.user.email.toUpperCase());
      await sent();
      const m = await mail.waitFor(ivy.user.email);
      assert.equal(m.subject, `[${SITE}] Reset your password`);
      const token = /reset_password_complete\?token=([0-9a-f]{64})/.exec(m.text)?.[1];
      assert.ok(token, m.text);
      assert.equal(mail.mails.filter((x) => x.subject.includes('Reset')).length, 1, 'unknown addresses get no mail, and no error');

      await expectClientError(() => anon.resetUserPassword(token, 'short'), 400, 'model.user.is_valid.pwd_min_length.app_error');
      await anon.resetUserPassword(token, 'A-new-passw0rd');
      await expectClientError(() => other.getMe(), 401);
      await expectClientError(() => ivy.client.getMe(), 401);
      await client(srv.url).login(ivy.user.username, 'A-new-passw0rd');
      await expectClientError(() => anon.resetUserPassword(token, 'Another-passw0rd'), 400, 'api.user.reset_password.invalid_link.app_error');

      const old = 'a'.repeat(64);
      await srv.parley.app.ctx.store.emailTokens.save({ token: old, create_at: Date.now() - 61 * MINUTE, type: 'password_recovery', extra: JSON.stringify({ UserId: ivy.user.id, Email: ivy.user.email }) });
      await expectClientError(() => anon.resetUserPassword(old, 'A-third-passw0rd'), 400, 'api.user.reset_password.link_expired.app_error');
      expectAppError(await raw(srv.url, 'POST', '/api/v4/users/password/reset', { body: { new_password: 'x' } }), 400, 'api.context.invalid_body_param.app_error');
    });

    it('email verification: a mailed link marks the address verified, once', async () => {
      const jo = await makeUser(srv.url, admin.client, { locale: 'fr' });
      const verified = async () => ((await jo.client.getMe()) as UserProfile & { email_verified: boolean }).email_verified;
      assert.equal(await verified(), false);
      await client(srv.url).sendVerificationEmail(jo.user.email);
      await sent();
      const m = await mail.waitFor(jo.user.email);
      assert.equal(m.subject, `[${SITE}] Vérification de l’adresse e-mail`);
      const token = /do_verify_email\?token=([0-9a-f]{64})/.exec(m.text)?.[1];
      assert.ok(token, m.text);
      await client(srv.url).verifyUserEmail(token);
      assert.equal(await verified(), true);
      await expectClientError(() => client(srv.url).verifyUserEmail(token), 400, 'api.user.verify_email.bad_link.app_error');
    });
  });

  describe(`email off [${engine}]`, () => {
    let srv: TestServer;
    before(async () => {
      srv = await startTestServer(engine);
    });
    after(() => srv.close());

    it('without an SMTP server, account mails answer 501 and posts still go through', async () => {
      const admin = await makeAdmin(srv.url);
      await expectClientError(() => client(srv.url).sendPasswordResetEmail(admin.user.email), 501, 'api.user.send_password_reset.send.app_error');
      await expectClientError(() => client(srv.url).sendVerificationEmail(admin.user.email), 501);
      const bob = await makeUser(srv.url, admin.client);
      const dm = await admin.client.createDirectChannel([admin.user.id, bob.user.id]);
      await admin.client.createPost({ channel_id: dm.id, message: 'no mail, no problem' });
      assert.equal(srv.parley.app.email.enabled, false);
    });
  });
}
