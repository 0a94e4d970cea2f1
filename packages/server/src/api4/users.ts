// /users: accounts, login, sessions, tokens, profiles. Client4 method names are noted where not obvious.
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, invalidBodyParam } from '../platform/errors.js';
import { presentSession, presentUserAccessToken } from '../presenters/session.js';
import { defaultProfileImage } from '../presenters/profile-image.js';
import { attachSessionCookies, clearSessionCookies, requireSession } from './auth.js';
import { readOneFile } from './multipart.js';
import { boolParam, idParam, intParam, paging, userIdParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const Str = (max = 1024) => Type.String({ maxLength: max });
const StringMap = Type.Record(Type.String(), Type.String());

const CreateUserBody = Type.Object({
  username: Str(64),
  email: Str(128),
  password: Str(128),
  nickname: Type.Optional(Str(64)),
  first_name: Type.Optional(Str(64)),
  last_name: Type.Optional(Str(64)),
  position: Type.Optional(Str(128)),
  locale: Type.Optional(Str(5)),
  props: Type.Optional(StringMap),
  notify_props: Type.Optional(StringMap),
});

const PatchUserBody = Type.Object({
  username: Type.Optional(Str(64)),
  email: Type.Optional(Str(128)),
  nickname: Type.Optional(Str(64)),
  first_name: Type.Optional(Str(64)),
  last_name: Type.Optional(Str(64)),
  position: Type.Optional(Str(128)),
  locale: Type.Optional(Str(5)),
  props: Type.Optional(StringMap),
  notify_props: Type.Optional(StringMap),
  timezone: Type.Optional(StringMap),
});

const LoginBody = Type.Object({
  login_id: Type.Optional(Str(256)),
  id: Type.Optional(Str(26)),
  password: Type.Optional(Str(256)),
  token: Type.Optional(Str(64)),
  device_id: Type.Optional(Str(512)),
  ldap_only: Type.Optional(Str(8)),
});

const IdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });

const SearchBody = Type.Object({
  term: Str(256),
  team_id: Type.Optional(Str(26)),
  not_in_team_id: Type.Optional(Str(26)),
  in_channel_id: Type.Optional(Str(26)),
  not_in_channel_id: Type.Optional(Str(26)),
  allow_inactive: Type.Optional(Type.Boolean()),
  without_team: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
});

type P = { user_id: string; username?: string; email?: string; token_id?: string };

const optionalId = (v: string | undefined, name: string) => (v ? idParam(v, name) : undefined);

/** Pictures are scaled to 128×128; 10 MB is ample for any photo and bounds what gets decoded. */
const MAX_PROFILE_IMAGE_BYTES = 10 * 1024 * 1024;
const profileImageTooLarge = () => new AppError('api.user.upload_profile_user.too_large.app_error', 'Unable to upload profile image. File is too large.', 413);

export function registerUserRoutes(r: Router, app: App): void {
  const present = app.users.present.bind(app.users);

  r.post('/api/v4/users', { schema: { body: CreateUserBody }, config: { auth: 'optional' } }, async (req, reply) => {
    const q = req.query as Query;
    const user = await app.users.createUser(req.session, req.body, { inviteId: q.iid || undefined });
    reply.code(201);
    return present(req.session, user);
  });

  r.post('/api/v4/users/login', { schema: { body: LoginBody }, config: { auth: 'none' } }, async (req, reply) => {
    const { user, session } = await app.auth.login(req.body, { userAgent: req.headers['user-agent'] ?? '' });
    reply.header('Token', session.token);
    if (req.headers['x-requested-with'] === 'XMLHttpRequest') {
      const settings = app.ctx.config.settings;
      attachSessionCookies(reply, session, settings.sessionLengthHours * 3600, req.protocol === 'https');
    }
    return present(session, user);
  });

  // Password reset and email verification: links mailed to the address, usable without a session.
  r.post('/api/v4/users/password/reset/send', { schema: { body: Type.Object({ email: Type.Optional(Str(128)) }) }, config: { auth: 'none' } }, async (req) => {
    if (!req.body.email) throw invalidBodyParam('email');
    await app.email.sendPasswordReset(req.body.email);
    return STATUS_OK;
  });
  r.post(
    '/api/v4/users/password/reset',
    { schema: { body: Type.Object({ token: Type.Optional(Str(128)), new_password: Type.Optional(Str(256)) }) }, config: { auth: 'none' } },
    async (req) => {
      if (!req.body.token) throw invalidBodyParam('token');
      if (req.body.new_password === undefined) throw invalidBodyParam('new_password');
      await app.email.resetPasswordFromToken(req.body.token, req.body.new_password);
      return STATUS_OK;
    },
  );
  r.post('/api/v4/users/email/verify/send', { schema: { body: Type.Object({ email: Type.Optional(Str(128)) }) }, config: { auth: 'none' } }, async (req) => {
    if (!req.body.email) throw invalidBodyParam('email');
    await app.email.sendVerificationEmail(req.body.email);
    return STATUS_OK;
  });
  r.post('/api/v4/users/email/verify', { schema: { body: Type.Object({ token: Type.Optional(Str(128)) }) }, config: { auth: 'none' } }, async (req) => {
    if (!req.body.token) throw invalidBodyParam('token');
    await app.email.verifyEmailFromToken(req.body.token);
    return STATUS_OK;
  });

  r.post('/api/v4/users/logout', { config: { auth: 'optional' } }, async (req, reply) => {
    if (req.session) await app.auth.logout(req.session);
    clearSessionCookies(reply);
    return STATUS_OK;
  });

  r.get('/api/v4/users', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { offset, limit } = paging(q);
    const sort = q.sort === 'create_at' || q.sort === 'last_activity_at' ? q.sort : undefined;
    const users = await app.users.getProfiles(s, {
      inTeam: optionalId(q.in_team, 'in_team'),
      notInTeam: optionalId(q.not_in_team, 'not_in_team'),
      inChannel: optionalId(q.in_channel, 'in_channel'),
      notInChannel: optionalId(q.not_in_channel, 'not_in_channel'),
      withoutTeam: boolParam(q.without_team),
      active: boolParam(q.inactive) ? false : boolParam(q.active) ? true : undefined,
      role: q.role || undefined,
      sort,
      offset,
      limit,
    });
    return users.map((u) => present(s, u));
  });

  r.post('/api/v4/users/ids', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const ids = req.body.map((id) => idParam(id, 'user_ids'));
    const users = await app.users.getUsersByIds(s, ids, intParam(q.since, 'since', 0));
    return users.map((u) => present(s, u));
  });

  r.post('/api/v4/users/usernames', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    return (await app.users.getUsersByUsernames(s, req.body)).map((u) => present(s, u));
  });

  r.post('/api/v4/users/search', { schema: { body: SearchBody } }, async (req) => {
    const s = requireSession(req);
    const b = req.body;
    const users = await app.users.searchUsers(s, {
      term: b.term,
      teamId: optionalId(b.team_id, 'team_id'),
      notInTeamId: optionalId(b.not_in_team_id, 'not_in_team_id'),
      inChannelId: optionalId(b.in_channel_id, 'in_channel_id'),
      notInChannelId: optionalId(b.not_in_channel_id, 'not_in_channel_id'),
      allowInactive: b.allow_inactive,
      withoutTeam: b.without_team,
      limit: Math.min(b.limit || 100, 1000),
    });
    return users.map((u) => present(s, u));
  });

  r.get('/api/v4/users/autocomplete', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const result = await app.users.autocompleteUsers(s, {
      name: q.name ?? '',
      teamId: optionalId(q.in_team, 'in_team'),
      channelId: optionalId(q.in_channel, 'in_channel'),
      limit: intParam(q.limit, 'limit', 100, 1, 1000),
    });
    return {
      users: result.users.map((u) => present(s, u)),
      ...(result.out_of_channel ? { out_of_channel: result.out_of_channel.map((u) => present(s, u)) } : {}),
    };
  });

  r.get('/api/v4/users/username/:username', async (req) => {
    const s = requireSession(req);
    return present(s, await app.users.getUserByUsername(s, (req.params as P).username ?? ''));
  });

  r.get('/api/v4/users/email/:email', async (req) => {
    const s = requireSession(req);
    return present(s, await app.users.getUserByEmail(s, (req.params as P).email ?? ''));
  });

  r.get('/api/v4/users/:user_id', async (req) => {
    const s = requireSession(req);
    return present(s, await app.users.getUser(s, userIdParam((req.params as P).user_id, s)));
  });

  r.put('/api/v4/users/:user_id/patch', { schema: { body: PatchUserBody } }, async (req) => {
    const s = requireSession(req);
    return present(s, await app.users.patchUser(s, userIdParam((req.params as P).user_id, s), req.body));
  });

  r.put('/api/v4/users/:user_id', { schema: { body: Type.Intersect([PatchUserBody, Type.Object({ id: Str(26) })]) } }, async (req) => {
    const s = requireSession(req);
    const userId = userIdParam((req.params as P).user_id, s);
    if (req.body.id !== userId) throw invalidBodyParam('id');
    const { id: _id, ...patch } = req.body;
    return present(s, await app.users.patchUser(s, userId, patch));
  });

  r.delete('/api/v4/users/:user_id', async (req) => {
    const s = requireSession(req);
    await app.users.updateActive(s, userIdParam((req.params as P).user_id, s), false);
    return STATUS_OK;
  });

  r.put('/api/v4/users/:user_id/active', { schema: { body: Type.Object({ active: Type.Boolean() }) } }, async (req) => {
    const s = requireSession(req);
    await app.users.updateActive(s, userIdParam((req.params as P).user_id, s), req.body.active);
    return STATUS_OK;
  });

  r.put('/api/v4/users/:user_id/roles', { schema: { body: Type.Object({ roles: Str(256) }) } }, async (req) => {
    const s = requireSession(req);
    await app.users.updateUserRoles(s, userIdParam((req.params as P).user_id, s), req.body.roles);
    return STATUS_OK;
  });

  r.put(
    '/api/v4/users/:user_id/password',
    { schema: { body: Type.Object({ current_password: Type.Optional(Str(256)), new_password: Str(256) }) } },
    async (req) => {
      const s = requireSession(req);
      await app.auth.updatePassword(s, userIdParam((req.params as P).user_id, s), req.body.current_password ?? '', req.body.new_password);
      return STATUS_OK;
    },
  );

  // Profile images: the uploaded one, else a generated default (also always at /image/default).
  const image = (uploaded: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const s = requireSession(req);
    const { user, png } = uploaded ? await app.users.getProfileImage(s, userIdParam((req.params as P).user_id, s)) : { user: await app.users.getUser(s, userIdParam((req.params as P).user_id, s)), png: undefined };
    // Clients add ?_=<last_picture_update> to the URL, so a changed picture is a new URL.
    reply.header('Cache-Control', 'max-age=300, private');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.type('image/png');
    return png ?? defaultProfileImage(user.id, user.username);
  };
  r.get('/api/v4/users/:user_id/image', image(true));
  r.get('/api/v4/users/:user_id/image/default', image(false));

  r.post('/api/v4/users/:user_id/image', async (req) => {
    const s = requireSession(req);
    const userId = userIdParam((req.params as P).user_id, s);
    if (!req.isMultipart()) throw badRequest('api.user.upload_profile_user.parse.app_error', 'Could not parse multipart form.');
    const data = await readOneFile(req, {
      field: 'image',
      maxBytes: MAX_PROFILE_IMAGE_BYTES,
      tooLarge: profileImageTooLarge,
      unreadable: (detail) => badRequest('api.user.upload_profile_user.parse.app_error', 'Could not parse multipart form.', detail),
    });
    if (!data) throw badRequest('api.user.upload_profile_user.no_file.app_error', 'No file under \'image\' in request.');
    await app.users.setProfileImage(s, userId, data);
    return STATUS_OK;
  });

  r.delete('/api/v4/users/:user_id/image', async (req) => {
    const s = requireSession(req);
    await app.users.resetProfileImage(s, userIdParam((req.params as P).user_id, s));
    return STATUS_OK;
  });

  // Sessions
  r.get('/api/v4/users/:user_id/sessions', async (req) => {
    const s = requireSession(req);
    return (await app.auth.getSessions(s, userIdParam((req.params as P).user_id, s))).map(presentSession);
  });
  r.post('/api/v4/users/:user_id/sessions/revoke', { schema: { body: Type.Object({ session_id: Str(26) }) } }, async (req) => {
    const s = requireSession(req);
    await app.auth.revokeSession(s, userIdParam((req.params as P).user_id, s), idParam(req.body.session_id, 'session_id'));
    return STATUS_OK;
  });
  r.post('/api/v4/users/:user_id/sessions/revoke/all', async (req) => {
    const s = requireSession(req);
    await app.auth.revokeAllSessions(s, userIdParam((req.params as P).user_id, s));
    return STATUS_OK;
  });

  // Personal access tokens
  r.post('/api/v4/users/:user_id/tokens', { schema: { body: Type.Object({ description: Str(512) }) } }, async (req) => {
    const s = requireSession(req);
    const token = await app.auth.createUserAccessToken(s, userIdParam((req.params as P).user_id, s), req.body.description);
    return presentUserAccessToken(token, true);
  });
  r.get('/api/v4/users/:user_id/tokens', async (req) => {
    const s = requireSession(req);
    const { offset, limit } = paging(req.query as Query);
    return (await app.auth.getUserAccessTokensForUser(s, userIdParam((req.params as P).user_id, s), offset, limit)).map((t) => presentUserAccessToken(t));
  });
  r.get('/api/v4/users/tokens/:token_id', async (req) => {
    const s = requireSession(req);
    return presentUserAccessToken(await app.auth.getUserAccessToken(s, idParam((req.params as P).token_id, 'token_id')));
  });
  const TokenIdBody = { schema: { body: Type.Object({ token_id: Str(26) }) } };
  r.post('/api/v4/users/tokens/revoke', TokenIdBody, async (req) => {
    await app.auth.revokeUserAccessToken(requireSession(req), idParam(req.body.token_id, 'token_id'));
    return STATUS_OK;
  });
  r.post('/api/v4/users/tokens/disable', TokenIdBody, async (req) => {
    await app.auth.setUserAccessTokenActive(requireSession(req), idParam(req.body.token_id, 'token_id'), false);
    return STATUS_OK;
  });
  r.post('/api/v4/users/tokens/enable', TokenIdBody, async (req) => {
    await app.auth.setUserAccessTokenActive(requireSession(req), idParam(req.body.token_id, 'token_id'), true);
    return STATUS_OK;
  });
}
