// Server facts for clients: ping, the client config and license in Mattermost's "old" flat format.
import type { App } from './app.js';
import type { AppContext } from './context.js';

export const SERVER_VERSION = '11.9.0';
export const BUILD_NUMBER = 'parley-0.1.0';

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
      try {
        await this.ctx.store.system.get('ping');
        out.database_status = 'OK';
      } catch {
        out.database_status = 'UNHEALTHY';
        out.status = 'UNHEALTHY';
      }
      out.filestore_status = 'OK';
    }
    return out;
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
      CollapsedThreads: 'default_off',
      ShowEmailAddress: b(s.showEmailAddress),
      ShowFullName: b(s.showFullName),
      EnableDeveloper: b(s.enableDeveloper),
      PasswordMinimumLength: String(s.passwordMinimumLength),
      MaxFileSize: String(s.maxFileSize),
      MaxPostSize: '16383',
      MaxNotificationsPerChannel: '1000',
      TeammateNameDisplay: 'username',
      RestrictDirectMessage: 'any',
      ExperimentalPrimaryTeam: '',
      EnableFile: 'true',
      EnableFileAttachments: 'true',
      EnablePublicLink: 'false',
      EnableConfirmNotificationsToChannel: 'true',
      EnableChannelViewedMessages: 'true',
      EnablePostUsernameOverride: 'false',
      EnablePostIconOverride: 'false',
      IsDefaultMarketplace: 'false',
      FeatureFlagCollapsedThreads: 'true',
      NoAccounts: 'false',
    };
  }

  clientLicense(): Record<string, string> {
    return { IsLicensed: 'false' };
  }

  /** `NoAccounts` tells the web client to show first-run sign-up. */
  async hasAccounts(): Promise<boolean> {
    return (await this.ctx.store.users.count({ includeDeleted: true })) > 0;
  }
}
