// Guest accounts: POST /users/{id}/promote and /demote (Client4 promoteGuestToUser, demoteUserToGuest).
import type { App } from '../app/app.js';
import { requireSession } from './auth.js';
import { idParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const userIdOf = (params: unknown) => idParam((params as { user_id?: string }).user_id, 'user_id');

export function registerGuestRoutes(r: Router, app: App): void {
  r.post('/api/v4/users/:user_id/promote', async (req) => {
    await app.guests.promoteGuestToUser(requireSession(req), userIdOf(req.params));
    return STATUS_OK;
  });

  r.post('/api/v4/users/:user_id/demote', async (req) => {
    const session = requireSession(req);
    userIdOf(req.params);
    return app.guests.demoteUserToGuest(session);
  });
}
