// Mattermost's ChannelWithTeamData: a channel with its team's names, for the System Console's lists.
import type { ChannelWithTeam } from '../store/store.js';
import { presentChannel } from './channel.js';

export function presentChannelWithTeam({ channel, team }: ChannelWithTeam) {
  return { ...presentChannel(channel), team_display_name: team.display_name, team_name: team.name, team_update_at: team.update_at };
}
