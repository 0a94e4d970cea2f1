/** Mattermost's Scheme, as stored. Role fields name rows of `roles`; a channel scheme has no team roles (''). */
export interface StoredScheme {
  id: string;
  name: string;
  display_name: string;
  description: string;
  scope: 'team' | 'channel';
  default_team_admin_role: string;
  default_team_user_role: string;
  default_team_guest_role: string;
  default_channel_admin_role: string;
  default_channel_user_role: string;
  default_channel_guest_role: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** Which teams and channels have a scheme: only the assigned ones, so it stays small. */
export interface SchemeAssignments {
  teams: Array<{ id: string; scheme_id: string }>;
  channels: Array<{ id: string; scheme_id: string }>;
}

export interface SchemeStore {
  /** Every scheme not deleted, oldest first. */
  getAll(): Promise<StoredScheme[]>;
  /** A scheme not deleted. */
  get(id: string): Promise<StoredScheme | undefined>;
  getPage(scope: 'team' | 'channel' | undefined, offset: number, limit: number): Promise<StoredScheme[]>;
  /** False when a scheme not deleted already has the name. */
  save(scheme: StoredScheme): Promise<boolean>;
  /** Name, display name, description and update_at; false when the name is taken. */
  update(scheme: StoredScheme): Promise<boolean>;
  /** Soft-deletes the scheme, removes its roles and returns its teams and channels to the defaults. */
  delete(scheme: StoredScheme, now: number): Promise<void>;
  assignments(): Promise<SchemeAssignments>;
  setTeamScheme(teamId: string, schemeId: string | null, now: number): Promise<void>;
  setChannelScheme(channelId: string, schemeId: string | null, now: number): Promise<void>;
  /** Ids of the teams (channels) on the scheme, by display name. */
  teamIds(schemeId: string, offset: number, limit: number): Promise<string[]>;
  channelIds(schemeId: string, offset: number, limit: number): Promise<string[]>;
}
