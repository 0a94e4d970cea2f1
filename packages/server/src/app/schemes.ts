// Permission schemes (Mattermost's app/scheme.go, api4/scheme.go): a system admin makes a team or channel
// scheme, whose roles start as copies of the current built-in ones, edits those roles through /roles, and
// assigns teams and channels to it; members there are then checked against the scheme's roles (see
// Authorizer and SchemeIndex). Mattermost needs a license for this and answers 501 without one; Parley
// offers it to everyone.
//
// Every change reloads this node's role table and scheme index before answering and emits the internal
// schemes_changed, on which every other node's hub does the same.
import { makeEvent } from '../events/event.js';
import type { SchemeRoleNames } from '../permissions/check.js';
import { badRequest, invalidParam, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { presentChannel, type WireChannel } from '../presenters/channel.js';
import { presentScheme, type WireScheme } from '../presenters/scheme.js';
import { presentTeam, type WireTeam } from '../presenters/team.js';
import type { StoredRole, StoredScheme } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import { SCHEME_ROLE_SLOTS } from './scheme-index.js';
import type { AuthSession } from './session.js';

/** Mattermost's IsValidSchemeName. */
const SCHEME_NAME = /^[a-z0-9_]{2,64}$/;
const DISPLAY_NAME_MAX = 128;
const DESCRIPTION_MAX = 1024;

const READ = 'sysconsole_read_user_management_permissions';
const WRITE = 'sysconsole_write_user_management_permissions';

export interface SchemeInput {
  name?: string;
  display_name?: string;
  description?: string;
  scope?: string;
}

export interface SchemePatch {
  name?: string;
  display_name?: string;
  description?: string;
}

const invalidScheme = (detail: string) => badRequest('app.scheme.save.invalid_scheme.app_error', 'The scheme is not valid.', detail);
const schemeNotFound = (id: string) => notFound('app.scheme.get.app_error', 'Unable to get the scheme.', `id=${id}`);

function validate(s: Pick<StoredScheme, 'name' | 'display_name' | 'description'>): void {
  if (!SCHEME_NAME.test(s.name)) throw invalidScheme('name must be 2-64 lowercase letters, digits or underscores');
  if (s.display_name.length === 0 || s.display_name.length > DISPLAY_NAME_MAX) throw invalidScheme('display_name must be 1-128 characters');
  if (s.description.length > DESCRIPTION_MAX) throw invalidScheme('description is longer than 1024 characters');
}

export class SchemeService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private async get(id: string): Promise<StoredScheme> {
    const scheme = await this.ctx.store.schemes.get(id);
    if (!scheme) throw schemeNotFound(id);
    return scheme;
  }

  /** Applies the change here before the answer; the other nodes follow on schemes_changed. */
  private async changed(): Promise<void> {
    await this.app.roles.load();
  }

  /** POST /schemes. */
  async createScheme(session: AuthSession, input: SchemeInput): Promise<WireScheme> {
    this.app.authz.requireSystem(session, WRITE);
    const scope = input.scope;
    if (scope !== 'team' && scope !== 'channel') throw invalidScheme('scope must be team or channel');
    const now = this.ctx.clock.now();
    const scheme: StoredScheme = {
      id: newId(),
      name: input.name ?? '',
      display_name: input.display_name ?? '',
      description: input.description ?? '',
      scope,
      default_team_admin_role: '',
      default_team_user_role: '',
      default_team_guest_role: '',
      default_channel_admin_role: '',
      default_channel_user_role: '',
      default_channel_guest_role: '',
      create_at: now,
      update_at: now,
      delete_at: 0,
    };
    validate(scheme);
    // Each role is named by a fresh id, as Mattermost does, and starts with the built-in role's current
    // permissions (an administrator's edits included).
    const roles: StoredRole[] = [];
    for (const slot of SCHEME_ROLE_SLOTS) {
      if (slot.teamOnly && scope === 'channel') continue;
      const name = newId();
      scheme[slot.field] = name;
      roles.push({ name, permissions: [...(this.app.roles.table.get(slot.base) ?? [])], create_at: now, update_at: now });
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      if (!(await tx.schemes.save(scheme))) throw invalidScheme(`a scheme named ${scheme.name} exists already`);
      for (const role of roles) await tx.roles.save(role);
      emit(makeEvent('schemes_changed', { scheme_id: scheme.id }, { all: true }));
    });
    await this.changed();
    return presentScheme(scheme);
  }

  /** GET /schemes/{id}. */
  async getScheme(session: AuthSession, id: string): Promise<WireScheme> {
    this.app.authz.requireSystem(session, READ);
    return presentScheme(await this.get(id));
  }

  /** GET /schemes?scope=&page=&per_page=. */
  async getSchemes(session: AuthSession, scope: string, page: { offset: number; limit: number }): Promise<WireScheme[]> {
    this.app.authz.requireSystem(session, READ);
    if (scope !== '' && scope !== 'team' && scope !== 'channel') throw invalidParam('scope');
    const rows = await this.ctx.store.schemes.getPage(scope === '' ? undefined : scope, page.offset, page.limit);
    return rows.map(presentScheme);
  }

  /** PUT /schemes/{id}/patch: name, display name and description. */
  async patchScheme(session: AuthSession, id: string, patch: SchemePatch): Promise<WireScheme> {
    this.app.authz.requireSystem(session, WRITE);
    const old = await this.get(id);
    const next: StoredScheme = {
      ...old,
      name: patch.name ?? old.name,
      display_name: patch.display_name ?? old.display_name,
      description: patch.description ?? old.description,
      update_at: this.ctx.clock.now(),
    };
    validate(next);
    await inTransaction(this.ctx, async (tx, emit) => {
      if (!(await tx.schemes.update(next))) throw invalidScheme(`a scheme named ${next.name} exists already`);
      // The roles' display names carry the scheme's name.
      emit(makeEvent('schemes_changed', { scheme_id: id }, { all: true }));
    });
    await this.changed();
    return presentScheme(next);
  }

  /** DELETE /schemes/{id}: its teams and channels go back to the built-in roles. */
  async deleteScheme(session: AuthSession, id: string): Promise<WireScheme> {
    this.app.authz.requireSystem(session, WRITE);
    const scheme = await this.get(id);
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.schemes.delete(scheme, now);
      emit(makeEvent('schemes_changed', { scheme_id: id }, { all: true }));
    });
    await this.changed();
    return presentScheme({ ...scheme, delete_at: now, update_at: now });
  }

  /** GET /schemes/{id}/teams. */
  async getTeamsForScheme(session: AuthSession, id: string, page: { offset: number; limit: number }): Promise<WireTeam[]> {
    this.app.authz.requireSystem(session, 'sysconsole_read_user_management_teams');
    const scheme = await this.get(id);
    if (scheme.scope !== 'team') throw badRequest('api.scheme.get_teams_for_scheme.scope.error', 'Unable to get the teams for scheme because the supplied scheme is not a team scheme.');
    const ids = await this.ctx.store.schemes.teamIds(id, page.offset, page.limit);
    const teams = new Map((await this.ctx.store.teams.getMany(ids)).map((t) => [t.id, t]));
    const showEmail = this.ctx.config.settings.showEmailAddress || session.isSystemAdmin;
    return ids.flatMap((tid) => {
      const team = teams.get(tid);
      return team ? [presentTeam(team, { canManage: true, showEmail })] : [];
    });
  }

  /** GET /schemes/{id}/channels. */
  async getChannelsForScheme(session: AuthSession, id: string, page: { offset: number; limit: number }): Promise<WireChannel[]> {
    this.app.authz.requireSystem(session, 'sysconsole_read_user_management_channels');
    const scheme = await this.get(id);
    if (scheme.scope !== 'channel') throw badRequest('api.scheme.get_channels_for_scheme.scope.error', 'Unable to get the channels for scheme because the supplied scheme is not a channel scheme.');
    const ids = await this.ctx.store.schemes.channelIds(id, page.offset, page.limit);
    const channels = new Map((await this.ctx.store.channels.getMany(ids)).map((c) => [c.id, c]));
    return ids.flatMap((cid) => {
      const channel = channels.get(cid);
      return channel ? [presentChannel(channel)] : [];
    });
  }

  /** PUT /teams/{id}/scheme {scheme_id}: "" puts the team back on the built-in roles. */
  async updateTeamScheme(session: AuthSession, teamId: string, schemeId: string): Promise<void> {
    this.app.authz.requireSystem(session, WRITE);
    if (schemeId !== '') {
      const scheme = await this.get(schemeId);
      if (scheme.scope !== 'team') throw badRequest('api.team.update_team_scheme.scheme_scope.error', 'Unable to set the scheme to the team because the supplied scheme is not a team scheme.');
    }
    const team = await this.ctx.store.teams.get(teamId);
    if (!team || team.delete_at > 0) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.', `id=${teamId}`);
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.schemes.setTeamScheme(teamId, schemeId || null, now);
      emit(makeEvent('schemes_changed', { team_id: teamId }, { all: true }));
      const next = { ...team, scheme_id: schemeId || null, update_at: now };
      emit(makeEvent('update_team_scheme', { team: JSON.stringify(presentTeam(next, { canManage: false })) }, { teamId }));
    });
    await this.changed();
  }

  /** PUT /channels/{id}/scheme {scheme_id}: "" puts the channel back on its team's roles. */
  async updateChannelScheme(session: AuthSession, channelId: string, schemeId: string): Promise<void> {
    this.app.authz.requireSystem(session, WRITE);
    if (schemeId !== '') {
      const scheme = await this.get(schemeId);
      if (scheme.scope !== 'channel') throw badRequest('api.channel.update_channel_scheme.scheme_scope.error', 'Unable to set the scheme to the channel because the supplied scheme is not a channel scheme.');
    }
    const channel = await this.ctx.store.channels.get(channelId);
    if (!channel || channel.delete_at > 0) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.', `id=${channelId}`);
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.schemes.setChannelScheme(channelId, schemeId || null, now);
      emit(makeEvent('schemes_changed', { channel_id: channelId }, { all: true }));
      const next = { ...channel, scheme_id: schemeId || null, update_at: now };
      emit(makeEvent('channel_updated', { channel: JSON.stringify(presentChannel(next)) }, { channelId }));
    });
    await this.changed();
  }

  /**
   * The role names a channel's members hold through its scheme or its team's; undefined means the built-in
   * roles. Reads the channel only when some team has a scheme and the channel has none of its own.
   */
  async channelRoleNames(channelId: string): Promise<SchemeRoleNames | undefined> {
    const schemes = this.app.roles.schemes;
    if (schemes.channelHasScheme(channelId) || !schemes.anyTeamScheme) return schemes.channelRoles(channelId, undefined);
    const channel = await this.ctx.store.channels.get(channelId);
    return schemes.channelRoles(channelId, channel?.team_id);
  }

  /** channelRoleNames for many channels, reading the channels needed in one query. */
  async channelRoleNamesMany(channelIds: readonly string[]): Promise<Map<string, SchemeRoleNames | undefined>> {
    const schemes = this.app.roles.schemes;
    const unknownTeam = schemes.anyTeamScheme ? channelIds.filter((id) => !schemes.channelHasScheme(id)) : [];
    const teamOf = new Map((await this.ctx.store.channels.getMany([...new Set(unknownTeam)])).map((c) => [c.id, c.team_id]));
    return new Map(channelIds.map((id) => [id, schemes.channelRoles(id, teamOf.get(id))]));
  }
}
