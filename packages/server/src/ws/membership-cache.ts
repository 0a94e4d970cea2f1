// Who is in which channel and team, as the hub needs it to route events. Loaded from app/ on first use
// and then kept current by the membership events themselves, which pass through the hub in commit order —
// so a removal is applied before any later event of that channel is routed. A TTL bounds the damage of
// any change that arrives without an event.
import type { ServerEvent } from '../events/event.js';

export interface MemberLoader {
  channelMemberIds(channelId: string): Promise<Set<string>>;
  teamMemberIds(teamId: string): Promise<Set<string>>;
}

/** Receives hits, misses and invalidations by cache name (`channel_members`, `team_members`). */
export interface CacheStats {
  hit(name: string): void;
  miss(name: string): void;
  invalidate(name: string): void;
}

interface Entry {
  ids: Set<string>;
  loadedAt: number;
}

export class MembershipCache {
  private readonly channels = new Map<string, Entry>();
  private readonly teams = new Map<string, Entry>();

  constructor(
    private readonly loader: MemberLoader,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
    private readonly stats?: CacheStats,
  ) {}

  channel(channelId: string): Promise<Set<string>> {
    return this.get('channel_members', this.channels, channelId, (id) => this.loader.channelMemberIds(id));
  }

  team(teamId: string): Promise<Set<string>> {
    return this.get('team_members', this.teams, teamId, (id) => this.loader.teamMemberIds(id));
  }

  private async get(name: string, map: Map<string, Entry>, id: string, load: (id: string) => Promise<Set<string>>): Promise<Set<string>> {
    const hit = map.get(id);
    if (hit && Date.now() - hit.loadedAt < this.ttlMs) {
      this.stats?.hit(name);
      return hit.ids;
    }
    this.stats?.miss(name);
    const ids = await load(id);
    if (map.size >= this.maxEntries) map.clear();
    map.set(id, { ids, loadedAt: Date.now() });
    return ids;
  }

  /** Forgets everything: after missed events, any entry may be wrong. */
  clear(): void {
    this.channels.clear();
    this.teams.clear();
    this.stats?.invalidate('channel_members');
    this.stats?.invalidate('team_members');
  }

  /** Applies a membership change carried by an event, before the event itself is routed. */
  observe(event: ServerEvent): void {
    const d = event.data as Record<string, unknown>;
    const b = event.broadcast;
    switch (event.event) {
      case 'user_added':
        if (b.channel_id && typeof d.user_id === 'string') this.channels.get(b.channel_id)?.ids.add(d.user_id);
        break;
      case 'user_removed':
        // Sent twice: to the channel {user_id} and to the removed user {channel_id}.
        if (b.channel_id && typeof d.user_id === 'string') this.channels.get(b.channel_id)?.ids.delete(d.user_id);
        if (b.user_id && typeof d.channel_id === 'string') this.channels.get(d.channel_id)?.ids.delete(b.user_id);
        break;
      case 'added_to_team':
        if (typeof d.team_id === 'string' && typeof d.user_id === 'string') this.teams.get(d.team_id)?.ids.add(d.user_id);
        break;
      case 'leave_team':
        // Leaving a team also leaves its channels, which send no event of their own.
        if (typeof d.team_id === 'string' && typeof d.user_id === 'string') {
          this.teams.get(d.team_id)?.ids.delete(d.user_id);
          for (const entry of this.channels.values()) entry.ids.delete(d.user_id);
        }
        break;
      case 'direct_added':
      case 'group_added':
      case 'channel_deleted':
      case 'channel_restored':
      case 'channel_converted':
        if (b.channel_id) this.channels.delete(b.channel_id);
        if (typeof d.channel_id === 'string') this.channels.delete(d.channel_id);
        this.stats?.invalidate('channel_members');
        break;
      case 'delete_team':
        this.teams.clear();
        this.stats?.invalidate('team_members');
        break;
    }
  }
}
