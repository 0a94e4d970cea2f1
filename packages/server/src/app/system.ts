// Server facts for clients: ping and health, the client config and license in Mattermost's "old" flat format.
import fs from 'node:fs';
import type { App } from './app.js';
import type { AppContext } from './context.js';

export const SERVER_VERSION = '11.9.0';
export const BUILD_NUMBER = 'parley-0.1.0';

/** Each dependency the server needs to serve requests. */
export interface Health {
  database: boolean;
  bus: boolean;
  /** The data directory (uploads, SQLite) is writable. */
  filestore: boolean;
}

export class SystemService {
  constructor(
    private readonly ctx: AppContext,
    private readonly _app: App,
  ) {}

  async ping(withStatus: boolean): Promise<Record<string, string>> {
    const out: Record<string, string> = {
      status: 'OK',
      AndroidLatestVersion: '',
      AndroidMinVersion: '',
      IosLatestVersion: '',
      IosMinVersion: '',
    };
    if (withStatus) {
      const h = await this.health();
      const word = (ok: boolean) => (ok ? 'OK' : 'UNHEALTHY');
      out.database_status = word(h.database);
      out.filestore_status = word(h.filestore);
      out.bus_status = word(h.bus);
      if (!h.database || !h.filestore || !h.bus) out.status = 'UNHEALTHY';
    }
    return out;
  }

  async health(): Promise<Health> {
    const [database, bus, filestore] = await Promise.all([
      this.ctx.store.system.get('ping').then(
        () => true,
        () => false,
      ),
      (this.ctx.bus.healthy ? this.ctx.bus.healthy() : Promise.resolve(true)).catch(() => false),
      fs.promises.access(this.ctx.config.dataDir, fs.constants.W_OK).then(
        () => true,
        () => false,
      ),
    ]);
    return { database, bus, filestore };
  }

  clientConfig(): Record<string, string> {
    const s = this.ctx.config.settings;
    const b = (v: boolean) => String(v);
    return {
      Version: SERVER_VERSION,
      BuildNumber: BUILD_NUMBER,
      BuildDate: '',
      BuildHash: BUILD_NUMBER,
      BuildHashEnterprise: 'none',
      BuildEnterpriseReady: 'false',
      SiteName: s.siteName,
      SiteURL: this.ctx.config.siteUrl,
      DiagnosticsEnabled: 'false',
      TelemetryId: '',
      EnableOpenServer: b(s.enableOpenServer),
      EnableUserCreation: b(s.enableUserCreation),
      EnableSignUpWithEmail: 'true',
      EnableSignInWithEmail: 'true',
      EnableSignInWithUsername: 'true',
      EnableUserAccessTokens: b(s.enableUserAccessTokens),
      EnableCustomEmoji: 'true',
      EnableReliableWebSockets: 'true',
      CollapsedThreads: s.collapsedThreads,
      ShowEmailAddress: b(s.showEmailAddress),
      ShowFullName: b(s.showFullName),
      EnableDeveloper: b(s.enableDeveloper),
      PasswordMinimumLength: String(s.passwordMinimumLength),
      PasswordRequireLowercase: b(s.passwordRequireLowercase),
      PasswordRequireUppercase: b(s.passwordRequireUppercase),
      PasswordRequireNumber: b(s.passwordRequireNumber),
      PasswordRequireSymbol: b(s.passwordRequireSymbol),
      EnableMultifactorAuthentication: b(s.enableMultifactorAuthentication),
      EnforceMultifactorAuthentication: b(s.enableMultifactorAuthentication && s.enforceMultifactorAuthentication),
      MaxFileSize: String(s.maxFileSize),
      MaxPostSize: '16383',
      MaxNotificationsPerChannel: String(s.maxNotificationsPerChannel),
      TeammateNameDisplay: 'username',
      RestrictDirectMessage: 'any',
      ExperimentalPrimaryTeam: '',
      EnableFile: 'true',
      EnableFileAttachments: 'true',
      EnablePublicLink: 'false',
      EnableConfirmNotificationsToChannel: 'true',
      EnableChannelViewedMessages: 'true',
      EnablePostUsernameOverride: b(s.enablePostUsernameOverride),
      EnablePostIconOverride: b(s.enablePostIconOverride),
      EnableIncomingWebhooks: b(s.enableIncomingWebhooks),
      EnableOutgoingWebhooks: b(s.enableOutgoingWebhooks),
      EnableCommands: b(s.enableCommands),
      // Only system admins and team admins manage integrations (Mattermost's default roles).
      EnableOnlyAdminIntegrations: 'true',
      IsDefaultMarketplace: 'false',
      FeatureFlagCollapsedThreads: 'true',
      NoAccounts: 'false',
      AllowSyncedDrafts: b(s.allowSyncedDrafts),
      PostPriority: b(s.postPriority),
      // Re-notifying until acknowledged is not offered (app/post-priority.ts).
      AllowPersistentNotifications: 'false',
      SendEmailNotifications: b(s.smtpUrl !== ''),
      EnableEmailBatching: b(s.enableEmailBatching),
    };
  }

  clientLicense(): Record<string, string> {
    return { IsLicensed: 'false' };
  }

  /** `NoAccounts` tells the web client to show first-run sign-up. */
  /**
   * Every client asks this on load (`NoAccounts` in the client config), so the users table is counted only
   * until the first account exists: accounts are only ever deactivated, never removed, so the answer
   * cannot go back to false.
   */
  async hasAccounts(): Promise<boolean> {
    if (this.accountsExist) return true;
    this.accountsExist = (await this.ctx.store.users.count({ includeDeleted: true })) > 0;
    return this.accountsExist;
  }

  private accountsExist = false;
}
