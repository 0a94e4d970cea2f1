// MFA routes (Client4 generateMfaSecret, updateUserMfa, checkUserMfa) and the revoke-everyone route
// (revokeSessionsForAllUsers). The two setup routes stay open to a user whom enforced MFA otherwise locks out.
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { invalidBodyParam } from '../platform/errors.js';
import { requireSession } from './auth.js';
import { userIdParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

type P = { user_id: string };

export function registerMfaRoutes(r: Router, app: App): void {
  r.post('/api/v4/users/:user_id/mfa/generate', { config: { mfaExempt: true } }, async (req, reply) => {
    const s = requireSession(req);
    const secret = await app.mfa.generateSecret(s, userIdParam((req.params as P).user_id, s));
    // The secret is a credential: no cache may keep it.
    reply.header('Cache-Control', 'no-cache').header('Pragma', 'no-cache').header('Expires', '0');
    return secret;
  });

  r.put(
    '/api/v4/users/:user_id/mfa',
    { schema: { body: Type.Object({ activate: Type.Optional(Type.Unknown()), code: Type.Optional(Type.Unknown()) }) }, config: { mfaExempt: true } },
    async (req, reply) => {
      const s = requireSession(req);
      const userId = userIdParam((req.params as P).user_id, s);
      const { activate, code } = req.body;
      if (typeof activate !== 'boolean') throw invalidBodyParam('activate');
      if (!activate) {
        await app.mfa.deactivate(s, userId);
        return STATUS_OK;
      }
      if (typeof code !== 'string' || code === '' || code.length > 64) throw invalidBodyParam('code');
      const recoveryCodes = await app.mfa.activate(s, userId, code);
      reply.header('Cache-Control', 'no-cache');
      // Parley extension: the one-time recovery codes are shown in the activation answer only.
      return { ...STATUS_OK, recovery_codes: recoveryCodes };
    },
  );

  r.post('/api/v4/users/mfa', { schema: { body: Type.Object({ login_id: Type.Optional(Type.String({ maxLength: 256 })) }) }, config: { auth: 'none' } }, async (req) => {
    const loginId = req.body.login_id ?? '';
    if (loginId === '') throw invalidBodyParam('login_id');
    return { mfa_required: await app.mfa.isRequired(loginId) };
  });

  r.post('/api/v4/users/sessions/revoke/all', async (req) => {
    await app.auth.revokeSessionsFromAllUsers(requireSession(req));
    return STATUS_OK;
  });
}
