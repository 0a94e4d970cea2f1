// The dataset decided before anything is written: who exists, who is in which team and channel, when each
// joined, and how many posts each channel gets. Everything comes from seeded streams, so one spec always
// gives the same plan (ids included); only the time line is anchored at the moment of seeding.
import { directChannelName, groupChannelName, OFF_TOPIC, TOWN_SQUARE } from '../../src/app/channels.js';
import {
  ADMIN_USERNAME,
  channelDisplayName,
  channelName,
  channelType,
  GM_MAX,
  GM_MIN,
  LARGE_CHANNEL_PROBABILITY,
  memberCap,
  normalizeSpec,
  username,
  type SeedSpec,
} from '../../../loadtest/src/dataset.js';
import { Prng } from './prng.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The dataset's history: 90 days ending when the seed runs. */
const SPAN = 90 * DAY;
/** A join attempt tries this many random team members before giving up on a nearly complete channel. */
const MEMBER_TRIES = 8;
/** Mattermost's GM display name is the members' usernames, cut to the column's 64 characters. */
const DISPLAY_NAME_MAX = 64;

/** Member index of the administrator (ltadmin); users are 0 … users-1. */
export const ADMIN = -1;

/**
 * When things happen, in ms. The admin and the users come first, then the teams (made by the admin) and the
 * users joining them, then channels with their members, and posts over the rest of the span.
 */
export interface Timeline {
  start: number;
  end: number;
  teamJoins: [number, number];
  channelCreates: [number, number];
  channelJoins: [number, number];
  posts: [number, number];
}

export function timeline(end: number): Timeline {
  const start = end - SPAN;
  return {
    start,
    end,
    teamJoins: [start + HOUR, start + DAY],
    channelCreates: [start + DAY, start + 2 * DAY],
    channelJoins: [start + 2 * DAY, start + 4 * DAY],
    posts: [start + 4 * DAY, end - MINUTE],
  };
}

export interface TeamPlan {
  index: number;
  id: string;
  inviteId: string;
  createAt: number;
  members: number[];
  joinAt: number[];
}

export type ChannelKind = 'town-square' | 'off-topic' | 'team' | 'direct' | 'group';

export interface ChannelPlan {
  index: number;
  id: string;
  kind: ChannelKind;
  /** -1 for DMs and GMs. */
  teamIndex: number;
  type: 'O' | 'P' | 'D' | 'G';
  name: string;
  displayName: string;
  /** The member who made the channel; null for a team's default channels (made with the team). */
  creator: number | null;
  createAt: number;
  /** User indices (ADMIN for the administrator), in the order they joined. */
  members: number[];
  joinAt: number[];
  posts: number;
}

export interface Plan {
  spec: Required<SeedSpec>;
  time: Timeline;
  adminId: string;
  userIds: string[];
  teams: TeamPlan[];
  channels: ChannelPlan[];
  /** How many channels each user is in: a user posts in one of their channels picked uniformly. */
  userDegree: Int32Array;
}

export const usernameOf = (u: number): string => (u === ADMIN ? ADMIN_USERNAME : username(u));
export const userCreateAt = (time: Timeline, u: number): number => (u === ADMIN ? time.start : time.start + 1_000 + u);
export const teamCreateAt = (time: Timeline, t: number): number => time.start + MINUTE + t;

export function buildPlan(input: SeedSpec, end: number, seed = 42): Plan {
  const spec = normalizeSpec(input);
  const time = timeline(end);
  const root = new Prng(seed);
  const ids = root.fork('ids');
  const adminId = ids.id();
  const userIds = Array.from({ length: spec.users }, () => ids.id());

  const teams = planTeams(spec, time, root.fork('teams'));
  const channels: ChannelPlan[] = [];
  const add = (c: Omit<ChannelPlan, 'index' | 'posts'>) => channels.push({ ...c, index: channels.length, posts: 0 });

  const channelIds = root.fork('channel-ids');
  for (const team of teams) {
    const joined = [ADMIN, ...team.members];
    const at = [team.createAt, ...team.joinAt];
    add({ id: channelIds.id(), kind: 'town-square', teamIndex: team.index, type: 'O', name: TOWN_SQUARE, displayName: 'Town Square', creator: null, createAt: team.createAt, members: joined, joinAt: at });
    add({ id: channelIds.id(), kind: 'off-topic', teamIndex: team.index, type: 'O', name: OFF_TOPIC, displayName: 'Off-Topic', creator: null, createAt: team.createAt, members: [...joined], joinAt: [...at] });
  }
  const membership = root.fork('channel-members');
  for (const team of teams) {
    for (const c of planTeamChannels(spec, time, team, membership)) {
      add({ id: channelIds.id(), kind: 'team', teamIndex: team.index, type: channelType(c.index), name: channelName(team.index, c.index), displayName: channelDisplayName(team.index, c.index), creator: c.members[0]!, createAt: c.createAt, members: c.members, joinAt: c.joinAt });
    }
  }
  const teamsOf = userTeams(spec.users, teams);
  for (const c of planDirect(spec, time, teams, teamsOf, userIds, root.fork('direct'))) add({ ...c, id: channelIds.id() });
  for (const c of planGroups(spec, time, teams, teamsOf, userIds, root.fork('group'))) add({ ...c, id: channelIds.id() });

  const userDegree = new Int32Array(spec.users);
  for (const c of channels) for (const u of c.members) if (u !== ADMIN) userDegree[u]! += 1;
  assignPosts(spec, channels, userDegree, root.fork('posts'));
  return { spec, time, adminId, userIds, teams, channels, userDegree };
}

function planTeams(spec: Required<SeedSpec>, time: Timeline, r: Prng): TeamPlan[] {
  const teams: TeamPlan[] = Array.from({ length: spec.teams }, (_, t) => ({ index: t, id: r.id(), inviteId: r.id(), createAt: teamCreateAt(time, t), members: [], joinAt: [] }));
  const join = (u: number, t: number) => {
    teams[t]!.members.push(u);
    teams[t]!.joinAt.push(Math.floor(r.between(...time.teamJoins)));
  };
  for (let u = 0; u < spec.users; u++) {
    if (spec.teamMembership === 'all') {
      for (let t = 0; t < spec.teams; t++) join(u, t);
      continue;
    }
    const mine = new Set([u % spec.teams]);
    const x = r.next();
    const extra = Math.min(spec.teams - 1, x < 0.2 ? 2 : x < 0.7 ? 1 : 0);
    while (mine.size < 1 + extra) mine.add(r.int(spec.teams));
    for (const t of mine) join(u, t);
  }
  return teams;
}

function userTeams(users: number, teams: readonly TeamPlan[]): number[][] {
  const out = Array.from({ length: users }, (): number[] => []);
  for (const t of teams) for (const u of t.members) out[u]!.push(t.index);
  return out;
}

interface TeamChannel {
  index: number;
  cap: number;
  createAt: number;
  members: number[];
  joinAt: number[];
  set: Set<number>;
}

/**
 * LT GenController's membership shape: half the channels hold at most 50 members, half at most 5. Each channel
 * starts with its creator; then as many join attempts as there are places in the team's channels follow, each
 * picking the 50-member group 70 % of the time and a channel in it that still has room (an attempt on a full
 * group is dropped, as LT's "channel range already filled"). The small channels fill; the large ones end up
 * about three quarters full.
 */
function planTeamChannels(spec: Required<SeedSpec>, time: Timeline, team: TeamPlan, r: Prng): TeamChannel[] {
  const size = team.members.length;
  const channels: TeamChannel[] = [];
  if (size === 0) return channels;
  for (let c = 0; c < spec.channelsPerTeam; c++) {
    const creator = r.pick(team.members);
    channels.push({ index: c, cap: Math.min(memberCap(c), size), createAt: Math.floor(r.between(...time.channelCreates)), members: [creator], joinAt: [0], set: new Set([creator]) });
    channels[c]!.joinAt[0] = channels[c]!.createAt;
  }
  const open = [channels.filter((c) => c.members.length < c.cap && memberCap(c.index) >= 50), channels.filter((c) => c.members.length < c.cap && memberCap(c.index) < 50)];
  const attempts = channels.reduce((n, c) => n + c.cap - 1, 0);
  for (let i = 0; i < attempts; i++) {
    const group = open[r.next() < LARGE_CHANNEL_PROBABILITY ? 0 : 1]!;
    if (group.length === 0) continue;
    const k = r.int(group.length);
    const ch = group[k]!;
    for (let tries = 0; tries < MEMBER_TRIES; tries++) {
      const u = r.pick(team.members);
      if (ch.set.has(u)) continue;
      ch.set.add(u);
      ch.members.push(u);
      ch.joinAt.push(Math.floor(r.between(...time.channelJoins)));
      break;
    }
    if (ch.members.length >= ch.cap) {
      group[k] = group[group.length - 1]!;
      group.pop();
    }
  }
  return channels;
}

type NewChannel = Omit<ChannelPlan, 'index' | 'posts' | 'id'>;

/** DMs between a user and someone from one of their teams (where people find each other), no pair twice. */
function planDirect(spec: Required<SeedSpec>, time: Timeline, teams: readonly TeamPlan[], teamsOf: number[][], userIds: readonly string[], r: Prng): NewChannel[] {
  const out: NewChannel[] = [];
  if (spec.users < 2) return out;
  const seen = new Set<string>();
  for (let i = 0, tries = 0; i < spec.dms && tries < spec.dms * 20; tries++) {
    const a = r.int(spec.users);
    const mates = teamsOf[a]!.length > 0 ? teams[r.pick(teamsOf[a]!)]!.members : null;
    const b = mates && mates.length > 1 ? r.pick(mates) : r.int(spec.users);
    if (a === b) continue;
    const name = directChannelName(userIds[a]!, userIds[b]!);
    if (seen.has(name)) continue;
    seen.add(name);
    const createAt = Math.floor(r.between(time.channelCreates[0], time.channelJoins[1]));
    out.push({ kind: 'direct', teamIndex: -1, type: 'D', name, displayName: '', creator: a, createAt, members: [a, b], joinAt: [createAt, createAt] });
    i++;
  }
  return out;
}

/** GMs of 3–8 people, mostly from one of the creator's teams; no set of members twice. */
function planGroups(spec: Required<SeedSpec>, time: Timeline, teams: readonly TeamPlan[], teamsOf: number[][], userIds: readonly string[], r: Prng): NewChannel[] {
  const out: NewChannel[] = [];
  if (spec.users < GM_MIN) return out;
  const seen = new Set<string>();
  for (let i = 0, tries = 0; i < spec.gms && tries < spec.gms * 20; tries++) {
    const creator = r.int(spec.users);
    const size = Math.min(spec.users, GM_MIN + r.int(GM_MAX - GM_MIN + 1));
    const mates = teamsOf[creator]!.length > 0 ? teams[r.pick(teamsOf[creator]!)]!.members : [];
    const pool = mates.length >= size ? mates : null;
    const members = new Set([creator]);
    for (let k = 0; members.size < size && k < size * 10; k++) members.add(pool ? r.pick(pool) : r.int(spec.users));
    if (members.size < GM_MIN) continue;
    const list = [...members];
    const name = groupChannelName(list.map((u) => userIds[u]!));
    if (seen.has(name)) continue;
    seen.add(name);
    const displayName = [...list.map(usernameOf).sort().join(', ')].slice(0, DISPLAY_NAME_MAX).join('');
    const createAt = Math.floor(r.between(time.channelCreates[0], time.channelJoins[1]));
    out.push({ kind: 'group', teamIndex: -1, type: 'G', name, displayName, creator, createAt, members: list, joinAt: list.map(() => createAt) });
    i++;
  }
  return out;
}

/**
 * Where posts go, as LT GenController places them: a random user writes in one of their channels, picked
 * uniformly. Only the count per channel is decided here; the channel's own stream picks each post's author
 * (weighted by 1/channels-of-user, which is the same distribution) when it is built.
 */
function assignPosts(spec: Required<SeedSpec>, channels: ChannelPlan[], degree: Int32Array, r: Prng): void {
  if (spec.users === 0 || spec.posts === 0) return;
  const offsets = new Int32Array(spec.users + 1);
  for (let u = 0; u < spec.users; u++) offsets[u + 1] = offsets[u]! + degree[u]!;
  const flat = new Int32Array(offsets[spec.users]!);
  const fill = offsets.slice(0, spec.users);
  for (const c of channels) for (const u of c.members) if (u !== ADMIN) flat[fill[u]!++] = c.index;
  const counts = new Int32Array(channels.length);
  for (let p = 0; p < spec.posts; p++) {
    const u = r.int(spec.users);
    counts[flat[offsets[u]! + r.int(degree[u]!)]!]! += 1;
  }
  for (const c of channels) c.posts = counts[c.index]!;
}
