// The load-test dataset in one place: the tiers of loadtest-model.md §8.3, their channel mix and membership
// shape, and the names every seeder gives users, teams and channels. Both the API seeder (seed.ts) and the
// store seeder (packages/server/bench/seed) build from this module, so either one finds and reuses what the
// other made. It imports nothing, so server bench code can import it without pulling in the load tool.

export interface SeedSpec {
  teams: number;
  users: number;
  /** Public and private channels per team, besides town-square and off-topic. */
  channelsPerTeam: number;
  posts: number;
  dms: number;
  /** Group messages (3–8 members). */
  gms?: number;
  /**
   * How users spread over teams. 'all' (the default) puts every user in every team. 'spread' gives each
   * user a primary team, round robin, so every team has users/teams primary members; half of the users
   * also join one more team and a fifth two more, picked at random: about 1.9 teams per user, as in a
   * company where most people work in one team and some in a few.
   */
  teamMembership?: 'all' | 'spread';
}

export const S_LITE: SeedSpec = { teams: 2, users: 200, channelsPerTeam: 20, posts: 400, dms: 100 };

/**
 * Tier S (2 teams, 5 k users, ~80 channels per team, 100 k posts). Its channel mix is §8.3's: team channels
 * are 30 % of all channels (20 % public, 10 % private), DMs 60 %, GMs 10 %.
 */
export const TIER_S: SeedSpec = { teams: 2, users: 5_000, channelsPerTeam: 80, posts: 100_000, dms: 320, gms: 53 };

/**
 * Tier M (20 teams, 20 k users, ~70 k channels, 10 M posts): 21 k team channels (1,050 per team), 42 k DMs and
 * 7 k GMs make the same 30/60/10 mix. Users spread over the teams (see `teamMembership`): every team has
 * 1,000 primary members and about 1,900 in all. Only the store seeder can build it in reasonable time.
 */
export const TIER_M: SeedSpec = { teams: 20, users: 20_000, channelsPerTeam: 1_050, posts: 10_000_000, dms: 42_000, gms: 7_000, teamMembership: 'spread' };

export const TIERS: Readonly<Record<string, SeedSpec>> = { 'S-lite': S_LITE, S: TIER_S, M: TIER_M };

/** The spec with every optional field filled in, keys in a fixed order (so equal specs serialise equally). */
export function normalizeSpec(spec: SeedSpec): Required<SeedSpec> {
  return {
    teams: spec.teams,
    users: spec.users,
    channelsPerTeam: spec.channelsPerTeam,
    posts: spec.posts,
    dms: spec.dms,
    gms: spec.gms ?? 0,
    teamMembership: spec.teamMembership ?? 'all',
  };
}

export function sameSpec(a: SeedSpec, b: SeedSpec): boolean {
  return JSON.stringify(normalizeSpec(a)) === JSON.stringify(normalizeSpec(b));
}

export function tierName(spec: SeedSpec): string {
  for (const [name, t] of Object.entries(TIERS)) if (sameSpec(t, spec)) return name;
  return 'custom';
}

export interface SpecOverrides {
  teams?: number;
  users?: number;
  channelsPerTeam?: number;
  posts?: number;
}

/**
 * A tier scaled by the --seed-* options. When teams or channels change, DMs and GMs follow so that the mix
 * stays 30/60/10 (two DMs and a third of a GM per team channel).
 */
export function withOverrides(base: SeedSpec, o: SpecOverrides): SeedSpec {
  const spec: SeedSpec = { ...base };
  if (o.users !== undefined) spec.users = o.users;
  if (o.posts !== undefined) spec.posts = o.posts;
  if (o.teams !== undefined) spec.teams = o.teams;
  if (o.channelsPerTeam !== undefined) spec.channelsPerTeam = o.channelsPerTeam;
  if ((o.teams !== undefined && o.teams !== base.teams) || (o.channelsPerTeam !== undefined && o.channelsPerTeam !== base.channelsPerTeam)) {
    const teamChannels = spec.teams * spec.channelsPerTeam;
    spec.dms = 2 * teamChannels;
    spec.gms = Math.round(teamChannels / 3);
  }
  return spec;
}

/** A short description for reports and logs. */
export function describeSpec(spec: SeedSpec): string {
  const s = normalizeSpec(spec);
  return `${tierName(spec)} (${s.teams} teams, ${s.users} users, ${s.teams * s.channelsPerTeam} team channels, ${s.dms} DMs, ${s.gms} GMs, ${s.posts} posts${s.teamMembership === 'spread' ? ', users spread over teams' : ''})`;
}

// ----- names -----

export const PASSWORD = 'Passw0rd!load';
export const ADMIN_USERNAME = 'ltadmin';
export const ADMIN_EMAIL = 'ltadmin@example.com';
export const username = (i: number): string => `ltuser${i}`;
export const userEmail = (i: number): string => `${username(i)}@example.com`;
export const teamName = (t: number): string => `lt-team-${t}`;
export const teamDisplayName = (t: number): string => `Load team ${t}`;
export const channelName = (t: number, c: number): string => `lt-${t}-ch-${c}`;
export const channelDisplayName = (t: number, c: number): string => `Channel ${t}-${c}`;

// ----- channel mix and membership shape (LT GenController's ChannelMembersDistribution) -----

/** Every third team channel is private: 20 % public and 10 % private of all channels. */
export const channelType = (c: number): 'O' | 'P' => (c % 3 === 2 ? 'P' : 'O');

/** Half the team channels hold at most 50 members, the other half at most 5. */
export const memberCap = (c: number): number => (c % 2 === 0 ? 50 : 5);

/** When a user joins a channel, a 50-member channel is chosen 70 % of the time, a 5-member one 30 %. */
export const LARGE_CHANNEL_PROBABILITY = 0.7;

/** Half of all posts are replies; a tenth of the replies go to the channel's long-running thread (5 % of posts). */
export const REPLY_SHARE = 0.5;
export const LONG_THREAD_SHARE_OF_REPLIES = 0.1;

/** GM sizes, members included (Mattermost allows 3–8). */
export const GM_MIN = 3;
export const GM_MAX = 8;
