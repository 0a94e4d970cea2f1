// /posts and the post listings under /channels and /users. Client4 method names are noted where not obvious.
import { Type, type Static } from 'typebox';
import type { App } from '../app/app.js';
import { invalidBodyParam, invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentAcknowledgement, presentChannelUnreadAt, presentPostList, presentPostView } from '../presenters/post.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, intParam, paging, userIdParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const PER_PAGE_MAX = 200;
const LIMIT_DEFAULT = 60;

const Props = Type.Record(Type.String(), Type.Unknown());
const FileIds = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });

// Clients send whole Post objects; only the fields read here are declared, the rest is ignored.
const CreatePostBody = Type.Object({
  channel_id: Type.String({ maxLength: 64 }),
  message: Type.Optional(Type.String()),
  root_id: Type.Optional(Type.String({ maxLength: 64 })),
  file_ids: Type.Optional(FileIds),
  props: Type.Optional(Props),
  pending_post_id: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  // Only metadata.priority is read; the server builds the rest of metadata itself.
  metadata: Type.Optional(Type.Object({ priority: Type.Optional(Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())])) })),
});

const PatchPostBody = Type.Object({
  message: Type.Optional(Type.String()),
  props: Type.Optional(Props),
  file_ids: Type.Optional(FileIds),
  is_pinned: Type.Optional(Type.Boolean()),
});

const UpdatePostBody = Type.Intersect([PatchPostBody, Type.Object({ id: Type.String({ maxLength: 64 }) })]);

const SearchBody = Type.Object({
  terms: Type.String({ maxLength: 2000 }),
  is_or_search: Type.Optional(Type.Boolean()),
  time_zone_offset: Type.Optional(Type.Integer({ minimum: -86_400, maximum: 86_400 })),
  include_deleted_channels: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 0 })),
});

const ReminderBody = Type.Object({ target_time: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

const IdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });

const EphemeralBody = Type.Object({
  user_id: Type.String({ maxLength: 64 }),
  post: Type.Object({
    channel_id: Type.String({ maxLength: 64 }),
    message: Type.Optional(Type.String()),
    root_id: Type.Optional(Type.String({ maxLength: 64 })),
    props: Type.Optional(Props),
  }),
});

type P = { post_id: string; channel_id: string; user_id: string };

function bodyId(value: string, name: string): string {
  if (!isValidId(value)) throw invalidBodyParam(name);
  return value;
}

const optionalId = (v: string | undefined, name: string) => (v ? idParam(v, name) : undefined);

/** Mattermost rejects a thread page size above the maximum instead of capping it. */
function threadQuery(q: Query) {
  const perPage = intParam(q.perPage, 'perPage', 0);
  if (perPage > PER_PAGE_MAX) throw invalidUrlParam('perPage');
  const fromCreateAt = intParam(q.fromCreateAt, 'fromCreateAt', 0);
  const fromUpdateAt = intParam(q.fromUpdateAt, 'fromUpdateAt', 0);
  const fromPost = optionalId(q.fromPost, 'fromPost');
  const updatesOnly = q.updatesOnly === 'true';
  if (fromPost && fromCreateAt === 0 && fromUpdateAt === 0) throw invalidUrlParam('fromCreateAt');
  if (fromCreateAt !== 0 && fromUpdateAt !== 0) throw invalidUrlParam('fromUpdateAt');
  if (updatesOnly && fromUpdateAt === 0) throw invalidUrlParam('fromUpdateAt');
  const dir = q.direction || undefined;
  if (dir !== undefined && dir !== 'up' && dir !== 'down') throw invalidUrlParam('direction');
  const direction: 'up' | 'down' | undefined = dir;
  if (updatesOnly && direction === 'up') throw invalidUrlParam('updatesOnly');
  return { perPage, fromCreateAt: fromCreateAt || undefined, fromUpdateAt: fromUpdateAt || undefined, fromPost, updatesOnly, direction, collapsedThreads: boolParam(q.collapsedThreads) };
}

export function registerPostRoutes(r: Router, app: App): void {
  r.post('/api/v4/posts', { schema: { body: CreatePostBody } }, async (req, reply) => {
    const s = requireSession(req);
    const b = req.body;
    const q = req.query as Query;
    const view = await app.posts.createPost(
      s,
      {
        channel_id: bodyId(b.channel_id, 'channel_id'),
        message: b.message,
        root_id: b.root_id ? bodyId(b.root_id, 'root_id') : undefined,
        file_ids: b.file_ids,
        props: b.props,
        pending_post_id: b.pending_post_id,
        type: b.type,
        priority: b.metadata?.priority ?? undefined,
      },
      { setOnline: q.set_online === undefined || q.set_online === '' ? true : boolParam(q.set_online) },
    );
    reply.code(201);
    return presentPostView(view);
  });

  r.post('/api/v4/users/:user_id/posts/:post_id/reminder', { schema: { body: ReminderBody } }, async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    await app.postReminders.setReminder(s, userIdParam(p.user_id, s), idParam(p.post_id, 'post_id'), req.body.target_time);
    return STATUS_OK;
  });

  r.post('/api/v4/users/:user_id/posts/:post_id/ack', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    return presentAcknowledgement(await app.postPriority.acknowledge(s, userIdParam(p.user_id, s), idParam(p.post_id, 'post_id')));
  });

  r.delete('/api/v4/users/:user_id/posts/:post_id/ack', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    await app.postPriority.unacknowledge(s, userIdParam(p.user_id, s), idParam(p.post_id, 'post_id'));
    return STATUS_OK;
  });

  r.post('/api/v4/posts/ephemeral', { schema: { body: EphemeralBody } }, async (req, reply) => {
    const s = requireSession(req);
    const { user_id: userId, post } = req.body;
    const sent = await app.posts.createPostEphemeral(s, bodyId(userId, 'user_id'), {
      channel_id: bodyId(post.channel_id, 'channel_id'),
      message: post.message ?? '',
      root_id: post.root_id ? bodyId(post.root_id, 'root_id') : undefined,
      props: post.props,
    });
    reply.code(201);
    return presentPostView({ post: sent, extras: {} });
  });

  const search = async (s: ReturnType<typeof requireSession>, teamId: string | undefined, b: Static<typeof SearchBody>) => {
    const perPage = b.per_page === undefined || b.per_page === 0 ? LIMIT_DEFAULT : Math.min(b.per_page, PER_PAGE_MAX);
    const { list, matches } = await app.search.searchPosts(s, teamId, {
      terms: b.terms,
      isOrSearch: b.is_or_search ?? false,
      timeZoneOffset: b.time_zone_offset ?? 0,
      includeDeletedChannels: b.include_deleted_channels ?? false,
      page: b.page ?? 0,
      perPage,
    });
    return { ...presentPostList(list), matches };
  };

  // searchPostsWithParams
  r.post('/api/v4/posts/search', { schema: { body: SearchBody } }, async (req) => search(requireSession(req), undefined, req.body));
  r.post('/api/v4/teams/:team_id/posts/search', { schema: { body: SearchBody } }, async (req) =>
    search(requireSession(req), idParam((req.params as { team_id: string }).team_id, 'team_id'), req.body),
  );

  r.post('/api/v4/posts/ids', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    if (req.body.length === 0) throw invalidBodyParam('post_ids');
    const ids = req.body.map((id) => bodyId(id, 'post_ids'));
    return (await app.posts.getPostsByIds(s, ids)).map(presentPostView);
  });

  r.get('/api/v4/posts/:post_id', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    return presentPostView(await app.posts.getPost(s, idParam((req.params as P).post_id, 'post_id'), boolParam(q.include_deleted)));
  });

  r.put('/api/v4/posts/:post_id', { schema: { body: UpdatePostBody } }, async (req) => {
    const s = requireSession(req);
    const postId = idParam((req.params as P).post_id, 'post_id');
    const { id, message, props, file_ids, is_pinned } = req.body;
    if (id !== postId) throw invalidBodyParam('id');
    return presentPostView(await app.posts.patchPost(s, postId, { message, props, file_ids, is_pinned }));
  });

  r.put('/api/v4/posts/:post_id/patch', { schema: { body: PatchPostBody } }, async (req) => {
    const s = requireSession(req);
    const { message, props, file_ids, is_pinned } = req.body;
    return presentPostView(await app.posts.patchPost(s, idParam((req.params as P).post_id, 'post_id'), { message, props, file_ids, is_pinned }));
  });

  r.delete('/api/v4/posts/:post_id', async (req) => {
    const s = requireSession(req);
    await app.posts.deletePost(s, idParam((req.params as P).post_id, 'post_id'));
    return STATUS_OK;
  });

  // getPostThread / getPaginatedPostThread
  r.get('/api/v4/posts/:post_id/thread', async (req) => {
    const s = requireSession(req);
    const list = await app.posts.getPostThread(s, idParam((req.params as P).post_id, 'post_id'), threadQuery(req.query as Query));
    return presentPostList(list);
  });

  r.get('/api/v4/posts/:post_id/edit_history', async (req) => {
    const s = requireSession(req);
    return (await app.posts.getEditHistory(s, idParam((req.params as P).post_id, 'post_id'))).map(presentPostView);
  });

  r.post('/api/v4/posts/:post_id/pin', async (req) => {
    const s = requireSession(req);
    await app.posts.setPinned(s, idParam((req.params as P).post_id, 'post_id'), true);
    return STATUS_OK;
  });

  r.post('/api/v4/posts/:post_id/unpin', async (req) => {
    const s = requireSession(req);
    await app.posts.setPinned(s, idParam((req.params as P).post_id, 'post_id'), false);
    return STATUS_OK;
  });

  // getPosts, getPostsSince, getPostsBefore, getPostsAfter
  r.get('/api/v4/channels/:channel_id/posts', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const list = await app.posts.getPostsForChannel(s, idParam((req.params as P).channel_id, 'channel_id'), {
      page,
      perPage,
      since: q.since ? intParam(q.since, 'since', 0) : undefined,
      before: optionalId(q.before, 'before'),
      after: optionalId(q.after, 'after'),
      includeDeleted: boolParam(q.include_deleted),
      collapsedThreads: boolParam(q.collapsedThreads),
    });
    return presentPostList(list);
  });

  r.get('/api/v4/channels/:channel_id/pinned', async (req) => {
    const s = requireSession(req);
    return presentPostList(await app.posts.getPinnedPosts(s, idParam((req.params as P).channel_id, 'channel_id')));
  });

  // getPostsUnread
  r.get('/api/v4/users/:user_id/channels/:channel_id/posts/unread', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    const q = req.query as Query;
    const limitAfter = intParam(q.limit_after, 'limit_after', LIMIT_DEFAULT, 0, PER_PAGE_MAX);
    if (limitAfter === 0) throw invalidUrlParam('limit_after');
    const list = await app.posts.getPostsAroundLastUnread(s, userIdParam(p.user_id, s), idParam(p.channel_id, 'channel_id'), {
      limitBefore: intParam(q.limit_before, 'limit_before', LIMIT_DEFAULT, 0, PER_PAGE_MAX),
      limitAfter,
      collapsedThreads: boolParam(q.collapsedThreads),
    });
    return presentPostList(list);
  });

  // markPostAsUnread; the body is Mattermost's map[string]bool, so anything but a boolean reads as false.
  r.post('/api/v4/users/:user_id/posts/:post_id/set_unread', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    const body = req.body as { collapsed_threads_supported?: unknown } | null | undefined;
    const crt = typeof body === 'object' && body !== null && body.collapsed_threads_supported === true;
    return presentChannelUnreadAt(await app.posts.markPostAsUnread(s, userIdParam(p.user_id, s), idParam(p.post_id, 'post_id'), crt));
  });

  r.get('/api/v4/users/:user_id/posts/flagged', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const list = await app.posts.getFlaggedPosts(s, userIdParam((req.params as P).user_id, s), {
      channelId: optionalId(q.channel_id, 'channel_id'),
      teamId: optionalId(q.team_id, 'team_id'),
      page,
      perPage,
    });
    return presentPostList(list);
  });
}
