// The route table: one module per resource, each registering its Mattermost paths under /api/v4.
import type { App } from '../app/app.js';
import type { Router } from './router.js';
import { registerChannelRoutes } from './channels.js';
import { registerCommandRoutes } from './commands.js';
import { registerDraftRoutes } from './drafts.js';
import { registerEmojiRoutes } from './emoji.js';
import { registerFileRoutes } from './files.js';
import { registerPostRoutes } from './posts.js';
import { registerPreferenceRoutes } from './preferences.js';
import { registerReactionRoutes } from './reactions.js';
import { registerStatusRoutes } from './statuses.js';
import { registerSystemRoutes } from './system.js';
import { registerTeamRoutes } from './teams.js';
import { registerThreadRoutes } from './threads.js';
import { registerUserRoutes } from './users.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerWebClientRoutes } from './web-client.js';

export async function registerRoutes(r: Router, app: App): Promise<void> {
  registerSystemRoutes(r, app);
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
  registerWebClientRoutes(r);
}
