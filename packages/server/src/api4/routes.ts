// The route table: one module per resource, each registering its Mattermost paths under /api/v4.
import type { App } from '../app/app.js';
import type { Router } from './router.js';
import { registerAuditHooks, registerAuditRoutes } from './audit.js';
import { registerConfigRoutes } from './config.js';
import { registerActionRoutes } from './actions.js';
import { registerBotRoutes } from './bots.js';
import { registerChannelRoutes } from './channels.js';
import { registerCommandRoutes } from './commands.js';
import { registerDraftRoutes } from './drafts.js';
import { registerEmojiRoutes } from './emoji.js';
import { registerFileRoutes } from './files.js';
import { registerMfaRoutes } from './mfa.js';
import { registerPostRoutes } from './posts.js';
import { registerPreferenceRoutes } from './preferences.js';
import { registerReactionRoutes } from './reactions.js';
import { registerRoleRoutes } from './roles.js';
import { registerAnalyticsRoutes } from './analytics.js';
import { registerLogRoutes } from './logs.js';
import { registerChannelAdminRoutes } from './channel-admin.js';
import { registerGuestRoutes } from './guests.js';
import { registerStatusRoutes } from './statuses.js';
import { registerSystemRoutes } from './system.js';
import { registerTeamRoutes } from './teams.js';
import { registerThreadRoutes } from './threads.js';
import { registerUserRoutes } from './users.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerWebClientRoutes } from './web-client.js';

export async function registerRoutes(r: Router, app: App): Promise<void> {
  // Before every route, so the hooks see all of them.
  registerAuditHooks(r, app);
  registerSystemRoutes(r, app);
  registerConfigRoutes(r, app);
  registerAuditRoutes(r, app);
  registerMfaRoutes(r, app);
  registerUserRoutes(r, app);
  registerPreferenceRoutes(r, app);
  registerStatusRoutes(r, app);
  registerTeamRoutes(r, app);
  registerChannelRoutes(r, app);
  registerPostRoutes(r, app);
  registerReactionRoutes(r, app);
  registerThreadRoutes(r, app);
  registerDraftRoutes(r, app);
  registerFileRoutes(r, app);
  registerEmojiRoutes(r, app);
  registerWebhookRoutes(r, app);
  registerCommandRoutes(r, app);
  registerRoleRoutes(r, app);
  registerAnalyticsRoutes(r, app);
  registerLogRoutes(r, app);
  registerChannelAdminRoutes(r, app);
  registerGuestRoutes(r, app);
  registerBotRoutes(r, app);
  registerActionRoutes(r, app);
  registerWebClientRoutes(r);
}
