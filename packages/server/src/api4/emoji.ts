// /emoji: custom emoji (Client4 createCustomEmoji, getCustomEmoji*, searchCustomEmoji, autocompleteCustomEmoji).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { MAX_EMOJI_BYTES } from '../app/emoji.js';
import { AppError, badRequest, invalidBodyParam, invalidUrlParam } from '../platform/errors.js';
import { presentEmoji } from '../presenters/emoji.js';
import { requireSession } from './auth.js';
import { readOneFile } from './multipart.js';
import { idParam, paging, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const NamesBody = Type.Array(Type.String({ maxLength: 128 }), { maxItems: 200 });
const SearchBody = Type.Object({ term: Type.String({ maxLength: 128 }), prefix_only: Type.Optional(Type.Boolean()) });
const AUTOCOMPLETE_LIMIT = 100;
const SEARCH_LIMIT = 200;

type P = { emoji_id: string; name: string };

function parseEmojiField(value: string): { name: string; creator_id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidBodyParam('emoji');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidBodyParam('emoji');
  const { name, creator_id: creatorId } = parsed as { name?: unknown; creator_id?: unknown };
  if (typeof name !== 'string' || typeof creatorId !== 'string') throw invalidBodyParam('emoji');
  return { name, creator_id: creatorId };
}

const tooLarge = () => new AppError('api.emoji.create.too_large.app_error', 'Unable to create emoji. Image must be less than 1 MB in size.', 413);

export function registerEmojiRoutes(r: Router, app: App): void {
  r.post('/api/v4/emoji', async (req, reply) => {
    const s = requireSession(req);
    if (!req.isMultipart()) throw badRequest('api.emoji.create.parse.app_error', 'Unable to create emoji. Could not understand request.');
    let emoji: { name: string; creator_id: string } | undefined;
    const image = await readOneFile(req, {
      field: 'image',
      maxBytes: MAX_EMOJI_BYTES,
      tooLarge,
      unreadable: (detail) => badRequest('api.emoji.create.parse.app_error', 'Unable to create emoji. Could not understand request.', detail),
      onField: (name, value) => {
        if (name === 'emoji') emoji = parseEmojiField(value);
      },
    });
    if (!emoji) throw invalidBodyParam('emoji');
    if (!image) throw badRequest('api.emoji.create.no_image.app_error', 'Unable to create emoji. Request must contain an image.');
    reply.code(201);
    return presentEmoji(await app.emoji.createEmoji(s, emoji, image));
  });

  r.get('/api/v4/emoji', async (req) => {
    const s = requireSession(req);
    const q = req.query as Query;
    const sort = q.sort ?? '';
    if (sort !== '' && sort !== 'name') throw invalidUrlParam('sort');
    const { page, perPage } = paging(q);
    return (await app.emoji.listEmoji(s, { page, perPage, sortByName: sort === 'name' })).map(presentEmoji);
  });

  r.post('/api/v4/emoji/names', { schema: { body: NamesBody } }, async (req) => {
    const s = requireSession(req);
    if (req.body.length === 0) throw invalidBodyParam('names');
    return (await app.emoji.getEmojisByNames(s, req.body)).map(presentEmoji);
  });

  r.post('/api/v4/emoji/search', { schema: { body: SearchBody } }, async (req) => {
    const s = requireSession(req);
    if (req.body.term.trim() === '') throw invalidBodyParam('term');
    return (await app.emoji.searchEmoji(s, req.body.term, req.body.prefix_only ?? false, SEARCH_LIMIT)).map(presentEmoji);
  });

  r.get('/api/v4/emoji/autocomplete', async (req) => {
    const s = requireSession(req);
    const name = (req.query as Query).name ?? '';
    if (name === '' || name.length > 128) throw invalidUrlParam('name');
    return (await app.emoji.searchEmoji(s, name, true, AUTOCOMPLETE_LIMIT)).map(presentEmoji);
  });

  r.get('/api/v4/emoji/name/:name', async (req) => {
    const s = requireSession(req);
    return presentEmoji(await app.emoji.getEmojiByName(s, (req.params as P).name));
  });

  r.get('/api/v4/emoji/:emoji_id', async (req) => {
    const s = requireSession(req);
    return presentEmoji(await app.emoji.getEmoji(s, idParam((req.params as P).emoji_id, 'emoji_id')));
  });

  r.get('/api/v4/emoji/:emoji_id/image', async (req, reply) => {
    const s = requireSession(req);
    const { data, type } = await app.emoji.getEmojiImage(s, idParam((req.params as P).emoji_id, 'emoji_id'));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'private, max-age=2592000');
    reply.header('Content-Disposition', 'inline');
    reply.type(type);
    return reply.send(data);
  });

  r.delete('/api/v4/emoji/:emoji_id', async (req) => {
    const s = requireSession(req);
    await app.emoji.deleteEmoji(s, idParam((req.params as P).emoji_id, 'emoji_id'));
    return STATUS_OK;
  });
}
