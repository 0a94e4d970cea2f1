// The access class of every route, keyed "METHOD /template". test/api/authz-routes.test.ts walks the live
// route table and fails on a route missing here (or an entry whose route is gone), then generates one cell per
// route × actor from the class. Classes describe Mattermost's default roles as seen by these actors:
//
//   anon        no session
//   outsider    a system_user on no team
//   teamMember  on team T, not in private channel X
//   member      on T, in X, created X (its channel admin) and everything else the fixtures own; the user
//               named by :user_id
//   peer        on T, in X as a plain channel member; a second plain user, refused on :user_id routes
//   admin       system admin, on no team
//
// To classify a new route: add `'METHOD /path': { access: … }` below. Pick the narrowest class the handler
// enforces (several classes in a list must all hold); give `body` when the route's schema requires fields
// (a 400 from validation would hide the authorization answer), `denied: 404` where Mattermost hides the
// target's existence, and `destructive` when an allowed call deletes, deactivates, revokes or moves a fixture.
// Placeholders in `params` and the default path values are described in authz-routes.test.ts (World).

export const ACTORS = ['anon', 'outsider', 'teamMember', 'member', 'peer', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export type Requirement =
  | 'authenticated' // any session
  | 'self' // the user named by :user_id (member)
  | 'owner' // the creator of the target (member): own post, emoji, draft…
  | 'team_member' // on team T
  | 'team_admin' // manage_team and friends on T: among the actors only the system admin
  | 'channel_reader' // read_channel on private channel X
  | 'post_reader' // read_channel on the channel of :post_id (in X)
  | 'channel_admin' // channel admin of X (member)
  | 'system_admin';

export type Access = 'public' | Requirement | Requirement[];
export type Outcome = 'allowed' | 401 | 403 | 404;

/** The ids the fixtures provide, named as the test refers to them. */
export interface WorldIds {
  users: Record<Exclude<Actor, 'anon'> | 'spare', { id: string; username: string; email: string }>;
  T: string;
  Tname: string;
  X: string;
  Xname: string;
  /** member's post in X, and peer's reply to it (so pX is a thread). */
  pX: string;
  rX: string;
  /** A file member attached to a post in X. */
  file: string;
  emoji: string;
  emojiName: string;
  /** member's personal access token (created by the admin). */
  tokenId: string;
  inHook: string;
  outHook: string;
  command: string;
  /** A session id of member's (one the test does not use). */
  session: string;
  /** Present when the server has these routes. */
  bot: string;
  roleId: string;
  config: unknown;
}

export interface RouteSpec {
  access: Access;
  /** What a refused, signed-in actor gets: 403 unless Mattermost hides existence (404). */
  denied?: 403 | 404 | Partial<Record<Actor, 403 | 404>>;
  /** A valid body for the actor (refused actors send it too, so only authorization can refuse them). */
  body?: (w: WorldIds, actor: Actor) => unknown;
  /** A multipart body instead. */
  form?: (w: WorldIds, actor: Actor) => FormData;
  query?: (w: WorldIds) => string;
  /** Path values other than the defaults (see defaultParam in the test). */
  params?: Record<string, (w: WorldIds) => string>;
  /** Allowed calls change the fixtures in a way later cells would notice: they run on a throwaway world. */
  destructive?: boolean;
  /** Per-actor outcomes that differ from what the class gives ('allowed' = neither 401 nor 403). */
  expect?: Partial<Record<Actor, Outcome>>;
  /** Serves the web client's HTML, not the API: 503 (bundle not built) is an answer, not a failure. */
  html?: boolean;
  /** Why a route is classified unusually. */
  why?: string;
}

const DRAFTS_ARE_PRIVATE = 'drafts belong to their author alone, even among system admins';
const COMMAND_HIDDEN = 'without manage_slash_commands a command is answered as not found, so its id does not leak';
const postBody = (w: WorldIds) => ({ channel_id: w.X, message: 'authz matrix post' });
const searchBody = () => ({ terms: 'matrix', is_or_search: false, page: 0, per_page: 10 });
const self = (w: WorldIds, actor: Actor) => (actor === 'anon' ? w.users.member.id : w.users[actor].id);
let seq = 0;
const NO_SCHEME = 'schemeidthatdoesnotexist00';
const fresh = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

export const ROUTE_SPECS: Record<string, RouteSpec> = {
  // ---- system ----
  'GET /api/v4/system/ping': { access: 'public' },
  'GET /api/v4/config/client': { access: 'public', query: () => 'format=old' },
  'GET /api/v4/license/client': { access: 'public', query: () => 'format=old' },
  'GET /api/v4/websocket': { access: 'public', why: 'authenticates in-band (authentication_challenge) or by cookie on upgrade' },
  'GET /': { access: 'public', html: true, why: 'the web client' },
  'GET /*': { access: 'public', html: true, why: 'the web client' },
  'GET /api/v4/analytics/old': { access: 'system_admin', why: 'get_analytics' },
  'GET /api/v4/users/stats': { access: 'authenticated' },
  'GET /api/v4/users/stats/filtered': { access: 'system_admin', why: 'sysconsole_read_user_management_users' },
  'GET /api/v4/logs': { access: 'system_admin', why: 'get_logs' },
  'POST /api/v4/logs/query': { access: 'system_admin', why: 'get_logs', body: () => ({ log_levels: ['error'] }) },
  'POST /api/v4/logs': {
    access: 'authenticated',
    expect: { anon: 403 },
    why: 'session-optional; without EnableDeveloper an anonymous client log is refused with 403',
    body: () => ({ level: 'ERROR', message: 'from the matrix' }),
  },

  // ---- system console ----
  'GET /api/v4/config': { access: 'system_admin' },
  'PUT /api/v4/config': { access: 'system_admin', why: 'sends back the current configuration', body: (w) => w.config },
  'PUT /api/v4/config/patch': { access: 'system_admin', body: () => ({}) },
  'POST /api/v4/config/reload': { access: 'system_admin' },
  'GET /api/v4/config/environment': { access: 'system_admin' },
  'GET /api/v4/audits': { access: 'system_admin' },
  'GET /api/v4/roles': { access: 'system_admin', why: 'sysconsole_read_user_management_permissions' },
  'GET /api/v4/roles/:role_id': { access: 'authenticated' },
  'GET /api/v4/roles/name/:role_name': { access: 'authenticated' },
  'POST /api/v4/roles/names': { access: 'authenticated', body: () => ['system_user', 'team_user'] },
  'PUT /api/v4/roles/:role_id/patch': { access: 'system_admin', why: 'an empty patch changes nothing', body: () => ({}) },
  'POST /api/v4/schemes': {
    access: 'system_admin',
    why: 'sysconsole_write_user_management_permissions',
    body: () => ({ name: fresh('authz_'), display_name: 'Matrix scheme', scope: 'channel' }),
  },
  'GET /api/v4/schemes': { access: 'system_admin', why: 'sysconsole_read_user_management_permissions' },
  // No fixture scheme: an unknown id is refused before it is looked up, and is a 404 for the admin.
  'GET /api/v4/schemes/:scheme_id': { access: 'system_admin', params: { scheme_id: () => NO_SCHEME } },
  'PUT /api/v4/schemes/:scheme_id/patch': { access: 'system_admin', params: { scheme_id: () => NO_SCHEME }, body: () => ({}) },
  'DELETE /api/v4/schemes/:scheme_id': { access: 'system_admin', params: { scheme_id: () => NO_SCHEME } },
  'GET /api/v4/schemes/:scheme_id/teams': { access: 'system_admin', why: 'sysconsole_read_user_management_teams', params: { scheme_id: () => NO_SCHEME } },
  'GET /api/v4/schemes/:scheme_id/channels': { access: 'system_admin', why: 'sysconsole_read_user_management_channels', params: { scheme_id: () => NO_SCHEME } },
  'PUT /api/v4/teams/:team_id/scheme': { access: 'system_admin', why: '"" keeps T on the default roles', body: () => ({ scheme_id: '' }) },
  'PUT /api/v4/channels/:channel_id/scheme': { access: 'system_admin', why: '"" keeps X on its team’s roles', body: () => ({ scheme_id: '' }) },

  // ---- users: sign-up, login, recovery ----
  'POST /api/v4/users': {
    access: 'system_admin',
    expect: { anon: 403 },
    why: 'sign-up is session-optional; with open sign-up off only an admin creates accounts, and anonymous callers get 403',
    body: () => {
      const u = fresh('az');
      return { username: u, email: `${u}@example.com`, password: 'Passw0rd!long' };
    },
  },
  'POST /api/v4/users/login': { access: 'public', body: (w) => ({ login_id: w.users.spare.username, password: 'Passw0rd!long' }) },
  'POST /api/v4/users/password/reset/send': { access: 'public', body: () => ({ email: 'nobody@example.com' }) },
  'POST /api/v4/users/password/reset': { access: 'public', body: () => ({ token: 'x'.repeat(64), new_password: 'Passw0rd!long' }) },
  'POST /api/v4/users/email/verify/send': { access: 'public', body: () => ({ email: 'nobody@example.com' }) },
  'POST /api/v4/users/email/verify': { access: 'public', body: () => ({ token: 'x'.repeat(64) }) },
  'POST /api/v4/users/mfa': { access: 'public', body: (w) => ({ login_id: w.users.spare.username }) },
  'POST /api/v4/users/sessions/revoke/all': { access: 'system_admin', destructive: true, why: "revokes every user's sessions" },
  'POST /api/v4/users/logout': { access: 'public', destructive: true, why: 'ends the caller session' },

  // ---- users: directory ----
  'GET /api/v4/users': { access: 'authenticated' },
  'POST /api/v4/users/ids': { access: 'authenticated', body: (w) => [w.users.peer.id] },
  'POST /api/v4/users/usernames': { access: 'authenticated', body: (w) => [w.users.peer.username] },
  'POST /api/v4/users/search': { access: 'authenticated', body: () => ({ term: 'az' }) },
  'GET /api/v4/users/autocomplete': { access: 'authenticated', query: () => 'name=az' },
  'GET /api/v4/users/username/:username': { access: 'authenticated' },
  'GET /api/v4/users/email/:email': { access: 'authenticated' },
  'GET /api/v4/users/:user_id': { access: 'authenticated' },
  'GET /api/v4/users/:user_id/image': { access: 'authenticated' },
  'GET /api/v4/users/:user_id/image/default': { access: 'authenticated' },
  'GET /api/v4/users/:user_id/status': { access: 'authenticated' },
  'POST /api/v4/users/status/ids': { access: 'authenticated', body: (w) => [w.users.peer.id] },

  // ---- users: the account itself ----
  'PUT /api/v4/users/:user_id/patch': { access: 'self', body: () => ({ nickname: 'matrix' }) },
  'PUT /api/v4/users/:user_id': { access: 'self', body: (w) => ({ id: w.users.member.id, username: w.users.member.username, email: w.users.member.email, nickname: 'matrix' }) },
  'DELETE /api/v4/users/:user_id': { access: 'self', destructive: true },
  'PUT /api/v4/users/:user_id/active': { access: 'self', body: () => ({ active: false }), destructive: true },
  'PUT /api/v4/users/:user_id/roles': { access: 'system_admin', body: () => ({ roles: 'system_user' }), destructive: true },
  'PUT /api/v4/users/:user_id/password': { access: 'self', body: () => ({ current_password: 'Passw0rd!long', new_password: 'Passw0rd!long2' }), destructive: true },
  'POST /api/v4/users/:user_id/image': { access: 'self', form: () => imageForm('image') },
  'DELETE /api/v4/users/:user_id/image': { access: 'self' },
  'GET /api/v4/users/:user_id/sessions': { access: 'self' },
  'POST /api/v4/users/:user_id/sessions/revoke': { access: 'self', body: (w) => ({ session_id: w.session }), destructive: true },
  'POST /api/v4/users/:user_id/sessions/revoke/all': { access: 'self', destructive: true },
  'POST /api/v4/users/:user_id/tokens': { access: 'system_admin', why: 'create_user_access_token: system admins only by default', body: () => ({ description: 'matrix' }) },
  'GET /api/v4/users/:user_id/tokens': { access: 'system_admin', why: 'read_user_access_token: system admins only by default' },
  'GET /api/v4/users/tokens/:token_id': { access: 'system_admin', why: 'read_user_access_token: system admins only by default' },
  'POST /api/v4/users/tokens/revoke': { access: 'system_admin', body: (w) => ({ token_id: w.tokenId }), destructive: true },
  'POST /api/v4/users/tokens/disable': { access: 'system_admin', body: (w) => ({ token_id: w.tokenId }) },
  'POST /api/v4/users/tokens/enable': { access: 'system_admin', body: (w) => ({ token_id: w.tokenId }) },
  'GET /api/v4/users/:user_id/preferences': { access: 'self' },
  'GET /api/v4/users/:user_id/preferences/:category': { access: 'self' },
  'GET /api/v4/users/:user_id/preferences/:category/name/:name': { access: 'self' },
  'PUT /api/v4/users/:user_id/preferences': { access: 'self', body: (w) => [{ user_id: w.users.member.id, category: 'display_settings', name: 'use_military_time', value: 'false' }] },
  'POST /api/v4/users/:user_id/preferences/delete': { access: 'self', body: (w) => [{ user_id: w.users.member.id, category: 'authz', name: 'none', value: '' }] },
  'PUT /api/v4/users/:user_id/status': { access: 'self', body: (w) => ({ user_id: w.users.member.id, status: 'online' }) },
  'GET /api/v4/users/:user_id/posts/flagged': { access: 'self' },
  'GET /api/v4/users/:user_id/audits': { access: 'self' },
  'POST /api/v4/users/:user_id/mfa/generate': { access: 'self', why: 'MFA is off: an allowed caller gets 501' },
  'PUT /api/v4/users/:user_id/mfa': { access: 'self', body: () => ({ activate: false }) },

  // ---- bots ----
  'POST /api/v4/bots': { access: 'system_admin', why: 'create_bot: system admins only by default', body: () => ({ username: fresh('azbot') }) },
  'GET /api/v4/bots': { access: 'system_admin', why: 'read_bots / read_others_bots: system admins only by default' },
  'GET /api/v4/bots/:bot_user_id': { access: 'system_admin', denied: 404 },
  'PUT /api/v4/bots/:bot_user_id': { access: 'system_admin', denied: 404, body: () => ({ description: 'matrix' }) },
  'POST /api/v4/bots/:bot_user_id/disable': { access: 'system_admin', denied: 404 },
  'POST /api/v4/bots/:bot_user_id/enable': { access: 'system_admin', denied: 404 },
  'POST /api/v4/bots/:bot_user_id/assign/:user_id': { access: 'system_admin', denied: 404, destructive: true },
  'GET /api/v4/bots/:bot_user_id/icon': { access: 'system_admin', denied: 404 },
  'POST /api/v4/bots/:bot_user_id/icon': { access: 'system_admin', denied: 404, form: () => imageForm('image') },
  'DELETE /api/v4/bots/:bot_user_id/icon': { access: 'system_admin', denied: 404 },
  'POST /api/v4/users/:user_id/convert_to_bot': { access: 'system_admin', destructive: true },
  'POST /api/v4/users/:user_id/promote': { access: 'system_admin', why: 'promote_guest', destructive: true },
  'POST /api/v4/users/:user_id/demote': { access: 'system_admin', why: 'demote_to_guest', destructive: true },

  // ---- teams ----
  'POST /api/v4/teams': { access: 'authenticated', body: () => ({ name: fresh('azt'), display_name: 'Matrix', type: 'I' }) },
  'GET /api/v4/teams': { access: 'authenticated' },
  'GET /api/v4/teams/:team_id': { access: 'team_member' },
  'PUT /api/v4/teams/:team_id': { access: 'team_admin', body: (w) => ({ id: w.T, name: w.Tname, display_name: 'Matrix Team', type: 'I' }) },
  'PUT /api/v4/teams/:team_id/patch': { access: 'team_admin', body: () => ({ description: 'matrix' }) },
  'DELETE /api/v4/teams/:team_id': { access: 'team_admin', destructive: true },
  'POST /api/v4/teams/:team_id/regenerate_invite_id': { access: 'team_admin' },
  'GET /api/v4/teams/:team_id/stats': { access: 'team_member' },
  'GET /api/v4/teams/name/:team_name': { access: 'team_member' },
  'GET /api/v4/teams/name/:team_name/exists': { access: 'authenticated' },
  'GET /api/v4/teams/:team_id/members': { access: 'team_member' },
  'GET /api/v4/teams/:team_id/members/:user_id': { access: 'team_member' },
  'POST /api/v4/teams/:team_id/members/ids': { access: 'team_member', body: (w) => [w.users.peer.id] },
  'POST /api/v4/teams/:team_id/members': { access: 'team_member', why: 'add_user_to_team is a team_user permission', body: (w) => ({ team_id: w.T, user_id: w.users.spare.id }) },
  'POST /api/v4/teams/:team_id/members/batch': { access: 'team_member', body: (w) => [{ team_id: w.T, user_id: w.users.spare.id }] },
  'DELETE /api/v4/teams/:team_id/members/:user_id': { access: ['self', 'team_member'], why: 'leaving is allowed; removing another needs remove_user_from_team', destructive: true },
  'POST /api/v4/teams/members/invite': { access: 'authenticated', why: 'joins by invite id or token, checked against the invite' },
  'PUT /api/v4/teams/:team_id/members/:user_id/schemeRoles': { access: 'team_admin', body: () => ({ scheme_admin: false, scheme_user: true }) },
  'GET /api/v4/users/:user_id/teams': { access: 'self' },
  'GET /api/v4/users/:user_id/teams/members': { access: 'self' },
  'GET /api/v4/users/:user_id/teams/unread': { access: 'self' },
  'GET /api/v4/users/:user_id/teams/:team_id/unread': { access: ['self', 'team_member'] },
  'PUT /api/v4/users/:user_id/teams/:team_id/read': { access: ['self', 'team_member'] },

  // ---- channels ----
  'POST /api/v4/channels': { access: 'team_member', body: (w) => ({ team_id: w.T, name: fresh('azc'), display_name: 'Matrix', type: 'O' }) },
  'POST /api/v4/channels/direct': { access: 'authenticated', body: (w, a) => [self(w, a), w.users.spare.id] },
  'POST /api/v4/channels/group': { access: 'authenticated', body: (w, a) => [self(w, a), w.users.spare.id, a === 'teamMember' ? w.users.peer.id : w.users.teamMember.id] },
  'GET /api/v4/channels/:channel_id': { access: 'channel_reader' },
  'PUT /api/v4/channels/:channel_id': { access: 'channel_reader', why: 'manage_private_channel_properties is a channel_user permission', body: (w) => ({ id: w.X, team_id: w.T, name: w.Xname, display_name: 'Private X', type: 'P', header: 'matrix' }) },
  'PUT /api/v4/channels/:channel_id/patch': { access: 'channel_reader', body: () => ({ purpose: 'matrix' }) },
  'PUT /api/v4/channels/:channel_id/privacy': { access: 'team_admin', why: 'convert_private_channel_to_public is a team admin permission', body: () => ({ privacy: 'O' }), destructive: true },
  'DELETE /api/v4/channels/:channel_id': { access: 'channel_reader', why: 'delete_private_channel is a channel_user permission', destructive: true },
  'POST /api/v4/channels/:channel_id/restore': { access: 'team_admin' },
  'GET /api/v4/channels/:channel_id/stats': { access: 'channel_reader' },
  'GET /api/v4/teams/:team_id/channels': { access: 'team_member' },
  'GET /api/v4/teams/:team_id/channels/deleted': { access: 'team_member' },
  'POST /api/v4/teams/:team_id/channels/ids': { access: 'team_member', body: (w) => [w.X] },
  'POST /api/v4/channels/group/search': { access: 'authenticated', body: () => ({ term: 'az' }) },
  'POST /api/v4/teams/:team_id/channels/search': {
    access: 'team_member',
    denied: 404,
    why: 'Parley answers a non-member with 404 (app.team.get_member.missing); Mattermost checks list_team_channels (403)',
    body: () => ({ term: 'az' }),
  },
  'GET /api/v4/teams/:team_id/channels/autocomplete': { access: 'team_member', query: () => 'name=az' },
  'GET /api/v4/teams/:team_id/channels/name/:channel_name': { access: 'channel_reader', denied: 404, why: 'a private channel by name is hidden from non-members' },
  'GET /api/v4/teams/name/:team_name/channels/name/:channel_name': { access: 'channel_reader', denied: 404, why: 'a private channel by name is hidden from non-members' },
  'GET /api/v4/users/:user_id/teams/:team_id/channels': { access: ['self', 'team_member'] },
  'GET /api/v4/users/:user_id/channels': { access: 'self' },
  'GET /api/v4/users/:user_id/teams/:team_id/channels/members': { access: ['self', 'team_member'] },
  'GET /api/v4/users/:user_id/channel_members': { access: 'self' },
  'GET /api/v4/users/:user_id/channels/:channel_id/unread': { access: ['self', 'channel_reader'] },
  'GET /api/v4/channels/:channel_id/members': { access: 'channel_reader' },
  'GET /api/v4/channels/:channel_id/members/:user_id': { access: 'channel_reader' },
  'POST /api/v4/channels/:channel_id/members/ids': { access: 'channel_reader', body: (w) => [w.users.peer.id] },
  'POST /api/v4/channels/:channel_id/members': { access: 'channel_reader', body: (w) => ({ user_id: w.users.spare.id }) },
  'DELETE /api/v4/channels/:channel_id/members/:user_id': { access: 'channel_reader', why: 'manage_private_channel_members is a channel_user permission', destructive: true },
  'PUT /api/v4/channels/:channel_id/members/:user_id/notify_props': { access: ['self', 'channel_reader'], body: () => ({ desktop: 'default' }) },
  'PUT /api/v4/channels/:channel_id/members/:user_id/schemeRoles': { access: 'channel_admin', params: { user_id: (w) => w.users.peer.id }, body: () => ({ scheme_admin: false, scheme_user: true }) },
  'POST /api/v4/channels/members/:user_id/view': { access: 'self', body: (w) => ({ channel_id: w.X }) },
  'GET /api/v4/channels': { access: 'system_admin', why: 'sysconsole_read_user_management_channels' },
  'POST /api/v4/channels/search': { access: 'system_admin', why: 'sysconsole_read_user_management_channels', body: () => ({ term: 'az' }) },
  'POST /api/v4/channels/:channel_id/move': { access: 'system_admin', body: (w) => ({ team_id: w.T, force: true }), destructive: true },
  'POST /api/v4/channels/members/:user_id/mark_read': { access: 'self', body: (w) => [w.X] },

  // ---- posts ----
  'POST /api/v4/posts': { access: 'channel_reader', body: postBody },
  'POST /api/v4/posts/ephemeral': { access: 'system_admin', body: (w) => ({ user_id: w.users.member.id, post: postBody(w) }) },
  'POST /api/v4/posts/search': { access: 'authenticated', body: searchBody },
  'POST /api/v4/teams/:team_id/posts/search': { access: 'team_member', body: searchBody },
  'POST /api/v4/posts/ids': { access: 'authenticated', why: 'answers only the readable posts', body: (w) => [w.pX] },
  'GET /api/v4/posts/:post_id': { access: 'post_reader' },
  'PUT /api/v4/posts/:post_id': { access: 'owner', body: (w) => ({ id: w.pX, message: 'edited by the matrix' }) },
  'PUT /api/v4/posts/:post_id/patch': { access: 'owner', body: () => ({ message: 'patched by the matrix' }) },
  'DELETE /api/v4/posts/:post_id': { access: 'owner', destructive: true },
  'GET /api/v4/posts/:post_id/thread': { access: 'post_reader' },
  'GET /api/v4/posts/:post_id/edit_history': { access: 'owner', expect: { admin: 403 }, why: 'only the author sees the edit history, even among admins' },
  'POST /api/v4/posts/:post_id/pin': { access: 'post_reader' },
  'POST /api/v4/posts/:post_id/unpin': { access: 'post_reader' },
  'GET /api/v4/channels/:channel_id/posts': { access: 'channel_reader' },
  'GET /api/v4/channels/:channel_id/pinned': { access: 'channel_reader' },
  'GET /api/v4/users/:user_id/channels/:channel_id/posts/unread': { access: ['self', 'channel_reader'] },
  'POST /api/v4/users/:user_id/posts/:post_id/set_unread': { access: ['self', 'post_reader'] },
  'POST /api/v4/users/:user_id/posts/:post_id/ack': { access: ['self', 'post_reader'] },
  'DELETE /api/v4/users/:user_id/posts/:post_id/ack': { access: ['self', 'post_reader'] },
  'POST /api/v4/users/:user_id/posts/:post_id/reminder': { access: ['self', 'post_reader'], body: () => ({ target_time: Math.floor(Date.now() / 1000) + 3600 }) },
  'POST /api/v4/posts/:post_id/actions/:action_id': { access: 'post_reader', why: 'read_channel on the post; the action id is unknown, so allowed callers get 404', body: () => ({}) },
  'POST /api/v4/actions/dialogs/open': { access: 'public', why: 'integrations call it with a trigger id instead of a session', body: () => ({ trigger_id: 'unknown', url: 'http://127.0.0.1:9/none', dialog: {} }) },
  'POST /api/v4/actions/dialogs/submit': {
    access: ['team_member', 'channel_reader'],
    body: (w) => ({ url: 'http://127.0.0.1:9/none', callback_id: 'matrix', state: '', channel_id: w.X, team_id: w.T, submission: {}, cancelled: true }),
  },
  'POST /api/v4/reactions': { access: 'post_reader', body: (w, a) => ({ user_id: self(w, a), post_id: w.pX, emoji_name: 'tada' }) },
  'DELETE /api/v4/users/:user_id/posts/:post_id/reactions/:emoji_name': { access: ['self', 'post_reader'] },
  'GET /api/v4/posts/:post_id/reactions': { access: 'post_reader' },
  'POST /api/v4/posts/ids/reactions': { access: 'post_reader', why: 'read_channel on the channel of every post in the body', body: (w) => [w.pX] },

  // ---- threads and drafts ----
  'GET /api/v4/users/:user_id/teams/:team_id/threads': { access: ['self', 'team_member'] },
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/read': { access: ['self', 'team_member'] },
  'GET /api/v4/users/:user_id/teams/:team_id/threads/:thread_id': { access: ['self', 'team_member', 'post_reader'] },
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/read/:timestamp': { access: ['self', 'team_member', 'post_reader'] },
  'POST /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/set_unread/:post_id': { access: ['self', 'team_member', 'post_reader'], params: { post_id: (w) => w.rX } },
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/following': { access: ['self', 'team_member', 'post_reader'] },
  'DELETE /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/following': { access: ['self', 'team_member', 'post_reader'] },
  'POST /api/v4/drafts': { access: 'channel_reader', body: (w) => ({ channel_id: w.X, message: 'matrix draft' }) },
  'GET /api/v4/users/:user_id/teams/:team_id/drafts': { access: ['self', 'team_member'], expect: { admin: 403 }, why: DRAFTS_ARE_PRIVATE },
  'DELETE /api/v4/users/:user_id/channels/:channel_id/drafts': { access: ['self', 'channel_reader'], expect: { admin: 403 }, why: DRAFTS_ARE_PRIVATE },
  'DELETE /api/v4/users/:user_id/channels/:channel_id/drafts/:root_id': { access: ['self', 'channel_reader'], expect: { admin: 403 }, why: DRAFTS_ARE_PRIVATE },

  // ---- files ----
  'POST /api/v4/files': { access: 'channel_reader', form: (w) => fileForm(w.X) },
  'GET /api/v4/files/:file_id': { access: 'channel_reader' },
  'GET /api/v4/files/:file_id/thumbnail': { access: 'channel_reader' },
  'GET /api/v4/files/:file_id/preview': { access: 'channel_reader' },
  'GET /api/v4/files/:file_id/info': { access: 'channel_reader' },
  'GET /api/v4/files/:file_id/link': { access: 'channel_reader' },
  'GET /files/:file_id/public': { access: 'public', why: 'authorised by the link hash, not a session' },
  'POST /api/v4/files/search': { access: 'authenticated', body: searchBody },
  'POST /api/v4/teams/:team_id/files/search': { access: 'team_member', body: searchBody },
  'GET /api/v4/posts/:post_id/files/info': { access: 'post_reader' },

  // ---- emoji ----
  'POST /api/v4/emoji': { access: 'authenticated', form: (w, a) => emojiForm(self(w, a)) },
  'GET /api/v4/emoji': { access: 'authenticated' },
  'POST /api/v4/emoji/names': { access: 'authenticated', body: (w) => [w.emojiName] },
  'POST /api/v4/emoji/search': { access: 'authenticated', body: () => ({ term: 'az' }) },
  'GET /api/v4/emoji/autocomplete': { access: 'authenticated', query: () => 'name=az' },
  'GET /api/v4/emoji/name/:name': { access: 'authenticated', params: { name: (w) => w.emojiName } },
  'GET /api/v4/emoji/:emoji_id': { access: 'authenticated' },
  'GET /api/v4/emoji/:emoji_id/image': { access: 'authenticated' },
  'DELETE /api/v4/emoji/:emoji_id': { access: 'owner', destructive: true },

  // ---- integrations ----
  'POST /api/v4/hooks/incoming': { access: ['team_admin', 'channel_reader'], why: 'manage_incoming_webhooks is a team admin permission', body: (w) => ({ channel_id: w.X, display_name: 'matrix' }) },
  'GET /api/v4/hooks/incoming': { access: 'team_admin', query: (w) => `team_id=${w.T}` },
  'GET /api/v4/hooks/incoming/:hook_id': { access: 'team_admin', params: { hook_id: (w) => w.inHook } },
  'PUT /api/v4/hooks/incoming/:hook_id': { access: 'team_admin', params: { hook_id: (w) => w.inHook }, body: (w) => ({ id: w.inHook, channel_id: w.X, display_name: 'matrix' }) },
  'DELETE /api/v4/hooks/incoming/:hook_id': { access: 'team_admin', params: { hook_id: (w) => w.inHook }, destructive: true },
  'POST /api/v4/hooks/outgoing': { access: 'team_admin', body: (w) => ({ team_id: w.T, trigger_words: [fresh('aztrig')], callback_urls: ['http://127.0.0.1:9/none'] }) },
  'GET /api/v4/hooks/outgoing': { access: 'team_admin', query: (w) => `team_id=${w.T}` },
  'GET /api/v4/hooks/outgoing/:hook_id': { access: 'team_admin', params: { hook_id: (w) => w.outHook } },
  'PUT /api/v4/hooks/outgoing/:hook_id': {
    access: 'team_admin',
    params: { hook_id: (w) => w.outHook },
    body: (w) => ({ id: w.outHook, team_id: w.T, trigger_words: ['azmatrixtrigger'], callback_urls: ['http://127.0.0.1:9/none'] }),
  },
  'POST /api/v4/hooks/outgoing/:hook_id/regen_token': { access: 'team_admin', params: { hook_id: (w) => w.outHook } },
  'DELETE /api/v4/hooks/outgoing/:hook_id': { access: 'team_admin', params: { hook_id: (w) => w.outHook }, destructive: true },
  'POST /api/v4/commands': { access: 'team_admin', body: (w) => ({ team_id: w.T, trigger: fresh('az'), url: 'http://127.0.0.1:9/none', method: 'P' }) },
  'GET /api/v4/commands': { access: 'team_admin', query: (w) => `team_id=${w.T}&custom_only=true` },
  'POST /api/v4/commands/execute': { access: 'channel_reader', body: (w) => ({ command: '/away', channel_id: w.X, team_id: w.T }) },
  'GET /api/v4/commands/:command_id': { access: 'team_admin', denied: 404, why: COMMAND_HIDDEN },
  'PUT /api/v4/commands/:command_id': { access: 'team_admin', denied: 404, why: COMMAND_HIDDEN, body: (w) => ({ id: w.command, team_id: w.T, trigger: 'azmatrix', url: 'http://127.0.0.1:9/none', method: 'P' }) },
  'PUT /api/v4/commands/:command_id/regen_token': { access: 'team_admin', denied: 404, why: COMMAND_HIDDEN },
  'DELETE /api/v4/commands/:command_id': { access: 'team_admin', denied: 404, why: COMMAND_HIDDEN, destructive: true },
  'GET /api/v4/teams/:team_id/commands/autocomplete': { access: 'team_member' },
  'GET /api/v4/teams/:team_id/commands/autocomplete_suggestions': { access: 'team_member', query: (w) => `user_input=${encodeURIComponent('/aw')}&channel_id=${w.X}` },
  'POST /hooks/:hook_id': { access: 'public', why: 'authorised by the secret hook id', params: { hook_id: (w) => w.inHook }, body: () => ({ text: 'from the matrix' }) },
  'POST /hooks/commands/:hook_id': { access: 'public', why: 'authorised by the secret command-webhook id' },
};

// A 1×1 PNG, enough for image and emoji uploads.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function imageForm(field: string): FormData {
  const fd = new FormData();
  fd.append(field, new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'matrix.png');
  return fd;
}

export function fileForm(channelId: string): FormData {
  const fd = new FormData();
  fd.append('channel_id', channelId);
  fd.append('files', new Blob(['matrix file'], { type: 'text/plain' }), 'matrix.txt');
  return fd;
}

export function emojiForm(creatorId: string, name = fresh('az')): FormData {
  const fd = imageForm('image');
  fd.append('emoji', JSON.stringify({ name, creator_id: creatorId }));
  return fd;
}
