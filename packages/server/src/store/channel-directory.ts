import type { Channel } from './models.js';

/** A channel with the team it belongs to (Mattermost's ChannelWithTeamData). */
export interface ChannelWithTeam {
  channel: Channel;
  team: { display_name: string; name: string; update_at: number };
}

export interface ChannelDirectoryQuery {
  /** Prefix of the name or of a word of the display name; '' matches every channel. */
  term?: string;
  /** Also match the term as a channel id. */
  searchById?: boolean;
  teamIds?: readonly string[];
  /** Only public ('O') or only private ('P'); both when absent. */
  type?: 'O' | 'P';
  /** undefined: live only; 'include': live and archived; 'only': archived only. */
  deleted?: 'include' | 'only';
  excludeDefaultChannels?: boolean;
  /** Restricts to public channels of the user's teams and private channels the user is in. */
  visibleTo?: string;
  offset: number;
  limit: number;
}

/** Every team's public and private channels for administrators (never DMs or GMs). */
export interface ChannelDirectoryStore {
  /** Ordered by channel display name, then team display name. */
  list(q: ChannelDirectoryQuery): Promise<ChannelWithTeam[]>;
  count(q: Omit<ChannelDirectoryQuery, 'offset' | 'limit'>): Promise<number>;
}
