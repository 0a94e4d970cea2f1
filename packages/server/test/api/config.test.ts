// Site configuration API (Client4 getConfig, updateConfig, patchConfig, reloadConfig, getEnvironmentConfig):
// Mattermost's nested shape, validation that changes nothing, secrets, live effect, environment locks and
// what a restart loads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AdminConfig } from '@mattermost/types/config';
import type { UserProfile } from '@mattermost/types/users';
import { startParley, type Parley } from '../../src/compose.js';
import { defaultSettings } from '../../src/config/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { RawSocket } from '../ws-harness.js';
import {
  client,
  engines,
  expectAppError,
  expectClientError,
  makeAdmin,
  makeChannel,
  makeTeam,
  makeUser,
  raw,
  startTestServer,
  uniqueName,
  PASSWORD,
  type TestServer,
  type TestUser,
} from '../harness.js';

type Doc = Record<string, Record<string, unknown>>;

for (const engine of engines()) {
  describe(`config [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let member: TestUser;

    const getConfig = async () => (await admin.client.getConfig()) as unknown as Doc;
    const patch = async (doc: Doc) => (await admin.client.patchConfig(doc as unknown as Partial<AdminConfig>)) as unknown as Doc;
    const clientConfig = (url = srv.url) => client(url).getClientConfig() as Promise<Record<string, string>>;
    const signUp = (url = srv.url) => {
      const username = uniqueName('signup');
      return client(url).createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', '');
    };

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      member = await makeUser(srv.url, admin.client);
    });
    after(() => srv.close());

    it('reads the configuration in Mattermost’s nested shape, for system admins only', async () => {
      const cfg = await getConfig();
      assert.equal(cfg.TeamSettings!.SiteName, 'Parley');
      assert.equal(cfg.ServiceSettings!.EnableCommands, true);
      assert.equal(cfg.ServiceSettings!.OutgoingIntegrationRequestsTimeout, 5);
      assert.equal(cfg.PasswordSettings!.MinimumLength, 8);
      assert.equal(cfg.FileSettings!.MaxFileSize, 100 * 1024 * 1024);
      assert.equal(cfg.EmailSettings!.SMTPServer, '');
      assert.equal(cfg.EmailSettings!.SMTPPassword, '');
      assert.equal(cfg.EmailSettings!.FeedbackEmail, 'no-reply@localhost');
      const res = await raw(srv.url, 'GET', '/api/v4/config', { token: admin.client.getToken() });
      assert.equal(res.headers.get('cache-control'), 'no-cache, no-store, must-revalidate');
      assert.equal(cfg.ServiceSettings!.SiteURL, 'http://127.0.0.1');
      assert.equal(cfg.FileSettings!.DriverName, 'local');
      // Only what is fixed at start (site URL, file storage) counts as set by the environment here.
      const fixed = { ServiceSettings: { SiteURL: true }, FileSettings: Object.fromEntries(Object.keys(cfg.FileSettings!).filter((k) => k === 'DriverName' || k.startsWith('AmazonS3')).map((k) => [k, true])) };
      assert.deepEqual(await admin.client.getEnvironmentConfig(), fixed);

      const denied = 'api.context.permissions.app_error';
      await expectClientError(() => member.client.getConfig(), 403, denied);
      await expectClientError(() => member.client.getEnvironmentConfig(), 403, denied);
      await expectClientError(() => member.client.patchConfig({ TeamSettings: { SiteName: 'Mine' } } as unknown as Partial<AdminConfig>), 403, denied);
      await expectClientError(() => member.client.updateConfig(cfg as unknown as AdminConfig), 403, denied);
      await expectClientError(() => member.client.reloadConfig(), 403, denied);
      expectAppError(await raw(srv.url, 'GET', '/api/v4/config'), 401);
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/config/patch', { body: { TeamSettings: { SiteName: 'Anon' } } }), 401);
      assert.equal((await clientConfig()).SiteName, 'Parley');
    });

    it('refuses invalid values with Mattermost’s ids and changes nothing', async () => {
      const before = await getConfig();
      const cases: Array<[Doc, string]> = [
        [{ TeamSettings: { MaxUsersPerTeam: 0 } }, 'model.config.is_valid.max_users.app_error'],
        [{ PasswordSettings: { MinimumLength: 3 } }, 'model.config.is_valid.password_length.app_error'],
        [{ TeamSettings: { SiteName: 'x'.repeat(31) } }, 'model.config.is_valid.sitename_length.app_error'],
        [{ EmailSettings: { EmailBatchingInterval: 10 } }, 'model.config.is_valid.email_batching_interval.app_error'],
        [{ ServiceSettings: { CollapsedThreads: 'sometimes' } }, 'model.config.is_valid.collapsed_threads.app_error'],
        [{ ServiceSettings: { EnableCommands: 'yes' } }, 'api.context.invalid_body_param.app_error'],
        // A valid change next to an invalid one: neither is applied.
        [{ TeamSettings: { SiteName: 'Half' }, FileSettings: { MaxFileSize: -1 } }, 'model.config.is_valid.max_file_size.app_error'],
      ];
      for (const [doc, id] of cases) {
        await expectClientError(() => patch(doc), 400, id);
        await expectClientError(() => admin.client.updateConfig({ ...before, ...doc } as unknown as AdminConfig), 400, id);
      }
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/config/patch', { token: admin.client.getToken(), rawBody: '{"TeamSettings":' }), 400);
      expectAppError(await raw(srv.url, 'PUT', '/api/v4/config', { token: admin.client.getToken(), body: [1, 2] }), 400, 'api.context.invalid_body_param.app_error');
      assert.deepEqual(await getConfig(), before);
      assert.equal((await clientConfig()).SiteName, 'Parley');
      assert.deepEqual(await admin.client.getAudits(0, 200).then((a) => a.filter((r) => r.action.startsWith('/api/v4/config'))), []);
    });

    it('applies a patch at once: sign-up, slash commands and the client config follow it', async () => {
      const team = await makeTeam(admin, [member]);
      const channel = await makeChannel(admin, team, 'O', [member]);
      const shrug = () => member.client.executeCommand('/shrug hi', { channel_id: channel.id, team_id: team.id });

      await patch({ TeamSettings: { EnableOpenServer: true } });
      await signUp();
      const patched = await patch({ TeamSettings: { EnableUserCreation: false }, ServiceSettings: { EnableCommands: false } });
      assert.equal(patched.TeamSettings!.EnableUserCreation, false);
      assert.equal(patched.TeamSettings!.EnableOpenServer, true);
      await expectClientError(() => signUp(), 403, 'api.user.create_user.signup_email_disabled.app_error');
      await expectClientError(() => shrug(), 501, 'api.command.disabled.app_error');
      const cc = await clientConfig();
      assert.equal(cc.EnableUserCreation, 'false');
      assert.equal(cc.EnableCommands, 'false');

      await patch({ TeamSettings: { EnableUserCreation: true, EnableOpenServer: false }, ServiceSettings: { EnableCommands: true } });
      await shrug();
      assert.equal((await clientConfig()).EnableCommands, 'true');

      // The outbound HTTP client of integrations is rebuilt with the new allow-list and timeout.
      const outbound = srv.parley.app.outbound;
      await assert.rejects(outbound.checkedAddresses('127.0.0.1'), /refusing/);
      await patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', OutgoingIntegrationRequestsTimeout: 9 } });
      assert.notEqual(srv.parley.app.outbound, outbound);
      assert.deepEqual(await srv.parley.app.outbound.checkedAddresses('127.0.0.1'), [{ address: '127.0.0.1', family: 4 }]);
      assert.equal(srv.parley.app.ctx.config.settings.outgoingIntegrationRequestsTimeoutMs, 9000);
      await patch({ ServiceSettings: { AllowedUntrustedInternalConnections: '', OutgoingIntegrationRequestsTimeout: 5 } });
    });

    it('round-trips a whole document: unknown keys ignored, left-out keys back to defaults, config_changed sent', async () => {
      const sock = await RawSocket.open(srv.url, { token: member.client.getToken() });
      try {
        const cfg = await getConfig();
        const sent = { ...cfg, TeamSettings: { ...cfg.TeamSettings, SiteName: 'Renamed', NoSuchKey: 1 }, NoSuchSettings: { X: true } };
        const saved = (await admin.client.updateConfig(sent as unknown as AdminConfig)) as unknown as Doc;
        assert.deepEqual(saved, { ...cfg, TeamSettings: { ...cfg.TeamSettings, SiteName: 'Renamed' } });
        assert.deepEqual(await getConfig(), saved);
        assert.equal((await clientConfig()).SiteName, 'Renamed');
        const frame = await sock.waitFor((f) => f.event === 'config_changed' && (f.data?.config as Record<string, string>).SiteName === 'Renamed', 5000, 'config_changed');
        assert.equal((frame.data!.config as Record<string, string>).EnableCommands, 'true');

        // Mattermost fills what a whole document leaves out with defaults.
        await patch({ PasswordSettings: { MinimumLength: 12 } });
        const partial = (await admin.client.updateConfig({ TeamSettings: { SiteName: 'Renamed' } } as unknown as AdminConfig)) as unknown as Doc;
        assert.equal(partial.PasswordSettings!.MinimumLength, 8);
        assert.equal(partial.TeamSettings!.SiteName, 'Renamed');
      } finally {
        sock.ws.close();
      }
    });

    it('masks secrets, keeps them when the mask comes back, and rebuilds the mailer', async () => {
      assert.equal(srv.parley.app.email.enabled, false);
      const saved = await patch({ EmailSettings: { SMTPServer: '127.0.0.1', SMTPPort: '2525', SMTPUsername: 'mailer', SMTPPassword: 's3cret pass' } });
      assert.equal(saved.EmailSettings!.SMTPPassword, '********');
      assert.equal(srv.parley.app.ctx.config.settings.smtpUrl, 'smtp://mailer:s3cret%20pass@127.0.0.1:2525');
      assert.equal(srv.parley.app.email.enabled, true);
      assert.equal((await clientConfig()).SendEmailNotifications, 'true');

      const cfg = await getConfig();
      assert.ok(!JSON.stringify(cfg).includes('s3cret'));
      (cfg.EmailSettings as Record<string, unknown>).SMTPPort = '2526';
      await admin.client.updateConfig(cfg as unknown as AdminConfig);
      assert.equal(srv.parley.app.ctx.config.settings.smtpUrl, 'smtp://mailer:s3cret%20pass@127.0.0.1:2526');

      await patch({ EmailSettings: { SMTPServer: '' } });
      assert.equal(srv.parley.app.ctx.config.settings.smtpUrl, '');
      assert.equal(srv.parley.app.email.enabled, false);
      assert.equal((await getConfig()).EmailSettings!.SMTPPassword, '');
    });

    it('keeps saved changes across a restart; environment-set keys win and stay locked', async () => {
      await patch({ TeamSettings: { SiteName: 'Saved Name' }, PrivacySettings: { ShowFullName: false } });
      const config = srv.parley.app.ctx.config;
      // A fresh process over the same database whose environment sets SiteName.
      const other: Parley = await startParley(
        {
          ...config,
          settings: { ...defaultSettings, passwordIterations: 1000, siteName: 'Env Name' },
          lockedSettings: ['siteName'],
          // Never contacted here: nothing is uploaded.
          filesS3: { bucket: 'parley-test', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', accessKeyId: 'AKIDTEST', secretAccessKey: 'not-shown' },
        },
        { logger: createLogger('silent'), pgSchema: srv.parley.database.schema },
      );
      try {
        const there = await clientConfig(other.url);
        assert.equal(there.ShowFullName, 'false');
        assert.equal(there.SiteName, 'Env Name');
        const otherAdmin = client(other.url, admin.client.getToken());
        const env = (await otherAdmin.getEnvironmentConfig()) as unknown as Doc;
        assert.deepEqual(env.TeamSettings, { SiteName: true });
        assert.equal(env.FileSettings!.AmazonS3SecretAccessKey, true);
        // S3 keys come from the environment; the secret one is masked.
        const files = ((await otherAdmin.getConfig()) as unknown as Doc).FileSettings!;
        assert.equal(files.DriverName, 'amazons3');
        assert.equal(files.AmazonS3Bucket, 'parley-test');
        assert.equal(files.AmazonS3AccessKeyId, 'AKIDTEST');
        assert.equal(files.AmazonS3SecretAccessKey, '********');
        const saved = (await otherAdmin.patchConfig({ TeamSettings: { SiteName: 'Changed' }, PrivacySettings: { ShowFullName: true } } as unknown as Partial<AdminConfig>)) as unknown as Doc;
        assert.equal(saved.TeamSettings!.SiteName, 'Env Name');
        assert.equal(saved.PrivacySettings!.ShowFullName, true);
        assert.equal((await clientConfig(other.url)).SiteName, 'Env Name');
      } finally {
        await other.close();
      }
      // This node reloads what the other saved; the locked key kept its earlier saved value.
      await admin.client.reloadConfig();
      const cc = await clientConfig();
      assert.equal(cc.ShowFullName, 'true');
      assert.equal(cc.SiteName, 'Saved Name');
    });
  });
}
