// /schemes and the scheme of a team or channel (Client4 createScheme, getSchemes, getScheme, patchScheme,
// deleteScheme, getTeamsForScheme, getChannelsForScheme, updateTeamScheme, updateChannelScheme).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { invalidParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { requireSession } from './auth.js';
import { idParam, paging, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const SchemeBody = Type.Object({ name: text(1000), display_name: text(1000), description: text(5000), scope: text(100) });
const PatchBody = Type.Object({ name: text(1000), display_name: text(1000), description: text(5000) });
// Checked by hand: Mattermost answers a missing, null or malformed scheme_id with invalid param scheme_id.
const SchemeIdBody = Type.Object({ scheme_id: Type.Optional(Type.Unknown()) });

type P = { scheme_id?: string; team_id?: string; channel_id?: string };
const schemeIdOf = (params: unknown) => idParam((params as P).scheme_id, 'scheme_id');

/** "" resets to the defaults; anything else must be an id. */
function schemeIdIn(body: { scheme_id?: unknown }): string {
  const id = body.scheme_id;
  if (typeof id !== 'string' || (id !== '' && !isValidId(id))) throw invalidParam('scheme_id');
  return id;
}

export function registerSchemeRoutes(r: Router, app: App): void {
  r.post('/api/v4/schemes', { schema: { body: SchemeBody } }, async (req, reply) => {
    const scheme = await app.schemes.createScheme(requireSession(req), req.body);
    reply.code(201);
    return scheme;
  });

  r.get('/api/v4/schemes', async (req) => {
    const q = req.query as Query;
    return app.schemes.getSchemes(requireSession(req), q.scope ?? '', paging(q));
  });

  r.get('/api/v4/schemes/:scheme_id', async (req) => app.schemes.getScheme(requireSession(req), schemeIdOf(req.params)));

  r.put('/api/v4/schemes/:scheme_id/patch', { schema: { body: PatchBody } }, async (req) =>
    app.schemes.patchScheme(requireSession(req), schemeIdOf(req.params), req.body),
  );

  r.delete('/api/v4/schemes/:scheme_id', async (req) => {
    await app.schemes.deleteScheme(requireSession(req), schemeIdOf(req.params));
    return STATUS_OK;
  });

  r.get('/api/v4/schemes/:scheme_id/teams', async (req) =>
    app.schemes.getTeamsForScheme(requireSession(req), schemeIdOf(req.params), paging(req.query as Query)),
  );

  r.get('/api/v4/schemes/:scheme_id/channels', async (req) =>
    app.schemes.getChannelsForScheme(requireSession(req), schemeIdOf(req.params), paging(req.query as Query)),
  );

  r.put('/api/v4/teams/:team_id/scheme', { schema: { body: SchemeIdBody } }, async (req) => {
    const s = requireSession(req);
    const teamId = idParam((req.params as P).team_id, 'team_id');
    await app.schemes.updateTeamScheme(s, teamId, schemeIdIn(req.body));
    return STATUS_OK;
  });

  r.put('/api/v4/channels/:channel_id/scheme', { schema: { body: SchemeIdBody } }, async (req) => {
    const s = requireSession(req);
    const channelId = idParam((req.params as P).channel_id, 'channel_id');
    await app.schemes.updateChannelScheme(s, channelId, schemeIdIn(req.body));
    return STATUS_OK;
  });
}
