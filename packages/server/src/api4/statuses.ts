import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { invalidBodyParam } from '../platform/errors.js';
import { presentStatus } from '../presenters/status.js';
import { requireSession } from './auth.js';
import { idParam, userIdParam } from './params.js';
import type { Router } from './router.js';

export function registerStatusRoutes(r: Router, app: App): void {
  r.get('/api/v4/users/:user_id/status', async (req) => {
    const s = requireSession(req);
    return presentStatus(await app.statuses.getStatus(s, userIdParam((req.params as { user_id: string }).user_id, s)));
  });
  r.post('/api/v4/users/status/ids', { schema: { body: Type.Array(Type.String(), { maxItems: 1000 }) } }, async (req) => {
    const s = requireSession(req);
    const ids = req.body.map((id) => idParam(id, 'user_ids'));
    return (await app.statuses.getStatusesByIds(s, ids)).map(presentStatus);
  });
  r.put(
    '/api/v4/users/:user_id/status',
    { schema: { body: Type.Object({ user_id: Type.String(), status: Type.String(), dnd_end_time: Type.Optional(Type.Integer()) }) } },
    async (req) => {
      const s = requireSession(req);
      const userId = userIdParam((req.params as { user_id: string }).user_id, s);
      if (req.body.user_id !== userId) throw invalidBodyParam('user_id');
      return presentStatus(await app.statuses.updateStatus(s, userId, req.body.status, req.body.dnd_end_time ?? 0));
    },
  );
}
