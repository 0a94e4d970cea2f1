// /hooks/incoming and /hooks/outgoing (Client4 createIncomingWebhook … regenOutgoingHookToken), and the
// unauthenticated execution endpoints at the root, outside /api/v4: POST /hooks/{id} (an incoming webhook;
// the id is the secret) and POST /hooks/commands/{id} (a slash command's response_url).
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import type { IncomingWebhookRequest } from '../app/webhooks.js';
import { badRequest } from '../platform/errors.js';
import { presentIncomingWebhook, presentOutgoingWebhook } from '../presenters/integrations.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, paging, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Id = Type.String({ maxLength: 64 });

// Clients send whole hook objects; only the fields read here are declared, the rest is ignored.
const IncomingBody = Type.Object({
  id: Type.Optional(Id),
  channel_id: Id,
  team_id: Type.Optional(Id),
  user_id: Type.Optional(Id),
  display_name: Text(1000),
  description: Text(5000),
  username: Text(1000),
  icon_url: Text(4096),
  channel_locked: Type.Optional(Type.Boolean()),
});

const OutgoingBody = Type.Object({
  id: Type.Optional(Id),
  team_id: Id,
  channel_id: Type.Optional(Id),
  creator_id: Type.Optional(Id),
  trigger_words: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100 })),
  trigger_when: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  callback_urls: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100 })),
  display_name: Text(1000),
  description: Text(5000),
  content_type: Text(1000),
  username: Text(1000),
  icon_url: Text(4096),
});

type P = { hook_id: string };

/** Body of POST /hooks/{id}: JSON, or a form whose `payload` field holds the JSON (Slack's format). */
function parseIncomingRequest(req: FastifyRequest): IncomingWebhookRequest {
  const body = typeof req.body === 'string' ? req.body : '';
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const invalid = (detail: string) => badRequest('web.incoming_webhook.parse.app_error', 'Unable to parse incoming data.', detail);
  if (type === 'multipart/form-data') throw invalid('send JSON or an application/x-www-form-urlencoded payload field');
  const json = type === 'application/x-www-form-urlencoded' ? (new URLSearchParams(body).get('payload') ?? '') : body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('the payload is not a JSON object');
  return parsed as IncomingWebhookRequest;
}

export function registerWebhookRoutes(r: Router, app: App): void {
  // ---- incoming ----
  r.post('/api/v4/hooks/incoming', { schema: { body: IncomingBody } }, async (req, reply) => {
    const s = requireSession(req);
    reply.code(201);
    return presentIncomingWebhook(await app.webhooks.createIncomingWebhook(s, { ...req.body, channel_id: idParam(req.body.channel_id, 'channel_id') }));
  });

  r.get('/api/v4/hooks/incoming', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const teamId = q.team_id ? idParam(q.team_id, 'team_id') : undefined;
    const includeTotalCount = boolParam(q.include_total_count);
    const { hooks, totalCount } = await app.webhooks.getIncomingWebhooks(s, { teamId, page, perPage, includeTotalCount });
    const list = hooks.map(presentIncomingWebhook);
    return includeTotalCount ? { incoming_webhooks: list, total_count: totalCount ?? 0 } : list;
  });

  r.get('/api/v4/hooks/incoming/:hook_id', async (req) => {
    const s = requireSession(req);
    return presentIncomingWebhook(await app.webhooks.getIncomingWebhook(s, idParam((req.params as P).hook_id, 'hook_id')));
  });

  // Mattermost's updateIncomingHook answers 201.
  r.put('/api/v4/hooks/incoming/:hook_id', { schema: { body: IncomingBody } }, async (req, reply) => {
    const s = requireSession(req);
    const id = idParam((req.params as P).hook_id, 'hook_id');
    reply.code(201);
    return presentIncomingWebhook(await app.webhooks.updateIncomingWebhook(s, id, { ...req.body, channel_id: idParam(req.body.channel_id, 'channel_id') }));
  });

  r.delete('/api/v4/hooks/incoming/:hook_id', async (req) => {
    const s = requireSession(req);
    await app.webhooks.deleteIncomingWebhook(s, idParam((req.params as P).hook_id, 'hook_id'));
    return STATUS_OK;
  });

  // ---- outgoing ----
  r.post('/api/v4/hooks/outgoing', { schema: { body: OutgoingBody } }, async (req, reply) => {
    const s = requireSession(req);
    if (req.body.channel_id) idParam(req.body.channel_id, 'channel_id');
    reply.code(201);
    return presentOutgoingWebhook(await app.webhooks.createOutgoingWebhook(s, req.body));
  });

  r.get('/api/v4/hooks/outgoing', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const channelId = q.channel_id ? idParam(q.channel_id, 'channel_id') : undefined;
    const teamId = q.team_id ? idParam(q.team_id, 'team_id') : undefined;
    return (await app.webhooks.getOutgoingWebhooks(s, { channelId, teamId, page, perPage })).map(presentOutgoingWebhook);
  });

  r.get('/api/v4/hooks/outgoing/:hook_id', async (req) => {
    const s = requireSession(req);
    return presentOutgoingWebhook(await app.webhooks.getOutgoingWebhook(s, idParam((req.params as P).hook_id, 'hook_id')));
  });

  r.put('/api/v4/hooks/outgoing/:hook_id', { schema: { body: OutgoingBody } }, async (req) => {
    const s = requireSession(req);
    const id = idParam((req.params as P).hook_id, 'hook_id');
    if (req.body.channel_id) idParam(req.body.channel_id, 'channel_id');
    return presentOutgoingWebhook(await app.webhooks.updateOutgoingWebhook(s, id, req.body));
  });

  r.post('/api/v4/hooks/outgoing/:hook_id/regen_token', async (req) => {
    const s = requireSession(req);
    return presentOutgoingWebhook(await app.webhooks.regenOutgoingWebhookToken(s, idParam((req.params as P).hook_id, 'hook_id')));
  });

  r.delete('/api/v4/hooks/outgoing/:hook_id', async (req) => {
    const s = requireSession(req);
    await app.webhooks.deleteOutgoingWebhook(s, idParam((req.params as P).hook_id, 'hook_id'));
    return STATUS_OK;
  });

  // ---- execution, at the root ----
  // Its own scope: every body arrives as text (JSON, a Slack-style form, plain text for command answers)
  // and the handlers decide how to read it.
  void r.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 }, (_req, body, done) => done(null, body));

    scope.post('/hooks/:hook_id', { config: { auth: 'none' } }, async (req, reply) => {
      await app.webhooks.executeIncomingWebhook((req.params as P).hook_id, parseIncomingRequest(req));
      return reply.type('text/plain').send('ok');
    });

    scope.post('/hooks/commands/:hook_id', { config: { auth: 'none' } }, async (req, reply) => {
      const id = (req.params as P).hook_id;
      const body = typeof req.body === 'string' ? req.body : '';
      await app.commands.executeCommandWebhook(id, req.headers['content-type'], body);
      return reply.type('text/plain').send('ok');
    });
  });
}
