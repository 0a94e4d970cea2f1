// Cluster bookkeeping: the app processes alive (each heartbeats its row) and which process holds a
// WebSocket for which user, so a user connected to any node counts as online. Single-node installs use
// the same tables with one row in cluster_nodes.
import type { Kysely, Migration } from 'kysely';

export const cluster: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('cluster_nodes')
      .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
      .addColumn('node_name', 'varchar(128)', (c) => c.notNull())
      .addColumn('hostname', 'varchar(256)', (c) => c.notNull())
      .addColumn('version', 'varchar(64)', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
      .execute();
    await s
      .createTable('presence_connections')
      .addColumn('instance_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('presence_connections_pk', ['instance_id', 'user_id'])
      .execute();
    await s.createIndex('idx_presence_connections_user_id').on('presence_connections').column('user_id').execute();
  },
};
