// A simulated user modelled on loadtest-model.md §8.2: login + the web app's initial load, a WebSocket,
// then weighted random actions separated by idle times scaled by a per-user rate multiplier.
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { Api, isRecord, list, str } from './http.js';
import type { Metrics } from './metrics.js';
import { UserSocket, type WsEvent } from './socket.js';
import { message, pick } from './util.js';

/** noop: log in and hold a WebSocket; fanout: the same, while a broadcaster posts to everyone (fanout.ts). */
export type Profile = 'simulative' | 'noop' | 'fanout';

/** Weights from LT's simulative controller (CreatePost = 1); the rarer actions are folded away. */
export const ACTION_WEIGHTS = {
  SwitchChannel: 6.5219,
  ScrollChannel: 1.9873,
  DeleteDraft: 1.41,
  UnreadCheck: 1.0,
  CreatePost: 1.0,
  OpenDirectChannel: 0.9843,
  ViewGlobalThreads: 0.6023,
  UpsertDraft: 0.504,
  UpdateThreadRead: 0.3236,
  ClickPermalink: 0.3,
  ViewThread: 0.2841,
  ReconnectWebSocket: 0.144,
  AddReaction: 0.1306,
  EditPost: 0.04,
  GetDrafts: 0.037,
  SearchUsers: 0.032,
  SearchChannels: 0.015,
} as const;
export type ActionName = keyof typeof ACTION_WEIGHTS;
export const ACTION_NAMES = Object.keys(ACTION_WEIGHTS) as ActionName[];
const WEIGHT_SUM = ACTION_NAMES.reduce((s, a) => s + ACTION_WEIGHTS[a], 0);

/** LT's RatesDistribution: a rate above 1 means a slower user. */
const RATES: readonly [rate: number, share: number][] = [
  [1, 0.05],
  [2, 0.1],
  [3, 0.15],
  [6, 0.4],
  [30, 0.3],
];
const IDLE_MIN_MS = 1_000;
const IDLE_AVG_MS = 20_000;
const STATUS_PERIOD_MS = 60_000;
// Periodic calls compress with --speed, but never below this, so a fast CI run is not all status polls.
const MIN_STATUS_PERIOD_MS = 5_000;
const PERCENT_REPLIES = 0.18;
/** The server's TeamSettings.MaxNotificationsPerChannel default. */
const MAX_NOTIFICATIONS_PER_CHANNEL = 1_000;
const EMOJIS = ['+1', 'smile', 'heart', 'tada', 'eyes', 'white_check_mark'];

// WebSocket-triggered fetches are bounded across all users (LT: NumCPU * 8); extra ones are dropped.
const WS_FETCH_LIMIT = os.cpus().length * 8;
let wsFetchesInFlight = 0;

export function pickRate(r: () => number = Math.random): number {
  let x = r();
  for (const [rate, share] of RATES) {
    if (x < share) return rate;
    x -= share;
  }
  return RATES.at(-1)![0];
}

export function pickAction(r: () => number = Math.random): ActionName {
  let x = r() * WEIGHT_SUM;
  for (const a of ACTION_NAMES) {
    x -= ACTION_WEIGHTS[a];
    if (x < 0) return a;
  }
  return 'SwitchChannel';
}

interface PostRef {
  id: string;
  rootId: string;
  userId: string;
}

interface ChannelState {
  id: string;
  type: string;
  loaded: boolean;
  lastViewedAt: number;
  oldestPostId: string;
  recent: PostRef[];
  /** From the channel's stats when last viewed; -1 until then. */
  memberCount: number;
}

export interface UserOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Usernames of the dataset, for DMs and user search. */
  others: readonly string[];
  /** Index into the user's teams of the team to work in. */
  teamIndex: number;
  profile: Profile;
  /** Think time is divided by this (1 = Mattermost's model). */
  speed: number;
  metrics: Metrics;
  /** Runs this action first (the test uses it to cover every action type in a short run). */
  firstAction?: ActionName;
  onError?: (action: string, err: unknown) => void;
}

export class SimUser {
  readonly api: Api;
  private readonly socket: UserSocket;
  readonly rate = pickRate();
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private userId = '';
  private teamId = '';
  private current = '';
  private readonly channels = new Map<string, ChannelState>();
  private readonly knownUsers = new Set<string>();
  private readonly dmPartners = new Set<string>();
  private readonly ownPosts: string[] = [];
  private threadIds: string[] = [];
  private loop: Promise<void> | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  actionsRun = 0;

  constructor(private readonly o: UserOptions) {
    this.api = new Api(o.baseUrl, o.metrics);
    this.socket = new UserSocket(
      o.baseUrl,
      () => this.api.token,
      o.metrics,
      (e) => this.onEvent(e),
      () => void this.recover(),
    );
  }

  /** Logs in, loads, connects; resolves once the user is live, and leaves its action loop running. */
  async start(): Promise<void> {
    const api = this.api;
    const me = await api.call('POST /users/login', '/users/login', { login_id: this.o.username, password: this.o.password });
    this.userId = str(me, 'id');
    if (this.o.profile === 'noop' || this.o.profile === 'fanout') {
      await this.socket.open();
      this.api.connectionId = this.socket.connectionId;
      return;
    }
    await Promise.all([
      api.call('GET /users/me', '/users/me'),
      api.call('GET /config/client', '/config/client?format=old'),
      api.call('GET /license/client', '/license/client?format=old'),
      api.call('GET /users/me/preferences', '/users/me/preferences'),
      api.call('GET /users/me/teams/members', '/users/me/teams/members'),
    ]);
    const teams = list(await api.call('GET /users/me/teams', '/users/me/teams'));
    if (teams.length === 0) throw new Error(`${this.o.username} is in no team`);
    this.teamId = str(teams[this.o.teamIndex % teams.length], 'id');
    await this.loadChannels();
    await this.socket.open();
    this.api.connectionId = this.socket.connectionId;
    const town = [...this.channels.values()].find((c) => c.type === 'O') ?? [...this.channels.values()][0];
    if (town) {
      await this.viewChannel(town.id);
      await api.call('GET /users?in_channel', `/users?in_channel=${town.id}&page=0&per_page=100`);
    }
    this.scheduleStatuses();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const w of [...this.wakers]) w();
    await this.loop;
    await this.socket.close();
  }

  private async recover(): Promise<void> {
    if (this.stopped) return;
    await this.idle(1_000);
    if (this.stopped) return;
    await this.socket.open().catch((err: unknown) => this.o.onError?.('WebSocketRecover', err));
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private idleMs(): number {
    return ((IDLE_MIN_MS + Math.random() * (2 * IDLE_AVG_MS - 2 * IDLE_MIN_MS)) * this.rate) / this.o.speed;
  }

  private async run(): Promise<void> {
    let next: ActionName | undefined = this.o.firstAction;
    while (!this.stopped) {
      const action = next ?? pickAction();
      next = undefined;
      const t0 = performance.now();
      let failed = false;
      try {
        await this.perform(action);
      } catch (err) {
        failed = true;
        if (!this.stopped) this.o.onError?.(action, err);
      }
      if (this.stopped) break;
      this.o.metrics.action(action, (performance.now() - t0) * 1000, failed);
      this.actionsRun++;
      await this.idle(this.idleMs());
    }
  }

  private scheduleStatuses(): void {
    const period = Math.max(MIN_STATUS_PERIOD_MS, STATUS_PERIOD_MS / this.o.speed);
    this.statusTimer = setTimeout(() => {
      if (this.stopped) return;
      const ids = new Set([...(this.channels.get(this.current)?.recent.map((p) => p.userId) ?? []).slice(-60), ...this.dmPartners]);
      ids.delete('');
      const done = ids.size > 0 ? this.api.call('POST /users/status/ids', '/users/status/ids', [...ids]) : Promise.resolve();
      done.catch((err: unknown) => this.o.onError?.('PeriodicStatuses', err)).finally(() => !this.stopped && this.scheduleStatuses());
    }, period * (0.5 + Math.random()));
  }

  /** Runs a WebSocket-triggered fetch if the shared budget allows; otherwise drops it, as LT does. */
  private wsFetch(what: string, call: () => Promise<unknown>): void {
    if (wsFetchesInFlight >= WS_FETCH_LIMIT) return;
    wsFetchesInFlight++;
    call()
      .catch((err: unknown) => this.o.onError?.(what, err))
      .finally(() => wsFetchesInFlight--);
  }

  private onEvent(e: WsEvent): void {
    if (e.event === 'typing') {
      // The web app shows "X is typing": it needs the user and their status when it has not seen them.
      const uid = e.data.user_id;
      if (typeof uid === 'string' && !this.knownUsers.has(uid)) {
        this.knownUsers.add(uid);
        this.wsFetch('WsTypingUser', () => Promise.all([this.api.call('POST /users/ids', '/users/ids', [uid]), this.api.call('POST /users/status/ids', '/users/status/ids', [uid])]));
      }
      return;
    }
    if (e.event !== 'posted' || typeof e.data.post !== 'string') return;
    let post: unknown;
    try {
      post = JSON.parse(e.data.post);
    } catch {
      return;
    }
    if (!isRecord(post) || typeof post.create_at !== 'number') return;
    if (post.user_id !== this.userId) this.o.metrics.delivered(Math.max(0, Date.now() - post.create_at) * 1000);
    const channelId = typeof post.channel_id === 'string' ? post.channel_id : '';
    const ch = this.channels.get(channelId);
    if (ch) {
      ch.recent.push({ id: String(post.id), rootId: typeof post.root_id === 'string' ? post.root_id : '', userId: String(post.user_id) });
      if (ch.recent.length > 60) ch.recent.shift();
    } else if (channelId) {
      // A channel we do not know yet (a new DM): the web app fetches our membership of it.
      this.channels.set(channelId, { id: channelId, type: 'D', loaded: false, lastViewedAt: 0, oldestPostId: '', recent: [], memberCount: -1 });
      this.wsFetch('WsPostedMember', () => this.api.call('GET /channels/{id}/members/me', `/channels/${channelId}/members/me`));
    }
  }

  private async loadChannels(): Promise<void> {
    const [chs] = await Promise.all([
      this.api.call('GET /users/me/teams/{id}/channels', `/users/me/teams/${this.teamId}/channels`),
      this.api.call('GET /users/me/teams/{id}/channels/members', `/users/me/teams/${this.teamId}/channels/members`),
    ]);
    for (const c of list(chs)) {
      const id = str(c, 'id');
      if (!this.channels.has(id)) this.channels.set(id, { id, type: String(c.type), loaded: false, lastViewedAt: 0, oldestPostId: '', recent: [], memberCount: -1 });
    }
  }

  private absorbPosts(ch: ChannelState, body: unknown): void {
    if (!isRecord(body) || !Array.isArray(body.order) || !isRecord(body.posts)) return;
    const posts = body.posts;
    const refs: PostRef[] = [];
    for (const id of body.order) {
      const p = posts[String(id)];
      if (!isRecord(p)) continue;
      refs.push({ id: String(p.id), rootId: typeof p.root_id === 'string' ? p.root_id : '', userId: String(p.user_id) });
    }
    if (refs.length > 0) {
      ch.oldestPostId = refs.at(-1)!.id;
      ch.recent = [...ch.recent, ...refs.reverse()].slice(-60);
    }
  }

  private async fetchPostsInfo(ch: ChannelState): Promise<void> {
    const authors = [...new Set(ch.recent.map((p) => p.userId))];
    const unknown = authors.filter((id) => !this.knownUsers.has(id));
    const calls: Promise<unknown>[] = [];
    if (unknown.length > 0) calls.push(this.api.call('POST /users/ids', '/users/ids', unknown).then(() => unknown.forEach((id) => this.knownUsers.add(id))));
    if (authors.length > 0) calls.push(this.api.call('POST /users/status/ids', '/users/status/ids', authors));
    await Promise.all(calls);
  }

  private async viewChannel(id: string): Promise<void> {
    const ch = this.channels.get(id)!;
    const prev = this.current;
    await this.api.call('POST /channels/members/me/view', '/channels/members/me/view', { channel_id: id, prev_channel_id: prev, collapsed_threads_supported: true });
    this.current = id;
    const body = ch.loaded
      ? await this.api.call('GET /channels/{id}/posts?since', `/channels/${id}/posts?since=${ch.lastViewedAt}&skipFetchThreads=false&collapsedThreads=true`)
      : await this.api.call('GET /users/me/channels/{id}/posts/unread', `/users/me/channels/${id}/posts/unread?limit_before=30&limit_after=30&skipFetchThreads=false&collapsedThreads=true`);
    ch.loaded = true;
    ch.lastViewedAt = Date.now();
    this.absorbPosts(ch, body);
    const [, stats] = await Promise.all([this.fetchPostsInfo(ch), this.api.call('GET /channels/{id}/stats', `/channels/${id}/stats?exclude_files_count=true`)]);
    if (isRecord(stats) && typeof stats.member_count === 'number') ch.memberCount = stats.member_count;
  }

  private currentChannel(): ChannelState {
    return this.channels.get(this.current)!;
  }

  /** A post to act on: the current channel's, else any loaded one, else loads the current channel. */
  private async somePost(): Promise<PostRef | null> {
    const here = this.currentChannel().recent;
    if (here.length > 0) return pick(here);
    const any = [...this.channels.values()].flatMap((c) => c.recent);
    if (any.length > 0) return pick(any);
    const body = await this.api.call('GET /channels/{id}/posts', `/channels/${this.current}/posts?page=0&per_page=30`);
    this.absorbPosts(this.currentChannel(), body);
    return this.currentChannel().recent.length > 0 ? pick(this.currentChannel().recent) : null;
  }

  private async createPost(): Promise<string> {
    const ch = this.currentChannel();
    const replyTo = Math.random() < PERCENT_REPLIES && ch.recent.length > 0 ? pick(ch.recent) : null;
    const rootId = replyTo ? replyTo.rootId || replyTo.id : '';
    // As the web app (and LT's shouldSendTypingEvent): no typing notices in channels of 1,000 members or more.
    if (ch.memberCount >= 0 && ch.memberCount < MAX_NOTIFICATIONS_PER_CHANNEL) this.socket.send('user_typing', { channel_id: ch.id, parent_id: rootId });
    const post = await this.api.call('POST /posts', '/posts', { channel_id: ch.id, message: message(rootId ? 24 : 35), root_id: rootId });
    const id = str(post, 'id');
    this.ownPosts.push(id);
    if (this.ownPosts.length > 20) this.ownPosts.shift();
    return id;
  }

  private async perform(action: ActionName): Promise<void> {
    const api = this.api;
    const tid = this.teamId;
    switch (action) {
      case 'SwitchChannel': {
        const options = [...this.channels.keys()].filter((id) => id !== this.current);
        if (options.length > 0) await this.viewChannel(pick(options));
        return;
      }
      case 'ScrollChannel': {
        const ch = this.currentChannel();
        const before = ch.oldestPostId ? `&before=${ch.oldestPostId}` : '';
        const body = await api.call('GET /channels/{id}/posts?before', `/channels/${ch.id}/posts?page=0&per_page=30${before}`);
        if (isRecord(body) && Array.isArray(body.order) && body.order.length > 0) ch.oldestPostId = String(body.order.at(-1));
        return;
      }
      case 'DeleteDraft':
        await api.call('DELETE /users/me/channels/{id}/drafts', `/users/me/channels/${this.current}/drafts`);
        return;
      case 'UpsertDraft':
        await api.call('POST /drafts', '/drafts', { channel_id: this.current, root_id: '', message: message(10) });
        return;
      case 'GetDrafts':
        await api.call('GET /users/me/teams/{id}/drafts', `/users/me/teams/${tid}/drafts`);
        return;
      case 'UnreadCheck':
        await this.loadChannels();
        await api.call('POST /channels/members/me/view', '/channels/members/me/view', { channel_id: this.current, prev_channel_id: '' });
        return;
      case 'CreatePost':
        await this.createPost();
        return;
      case 'OpenDirectChannel': {
        const name = pick(this.o.others.filter((u) => u !== this.o.username));
        const found = list(await api.call('POST /users/usernames', '/users/usernames', [name]));
        if (found.length === 0) return;
        const other = str(found[0], 'id');
        const dm = await api.call('POST /channels/direct', '/channels/direct', [this.userId, other]);
        const id = str(dm, 'id');
        this.dmPartners.add(other);
        if (!this.channels.has(id)) this.channels.set(id, { id, type: 'D', loaded: false, lastViewedAt: 0, oldestPostId: '', recent: [], memberCount: -1 });
        await this.viewChannel(id);
        return;
      }
      case 'ViewGlobalThreads': {
        const body = await api.call('GET /users/me/teams/{id}/threads', `/users/me/teams/${tid}/threads?per_page=25&extended=true`);
        if (isRecord(body)) this.threadIds = list(body.threads).map((t) => String(t.id));
        return;
      }
      case 'UpdateThreadRead': {
        if (this.threadIds.length === 0) await this.perform('ViewGlobalThreads');
        if (this.threadIds.length === 0) return;
        await api.call('PUT /users/me/teams/{id}/threads/{id}/read/{ts}', `/users/me/teams/${tid}/threads/${pick(this.threadIds)}/read/${Date.now()}`);
        return;
      }
      case 'ClickPermalink':
      case 'ViewThread': {
        const post = await this.somePost();
        if (post) await api.call('GET /posts/{id}/thread', `/posts/${post.rootId || post.id}/thread?skipFetchThreads=false&collapsedThreads=true`);
        return;
      }
      case 'ReconnectWebSocket':
        await this.socket.close();
        await this.socket.open();
        return;
      case 'AddReaction': {
        const post = await this.somePost();
        if (post) await api.call('POST /reactions', '/reactions', { user_id: this.userId, post_id: post.id, emoji_name: pick(EMOJIS) });
        return;
      }
      case 'EditPost': {
        const id = this.ownPosts.length > 0 ? pick(this.ownPosts) : await this.createPost();
        await api.call('PUT /posts/{id}/patch', `/posts/${id}/patch`, { message: message(35) });
        return;
      }
      case 'SearchUsers':
        await api.call('POST /users/search', '/users/search', { term: pick(this.o.others).slice(0, 7), team_id: tid });
        return;
      case 'SearchChannels':
        await api.call('POST /teams/{id}/channels/search', `/teams/${tid}/channels/search`, { term: 'ch' });
        return;
    }
  }
}
