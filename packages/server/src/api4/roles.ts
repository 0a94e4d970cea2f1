// /roles: the built-in roles in Mattermost's Role shape (Client4 getRole, getRoleByName, getRolesByNames,
// patchRole; GET /roles is the System Console's list).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { requireSession } from './auth.js';
import { idParam } from './params.js';
import type { Router } from './router.js';

const NamesBody = Type.Array(Type.String({ maxLength: 128 }), { maxItems: 200 });
const PatchBody = Type.Object({ permissions: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 1000 })) });

const roleIdOf = (params: unknown) => idParam((params as { role_id?: string }).role_id, 'role_id');

export function registerRoleRoutes(r: Router, app: App): void {
  r.get('/api/v4/roles', async (req) => app.roles.getAllRoles(requireSession(req)));

  r.get('/api/v4/roles/:role_id', async (req) => {
    requireSession(req);
    return app.roles.getRole(roleIdOf(req.params));
  });

  r.get('/api/v4/roles/name/:role_name', async (req) => {
    requireSession(req);
    return app.roles.getRoleByName((req.params as { role_name: string }).role_name);
  });

  r.post('/api/v4/roles/names', { schema: { body: NamesBody } }, async (req) => {
    requireSession(req);
    return app.roles.getRolesByNames(req.body);
  });

  r.put('/api/v4/roles/:role_id/patch', { schema: { body: PatchBody } }, async (req) => {
    const session = requireSession(req);
    return app.roles.patchRole(session, roleIdOf(req.params), req.body);
  });
}
