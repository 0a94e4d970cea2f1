import type { Kysely } from 'kysely';
import type { ClusterStore } from '../cluster.js';
import type { ClusterNode } from '../models.js';
import type { Database } from '../schema.js';

const AUTOMATIC_ONLINE = ['online', 'away'];

export class SqlClusterStore implements ClusterStore {
  constructor(private readonly db: Kysely<Database>) {}

  async heartbeat(node: ClusterNode) {
    await this.db
      .insertInto('cluster_nodes')
      .values(node)
      .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: node.heartbeat_at }))
      .execute();
  }

  async removeNode(instanceId: string) {
    await this.db.deleteFrom('cluster_nodes').where('id', '=', instanceId).execute();
  }

  async getNodes() {
    return this.db.selectFrom('cluster_nodes').selectAll().orderBy('started_at').execute();
  }

  async removeStaleNodes(before: number) {
    await this.db.deleteFrom('cluster_nodes').where('heartbeat_at', '<', before).execute();
    const orphans = await this.db
      .deleteFrom('presence_connections')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cluster_nodes').select('id').whereRef('cluster_nodes.id', '=', 'presence_connections.instance_id'))))
      .returning('user_id')
      .execute();
    return [...new Set(orphans.map((r) => r.user_id))];
  }

  async addPresence(instanceId: string, userId: string, since: number) {
    await this.db
      .insertInto('presence_connections')
      .values({ instance_id: instanceId, user_id: userId, since })
      .onConflict((oc) => oc.columns(['instance_id', 'user_id']).doNothing())
      .execute();
  }

  async removePresence(instanceId: string, userId: string) {
    await this.db.deleteFrom('presence_connections').where('instance_id', '=', instanceId).where('user_id', '=', userId).execute();
  }

  async hasPresence(userId: string) {
    const row = await this.db.selectFrom('presence_connections').select('instance_id').where('user_id', '=', userId).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async getConnectionlessOnline(limit: number) {
    const rows = await this.db
      .selectFrom('status')
      .select('user_id')
      .where('status', 'in', AUTOMATIC_ONLINE)
      .where('manual', '=', 0)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('presence_connections').select('instance_id').whereRef('presence_connections.user_id', '=', 'status.user_id'))))
      .limit(limit)
      .execute();
    return rows.map((r) => r.user_id);
  }

  async getConnectedOffline(limit: number) {
    const rows = await this.db
      .selectFrom('presence_connections')
      .innerJoin('status', 'status.user_id', 'presence_connections.user_id')
      .select('status.user_id')
      .distinct()
      .where('status.status', '=', 'offline')
      .where('status.manual', '=', 0)
      .limit(limit)
      .execute();
    return rows.map((r) => r.user_id);
  }
}
