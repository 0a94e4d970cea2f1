// Membership of this process in the cluster and presence across nodes. Each process has an instance id
// (new at every start) and heartbeats its row; each user it holds a live WebSocket for has a
// presence_connections row. A user goes offline when their last row anywhere goes, and a sweep that any
// node may run forgets processes that stopped heartbeating (kill -9, lost host) and settles the status of
// the users they held. The sweep also repairs the rare race of two nodes changing one user's presence at
// once, so statuses converge within one sweep interval.
import os from 'node:os';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import { SERVER_VERSION } from './system.js';

const SWEEP_BATCH = 500;

export interface NodeIdentity {
  /** Unique per process start. */
  instanceId: string;
  /** PARLEY_NODE_ID, for people: logs, metrics, the nodes list. */
  name: string;
}

export class ClusterService {
  private readonly startedAt: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {
    this.startedAt = ctx.clock.now();
  }

  get node(): NodeIdentity {
    return this.ctx.node;
  }

  async heartbeat(): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.store.cluster.heartbeat({
      id: this.ctx.node.instanceId,
      node_name: this.ctx.node.name,
      hostname: os.hostname(),
      version: SERVER_VERSION,
      started_at: this.startedAt,
      heartbeat_at: now,
    });
  }

  /** Graceful stop: the node's connections are settled by the next sweep on any node (or after a restart). */
  async leave(): Promise<void> {
    await this.ctx.store.cluster.removeNode(this.ctx.node.instanceId);
  }

  /** This node now holds a live socket for the user (it had none). */
  async userConnected(userId: string): Promise<void> {
    await this.ctx.store.cluster.addPresence(this.ctx.node.instanceId, userId, this.ctx.clock.now());
    await this.app.statuses.setOnline(userId);
  }

  /** This node's last live socket of the user closed: offline unless another node holds one. */
  async userDisconnected(userId: string): Promise<void> {
    await this.ctx.store.cluster.removePresence(this.ctx.node.instanceId, userId);
    if (!(await this.ctx.store.cluster.hasPresence(userId))) await this.app.statuses.setOffline(userId);
  }

  /**
   * Forgets processes silent since `staleAfterMs`, then brings automatic statuses in line with the
   * connections that exist. Idempotent; every node runs it. Returns how many statuses it changed.
   */
  async sweep(staleAfterMs: number): Promise<number> {
    const cluster = this.ctx.store.cluster;
    await cluster.removeStaleNodes(this.ctx.clock.now() - staleAfterMs);
    let changed = 0;
    for (const userId of await cluster.getConnectionlessOnline(SWEEP_BATCH)) {
      // Re-checked inside setOffline's transaction against manual statuses; presence checked just before.
      if (await cluster.hasPresence(userId)) continue;
      await this.app.statuses.setOffline(userId);
      changed += 1;
    }
    for (const userId of await cluster.getConnectedOffline(SWEEP_BATCH)) {
      await this.app.statuses.setOnline(userId);
      changed += 1;
    }
    return changed;
  }

  async nodes() {
    return this.ctx.store.cluster.getNodes();
  }
}
