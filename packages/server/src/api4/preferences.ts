import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { notFound } from '../platform/errors.js';
import { requireSession } from './auth.js';
import { userIdParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

const Preferences = Type.Array(
  Type.Object({ user_id: Type.String(), category: Type.String(), name: Type.String(), value: Type.String() }),
  { maxItems: 100 },
);
type UserParams = { user_id: string; category?: string; name?: string };

export function registerPreferenceRoutes(r: Router, app: App): void {
  r.get('/api/v4/users/:user_id/preferences', async (req) => {
    const s = requireSession(req);
    return app.preferences.getPreferences(s, userIdParam((req.params as UserParams).user_id, s));
  });
  r.get('/api/v4/users/:user_id/preferences/:category', async (req) => {
    const s = requireSession(req);
    const p = req.params as UserParams;
    return app.preferences.getPreferences(s, userIdParam(p.user_id, s), p.category);
  });
  r.get('/api/v4/users/:user_id/preferences/:category/name/:name', async (req) => {
    const s = requireSession(req);
    const p = req.params as UserParams;
    const [pref] = await app.preferences.getPreferences(s, userIdParam(p.user_id, s), p.category, p.name);
    if (!pref) throw notFound('app.preference.get.app_error', 'Unable to find preference.');
    return pref;
  });
  r.put('/api/v4/users/:user_id/preferences', { schema: { body: Preferences } }, async (req) => {
    const s = requireSession(req);
    await app.preferences.updatePreferences(s, userIdParam((req.params as UserParams).user_id, s), req.body);
    return STATUS_OK;
  });
  r.post('/api/v4/users/:user_id/preferences/delete', { schema: { body: Preferences } }, async (req) => {
    const s = requireSession(req);
    await app.preferences.deletePreferences(s, userIdParam((req.params as UserParams).user_id, s), req.body);
    return STATUS_OK;
  });
}
