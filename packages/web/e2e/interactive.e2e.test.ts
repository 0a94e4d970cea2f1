// Interactive messages in a real browser against a real Parley and a real integration on loopback: an
// incoming webhook posts an attachment with a button; Alice sees it, clicks, the integration answers with an
// edit and an ephemeral reply (both appear), then opens a dialog with the click's trigger id, refuses the
// first answer with an error shown beside the field, and accepts the second.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { IncomingWebhook } from '@mattermost/types/integrations';
import { makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { IntegrationServer } from '../../server/test/hook-kit.js';
import { ensureWebBuild, launchChromium, openPage, screenshot } from './support.js';

describe('web client: interactive messages', () => {
  let srv: TestServer;
  let cb: IntegrationServer;
  let browser: Browser;
  let admin: TestUser;
  let alice: TestUser;
  let page: Page;
  let problems: string[] = [];
  let hookId = '';

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite', { allowedUntrustedInternalConnections: '127.0.0.1' });
    cb = await IntegrationServer.start();
    admin = await makeAdmin(srv.url);
    alice = await makeUser(srv.url, admin.client, { username: 'alice' });
    const team = await admin.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    await admin.client.addToTeam(team.id, alice.user.id);
    const ops = await admin.client.createChannel({ team_id: team.id, name: 'ops', display_name: 'Ops', type: 'O' } as Channel);
    await admin.client.addToChannel(alice.user.id, ops.id);
    hookId = (await admin.client.createIncomingWebhook({ channel_id: ops.id, display_name: 'Deploys' } as IncomingWebhook)).id;
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
    await page.goto(`${srv.url}/acme/channels/ops`);
    await page.locator('input[name=loginId]').fill('alice');
    await page.locator('input[name=password]').fill(alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.channel-view').waitFor();
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
    await cb?.close();
  });

  it('shows a webhook’s attachment, with hostile parts inert', async () => {
    const res = await fetch(`${srv.url}/hooks/${hookId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        text: 'Release train',
        attachments: [
          {
            color: 'warning',
            pretext: 'Build **42** is ready',
            title: 'Deploy 42',
            title_link: 'javascript:alert(1)',
            text: 'Ship it? <img src=x onerror="window.pwned=1">',
            fields: [
              { title: 'Branch', value: 'main', short: true },
              { title: 'Author', value: 'alice', short: true },
            ],
            footer: 'Deploy bot',
            actions: [{ name: 'Approve', type: 'button', style: 'primary', integration: { url: `${cb.url}/approve`, context: { build: 42 } } }],
          },
        ],
      }),
    });
    assert.equal(res.status, 200);
    const card = page.locator('.message-attachment', { hasText: 'Deploy 42' });
    await card.waitFor();
    assert.equal(await card.locator('.message-attachment__pretext strong').textContent(), '42');
    assert.equal(await card.locator('a').count(), 0, 'the javascript: title link is dropped');
    assert.equal(await card.locator('img').count(), 0);
    assert.match((await card.locator('.message-attachment__text').textContent()) ?? '', /<img src=x onerror/);
    assert.equal(await card.locator('.message-attachment__field--short').count(), 2);
    assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
  });

  it('a click reaches the integration, whose edit and ephemeral reply appear', async () => {
    cb.answers.set('/approve', {
      body: { update: { message: 'Release train: approved', props: { attachments: [{ color: 'good', text: 'Approved by alice' }] } }, ephemeral_text: 'You approved deploy 42' },
    });
    await page.getByRole('button', { name: 'Approve' }).click();
    const [call] = await cb.waitFor('/approve');
    assert.equal(call!.fields.user_id, alice.user.id);
    assert.deepEqual(call!.fields.context, { build: 42 });
    await page.locator('.message-attachment', { hasText: 'Approved by alice' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    const ephemeral = page.locator('.post', { hasText: 'You approved deploy 42' });
    await ephemeral.waitFor();
    assert.equal(await ephemeral.locator('.post__flag--ephemeral').textContent(), '(Only visible to you)');
    await screenshot(page, 'interactive-attachment');

    // The integration opens a dialog with the click's trigger id.
    const opened = await raw(srv.url, 'POST', '/api/v4/actions/dialogs/open', {
      body: {
        trigger_id: String(call!.fields.trigger_id),
        url: `${cb.url}/dialog`,
        dialog: { callback_id: 'deploy-42', title: 'Deploy notes', submit_label: 'Send', state: 's42', elements: [{ display_name: 'Reason', name: 'reason', type: 'text', help_text: 'Why now?' }] },
      },
    });
    assert.equal(opened.status, 200);
  });

  it('the dialog shows the integration’s error beside the field, then closes when accepted', async () => {
    cb.answers.set('/dialog', (r) => {
      const submission = (r.fields.submission ?? {}) as Record<string, unknown>;
      return { body: submission.reason === 'because' ? {} : { errors: { reason: 'Say more than that' } } };
    });
    const dialog = page.getByRole('dialog', { name: 'Deploy notes' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('This field is required.').waitFor();
    assert.equal(cb.to('/dialog').length, 0, 'an empty required field is not sent');

    await dialog.getByLabel('Reason').fill('meh');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('Say more than that').waitFor();

    await dialog.getByLabel('Reason').fill('because');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'detached' });
    const calls = cb.to('/dialog');
    assert.equal(calls.length, 2);
    assert.deepEqual({ ...calls[1]!.fields.submission as object }, { reason: 'because' });
    assert.equal(calls[1]!.fields.callback_id, 'deploy-42');
    assert.equal(calls[1]!.fields.state, 's42');
    assert.equal(calls[1]!.fields.user_id, alice.user.id);
    assert.deepEqual(problems, []);
  });
});
