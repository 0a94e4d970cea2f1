// The ordered list of migrations. Keys sort in apply order; append only.
import type { Migration, MigrationProvider } from 'kysely';
import { init } from './0001-init.js';
import { threadsDrafts } from './0002-threads-drafts.js';
import { searchFilesEmoji } from './0003-search-files-emoji.js';
import { cluster } from './0004-cluster.js';
import { integrations } from './0005-integrations.js';
import { userSearchIndexes } from './0006-user-search-indexes.js';
import { configAudits } from './0007-config-audits.js';
import { accountSecurity } from './0008-account-security.js';
import { bots } from './0009-bots.js';
import { roles } from './0010-roles.js';
import { postPriority } from './0011-post-priority.js';
import { schemes } from './0012-schemes.js';
import { mentionFlags } from './0013-mention-flags.js';

const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_threads_drafts': threadsDrafts,
  '0003_search_files_emoji': searchFilesEmoji,
  '0004_cluster': cluster,
  '0005_integrations': integrations,
  '0006_user_search_indexes': userSearchIndexes,
  '0007_config_audits': configAudits,
  '0008_account_security': accountSecurity,
  '0009_bots': bots,
  '0010_roles': roles,
  '0011_post_priority': postPriority,
  '0012_schemes': schemes,
  '0013_mention_flags': mentionFlags,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
