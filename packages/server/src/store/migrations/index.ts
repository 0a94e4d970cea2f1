// The ordered list of migrations. Keys sort in apply order; append only.
import type { Migration, MigrationProvider } from 'kysely';
import { init } from './0001-init.js';
import { threadsDrafts } from './0002-threads-drafts.js';
import { searchFilesEmoji } from './0003-search-files-emoji.js';
import { cluster } from './0004-cluster.js';
import { integrations } from './0005-integrations.js';
import { userSearchIndexes } from './0006-user-search-indexes.js';

const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_threads_drafts': threadsDrafts,
  '0003_search_files_emoji': searchFilesEmoji,
  '0004_cluster': cluster,
  '0005_integrations': integrations,
  '0006_user_search_indexes': userSearchIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
