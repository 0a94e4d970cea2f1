// Post search (Mattermost's SearchPostsForUser): the terms are parsed here, matched by the store's
// full-text index, and limited to channels the user is a member of.
import type { PostListView } from '../presenters/post.js';
import type { FileInfo } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import { matchedTerms, parseSearchTerms } from './search-terms.js';
import type { AuthSession } from './session.js';

export interface PostSearchQuery {
  terms: string;
  isOrSearch: boolean;
  /** Seconds east of UTC, for on:/before:/after:. */
  timeZoneOffset: number;
  includeDeletedChannels: boolean;
  page: number;
  perPage: number;
}

export interface PostSearchResult {
  list: PostListView;
  matches: Record<string, string[]>;
}

const empty = (): PostSearchResult => ({ list: { order: [], posts: new Map(), nextPostId: '', prevPostId: '' }, matches: {} });

export class SearchService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** POST /teams/{tid}/posts/search and /posts/search (teamId undefined: every team). */
  async searchPosts(session: AuthSession, teamId: string | undefined, q: PostSearchQuery): Promise<PostSearchResult> {
    if (teamId !== undefined) await this.app.authz.requireTeam(session, teamId, 'view_team');
    const parsed = parseSearchTerms(q.terms, q.timeZoneOffset);
    const store = this.ctx.store;
    const hasTerms = parsed.words.length + parsed.phrases.length + parsed.hashtags.length > 0;
    const hasFilters = parsed.fromUsernames.length + parsed.inChannels.length > 0 || parsed.since !== undefined || parsed.until !== undefined;
    if (!hasTerms && !hasFilters) return empty();

    const resolve = async (names: string[]) => (names.length === 0 ? [] : (await store.users.getByUsernames(names)).map((u) => u.id));
    const fromUserIds = await resolve(parsed.fromUsernames);
    if (parsed.fromUsernames.length > 0 && fromUserIds.length === 0) return empty();

    const rows = await store.posts.search({
      userId: session.userId,
      teamId,
      words: parsed.words,
      phrases: parsed.phrases,
      hashtags: parsed.hashtags,
      orSearch: q.isOrSearch,
      excludedWords: parsed.excludedWords,
      excludedPhrases: parsed.excludedPhrases,
      fromUserIds,
      excludedUserIds: await resolve(parsed.excludedUsernames),
      inChannelNames: parsed.inChannels,
      excludedChannelNames: parsed.excludedChannels,
      since: parsed.since,
      until: parsed.until,
      includeDeletedChannels: q.includeDeletedChannels,
      offset: q.page * q.perPage,
      limit: q.perPage,
    });
    // Membership is the store's filter; the role check here catches members whose scheme denies reading.
    const readable = new Set<string>();
    for (const c of await store.channels.getMany([...new Set(rows.map((p) => p.channel_id))])) {
      if (await this.app.authz.canReadChannel(session, c, 'read_channel_content')) readable.add(c.id);
    }
    const visible = rows.filter((p) => readable.has(p.channel_id));
    const matches: Record<string, string[]> = {};
    for (const p of visible) matches[p.id] = matchedTerms(p.message, parsed.highlights);
    return {
      list: { order: visible.map((p) => p.id), posts: await this.app.posts.buildViews(store, visible), nextPostId: '', prevPostId: '' },
      matches,
    };
  }

  /**
   * POST /teams/{tid}/files/search and /files/search: attached files in the user's channels whose name
   * contains every word (any with is_or_search, done as separate queries merged), `ext:pdf` narrowing by
   * extension. Names are matched as substrings; file contents are not indexed.
   */
  async searchFiles(session: AuthSession, teamId: string | undefined, q: { terms: string; isOrSearch: boolean; page: number; perPage: number }): Promise<FileInfo[]> {
    if (teamId !== undefined) await this.app.authz.requireTeam(session, teamId, 'view_team');
    const store = this.ctx.store;
    const extensions: string[] = [];
    const words: string[] = [];
    for (const raw of q.terms.split(/\s+/).slice(0, 32)) {
      const ext = /^ext:\.?([\p{L}\p{N}]{1,64})$/iu.exec(raw);
      if (ext) extensions.push(ext[1]!.toLowerCase());
      else if (raw.replace(/["*]/g, '') !== '' && !/^(from|in|on|before|after):/i.test(raw)) words.push(raw.replace(/["*]/g, '').slice(0, 64));
    }
    if (words.length === 0 && extensions.length === 0) return [];
    const channels = (teamId === undefined ? await store.channels.getAllForUser(session.userId, false) : await store.channels.getForUserInTeam(session.userId, teamId, false));
    const channelIds: string[] = [];
    for (const c of channels) if (await this.app.authz.canReadChannel(session, c, 'read_channel_content')) channelIds.push(c.id);
    const base = { channelIds, extensions, offset: q.page * q.perPage, limit: q.perPage };
    if (!q.isOrSearch || words.length <= 1) return store.files.search({ ...base, terms: words });
    const merged = new Map<string, FileInfo>();
    for (const w of words) for (const f of await store.files.search({ ...base, offset: 0, limit: (q.page + 1) * q.perPage, terms: [w] })) merged.set(f.id, f);
    return [...merged.values()].sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : -1)).slice(base.offset, base.offset + q.perPage);
  }
}
