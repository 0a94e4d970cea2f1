// System Console channel administration: GET /channels (Client4 getAllChannels), POST /channels/search
// (searchAllChannels) and POST /channels/{id}/move (no Client4 method; the console calls it directly).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { presentChannel } from '../presenters/channel.js';
import { presentChannelWithTeam } from '../presenters/channel-with-team.js';
import { invalidParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, paging, type Query } from './params.js';
import type { Router } from './router.js';

const Opt = Type.Optional;
const SearchBody = Type.Object({
  term: Opt(Type.String({ maxLength: 256 })),
  team_ids: Opt(Type.Array(Type.String({ maxLength: 26 }), { maxItems: 200 })),
  public: Opt(Type.Boolean()),
  private: Opt(Type.Boolean()),
  deleted: Opt(Type.Boolean()),
  include_deleted: Opt(Type.Boolean()),
  exclude_default_channels: Opt(Type.Boolean()),
  include_search_by_id: Opt(Type.Boolean()),
  page: Opt(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  per_page: Opt(Type.Integer({ minimum: 0, maximum: 200 })),
});
// Mattermost reads force and team_id by type from a map; anything else is an invalid parameter.
const MoveBody = Type.Record(Type.String(), Type.Unknown());

const channelIdOf = (params: unknown) => idParam((params as { channel_id?: string }).channel_id, 'channel_id');

export function registerChannelAdminRoutes(r: Router, app: App): void {
  r.get('/api/v4/channels', async (req) => {
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const { channels, totalCount } = await app.channelAdmin.getAllChannels(requireSession(req), {
      page,
      perPage,
      includeDeleted: boolParam(q.include_deleted),
      excludeDefaultChannels: boolParam(q.exclude_default_channels),
    });
    const list = channels.map(presentChannelWithTeam);
    return boolParam(q.include_total_count) ? { channels: list, total_count: await totalCount() } : list;
  });

  r.post('/api/v4/channels/search', { schema: { body: SearchBody } }, async (req) => {
    const session = requireSession(req);
    const q = req.query as Query;
    const b = req.body;
    const teamIds = b.team_ids ?? [];
    if (!teamIds.every(isValidId)) throw invalidParam('team_ids');
    const { channels, totalCount } = await app.channelAdmin.searchAllChannels(
      session,
      {
        term: b.term ?? '',
        teamIds,
        ...(b.public !== undefined ? { public: b.public } : {}),
        ...(b.private !== undefined ? { private: b.private } : {}),
        deleted: b.deleted === true,
        includeDeleted: b.include_deleted === true || boolParam(q.include_deleted),
        excludeDefaultChannels: b.exclude_default_channels === true,
        searchById: b.include_search_by_id === true,
        ...(b.page !== undefined && b.per_page !== undefined ? { page: b.page, perPage: b.per_page } : {}),
      },
      q.system_console !== 'false',
    );
    const list = channels.map(presentChannelWithTeam);
    return b.page !== undefined && b.per_page !== undefined ? { channels: list, total_count: totalCount } : list;
  });

  r.post('/api/v4/channels/:channel_id/move', { schema: { body: MoveBody } }, async (req) => {
    const session = requireSession(req);
    const channelId = channelIdOf(req.params);
    const { team_id: teamId, force } = req.body;
    if (typeof teamId !== 'string') throw invalidParam('team_id');
    if (typeof force !== 'boolean') throw invalidParam('force');
    return presentChannel(await app.channelAdmin.moveChannel(session, channelId, idParam(teamId, 'team_id'), force));
  });
}
