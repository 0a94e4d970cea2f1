// Synced drafts: POST /drafts, GET /users/{uid}/teams/{tid}/drafts, DELETE /users/{uid}/channels/{cid}/drafts[/{root_id}].
// The Connection-Id header names the caller's WebSocket connection, which the draft events then skip.
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import { presentDraft } from '../presenters/draft.js';
import { requireSession } from './auth.js';
import { idParam, userIdParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const Obj = Type.Record(Type.String(), Type.Unknown());

// Clients send whole Draft objects; only the fields read here are declared.
const DraftBody = Type.Object({
  channel_id: Type.String({ maxLength: 64 }),
  root_id: Type.Optional(Type.String({ maxLength: 64 })),
  message: Type.Optional(Type.String()),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  props: Type.Optional(Obj),
  file_ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 })),
  priority: Type.Optional(Obj),
});

type P = { user_id: string; team_id: string; channel_id: string; root_id?: string };

/** Client4 sends the header even without a connection, as "undefined". */
function connectionIdOf(req: FastifyRequest): string {
  const v = req.headers['connection-id'];
  const id = Array.isArray(v) ? v[0] : v;
  return id && id !== 'undefined' && id.length <= 64 ? id : '';
}

export function registerDraftRoutes(r: Router, app: App): void {
  r.post('/api/v4/drafts', { schema: { body: DraftBody } }, async (req, reply) => {
    const s = requireSession(req);
    const b = req.body;
    const draft = await app.drafts.upsertDraft(
      s,
      {
        channel_id: b.channel_id,
        root_id: b.root_id,
        message: b.message,
        type: b.type,
        props: b.props,
        file_ids: b.file_ids,
        priority: b.priority,
      },
      connectionIdOf(req),
    );
    reply.code(201);
    // An empty message deletes the draft; Mattermost then answers 201 with null.
    return draft ? presentDraft(draft) : null;
  });

  r.get('/api/v4/users/:user_id/teams/:team_id/drafts', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    const drafts = await app.drafts.getDraftsForUser(s, userIdParam(p.user_id, s), idParam(p.team_id, 'team_id'));
    return drafts.map(presentDraft);
  });

  const remove = async (req: FastifyRequest) => {
    const s = requireSession(req);
    const p = req.params as P;
    const rootId = p.root_id ? idParam(p.root_id, 'thread_id') : '';
    await app.drafts.deleteDraft(s, userIdParam(p.user_id, s), idParam(p.channel_id, 'channel_id'), rootId, connectionIdOf(req));
    return STATUS_OK;
  };
  r.delete('/api/v4/users/:user_id/channels/:channel_id/drafts', remove);
  r.delete('/api/v4/users/:user_id/channels/:channel_id/drafts/:root_id', remove);
}
