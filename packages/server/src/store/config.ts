// Saved site configuration, as Mattermost's Configurations table: every save adds a row and makes it the
// only active one; older rows stay as history.

export interface SavedConfig {
  id: string;
  /** Mattermost's nested config JSON, as text. */
  value: string;
  create_at: number;
}

export interface ConfigStore {
  /** The active saved configuration, if any was ever saved. */
  getActive(): Promise<SavedConfig | undefined>;
  /** Stores `config` as the new active row and deactivates the others (run it inside a transaction). */
  save(config: SavedConfig): Promise<void>;
}
