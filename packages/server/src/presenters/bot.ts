// A bot as Mattermost sends it (public/model/bot.go): display_name, description and last_icon_update are
// left out when empty, as Go's omitempty does.
import type { Bot as WireBotType } from '@mattermost/types/bots';
import type { BotWithUser } from '../store/store.js';

export type WireBot = WireBotType & { last_icon_update?: number };

export function presentBot(bot: BotWithUser): WireBot {
  const out: WireBot = {
    user_id: bot.user_id,
    username: bot.username,
    owner_id: bot.owner_id,
    create_at: bot.create_at,
    update_at: bot.update_at,
    delete_at: bot.delete_at,
  };
  if (bot.display_name) out.display_name = bot.display_name;
  if (bot.description) out.description = bot.description;
  if (bot.last_icon_update) out.last_icon_update = bot.last_icon_update;
  return out;
}
