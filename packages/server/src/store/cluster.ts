import type { ClusterNode } from './models.js';

/** The processes of a cluster and the users each holds a WebSocket for. */
export interface ClusterStore {
  /** Registers this process or refreshes its heartbeat. */
  heartbeat(node: ClusterNode): Promise<void>;
  removeNode(instanceId: string): Promise<void>;
  getNodes(): Promise<ClusterNode[]>;
  /**
   * Forgets processes that stopped heartbeating before `before`, and the connections of any process no
   * longer registered; returns the ids of the users those connections belonged to.
   */
  removeStaleNodes(before: number): Promise<string[]>;
  addPresence(instanceId: string, userId: string, since: number): Promise<void>;
  removePresence(instanceId: string, userId: string): Promise<void>;
  /** Whether any registered process holds a connection for the user. */
  hasPresence(userId: string): Promise<boolean>;
  /** Users whose status was set automatically to online or away but who have no connection anywhere. */
  getConnectionlessOnline(limit: number): Promise<string[]>;
  /** Users with a connection somewhere whose status was set automatically to offline. */
  getConnectedOffline(limit: number): Promise<string[]>;
}
