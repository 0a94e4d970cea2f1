// /reactions and the reaction listings under /posts and /users.
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { invalidBodyParam, invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentReaction } from '../presenters/post.js';
import { requireSession } from './auth.js';
import { idParam, userIdParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const ReactionBody = Type.Object({
  user_id: Type.String({ maxLength: 64 }),
  post_id: Type.String({ maxLength: 64 }),
  emoji_name: Type.String({ maxLength: 128 }),
});

const IdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });

// Mattermost's route pattern for emoji names; anything else never reaches the handler there.
const EMOJI_PARAM = /^[A-Za-z0-9_\-+]+$/;

type P = { user_id: string; post_id: string; emoji_name: string };

export function registerReactionRoutes(r: Router, app: App): void {
  // addReaction
  r.post('/api/v4/reactions', { schema: { body: ReactionBody } }, async (req) => {
    const s = requireSession(req);
    return presentReaction(await app.reactions.saveReaction(s, req.body));
  });

  // removeReaction
  r.delete('/api/v4/users/:user_id/posts/:post_id/reactions/:emoji_name', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    if (!EMOJI_PARAM.test(p.emoji_name ?? '')) throw invalidUrlParam('emoji_name');
    await app.reactions.deleteReaction(s, userIdParam(p.user_id, s), idParam(p.post_id, 'post_id'), p.emoji_name);
    return STATUS_OK;
  });

  // getReactionsForPost
  r.get('/api/v4/posts/:post_id/reactions', async (req) => {
    const s = requireSession(req);
    return (await app.reactions.getReactions(s, idParam((req.params as P).post_id, 'post_id'))).map(presentReaction);
  });

  r.post('/api/v4/posts/ids/reactions', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    const ids = req.body.map((id) => {
      if (!isValidId(id)) throw invalidBodyParam('post_ids');
      return id;
    });
    const byPost = await app.reactions.getBulkReactions(s, ids);
    return Object.fromEntries(Object.entries(byPost).map(([id, list]) => [id, list.map(presentReaction)]));
  });
}
