// /bots (Client4 createBot, getBots, getBotsIncludeDeleted, getBotsOrphaned, getBot, patchBot, disableBot,
// enableBot, assignBot). Mattermost's api4/bot.go.
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { AppError, badRequest } from '../platform/errors.js';
import { presentBot } from '../presenters/bot.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, paging, type Query } from './params.js';
import { readOneFile } from './multipart.js';
import { STATUS_OK, type Router } from './router.js';

const BotBody = Type.Object({
  username: Type.Optional(Type.String({ maxLength: 1000 })),
  display_name: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
});

type P = { bot_user_id: string };

/** SVG icons are small; Mattermost caps them at MaxFileSize. */
const MAX_ICON_BYTES = 1024 * 1024;
type PA = P & { user_id: string };

export function registerBotRoutes(r: Router, app: App): void {
  r.post('/api/v4/bots', { schema: { body: BotBody } }, async (req, reply) => {
    const s = requireSession(req);
    const bot = await app.bots.createBot(s, req.body);
    reply.code(201);
    return presentBot(bot);
  });

  r.get('/api/v4/bots', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const { offset, limit } = paging(q);
    const bots = await app.bots.getBots(s, { includeDeleted: boolParam(q.include_deleted), onlyOrphaned: boolParam(q.only_orphaned), offset, limit });
    return bots.map(presentBot);
  });

  r.get<{ Params: P }>('/api/v4/bots/:bot_user_id', async (req) => {
    const s = requireSession(req);
    const id = idParam(req.params.bot_user_id, 'bot_user_id');
    return presentBot(await app.bots.getBot(s, id, boolParam((req.query as Query).include_deleted)));
  });

  r.put('/api/v4/bots/:bot_user_id', { schema: { body: BotBody } }, async (req) => {
    const s = requireSession(req);
    return presentBot(await app.bots.patchBot(s, idParam((req.params as P).bot_user_id, 'bot_user_id'), req.body));
  });

  r.post<{ Params: P }>('/api/v4/bots/:bot_user_id/disable', async (req) => {
    const s = requireSession(req);
    return presentBot(await app.bots.updateBotActive(s, idParam(req.params.bot_user_id, 'bot_user_id'), false));
  });

  r.post<{ Params: P }>('/api/v4/bots/:bot_user_id/enable', async (req) => {
    const s = requireSession(req);
    return presentBot(await app.bots.updateBotActive(s, idParam(req.params.bot_user_id, 'bot_user_id'), true));
  });

  r.post<{ Params: PA }>('/api/v4/bots/:bot_user_id/assign/:user_id', async (req) => {
    const s = requireSession(req);
    return presentBot(await app.bots.assignBot(s, idParam(req.params.bot_user_id, 'bot_user_id'), idParam(req.params.user_id, 'user_id')));
  });

  // Icons: SVG only, as in Mattermost; served as a sandboxed image.
  r.get<{ Params: P }>('/api/v4/bots/:bot_user_id/icon', async (req, reply) => {
    const s = requireSession(req);
    const svg = await app.bots.getBotIcon(s, idParam(req.params.bot_user_id, 'bot_user_id'));
    reply.header('Cache-Control', 'max-age=86400, private');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    reply.type('image/svg+xml');
    return svg;
  });

  r.post<{ Params: P }>('/api/v4/bots/:bot_user_id/icon', async (req) => {
    const s = requireSession(req);
    const id = idParam(req.params.bot_user_id, 'bot_user_id');
    if (!req.isMultipart()) throw badRequest('api.bot.set_bot_icon_image.parse.app_error', 'Could not parse multipart form.');
    const data = await readOneFile(req, {
      field: 'image',
      maxBytes: MAX_ICON_BYTES,
      tooLarge: () => new AppError('api.bot.set_bot_icon_image.too_large.app_error', 'Unable to upload the icon. File is too large.', 400),
      unreadable: (detail) => badRequest('api.bot.set_bot_icon_image.parse.app_error', 'Could not parse multipart form.', detail),
    });
    if (!data) throw badRequest('api.bot.set_bot_icon_image.no_file.app_error', "No file under 'image' in request.");
    await app.bots.setBotIcon(s, id, data);
    return STATUS_OK;
  });

  r.delete<{ Params: P }>('/api/v4/bots/:bot_user_id/icon', async (req) => {
    const s = requireSession(req);
    await app.bots.deleteBotIcon(s, idParam(req.params.bot_user_id, 'bot_user_id'));
    return STATUS_OK;
  });

  r.post<{ Params: { user_id: string } }>('/api/v4/users/:user_id/convert_to_bot', async (req) => {
    const s = requireSession(req);
    return presentBot(await app.bots.convertUserToBot(s, idParam(req.params.user_id, 'user_id')));
  });
}
