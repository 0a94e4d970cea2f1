import type { App } from '../app/app.js';
import type { Router } from './router.js';
import type { Query } from './params.js';
import { AppError } from '../platform/errors.js';

export function registerSystemRoutes(r: Router, app: App): void {
  r.get('/api/v4/system/ping', { config: { auth: 'none' } }, async (req, reply) => {
    const q = req.query as Query;
    const status = await app.system.ping(q.get_server_status === 'true');
    if (status.status !== 'OK' && q.use_rest_semantics === 'true') reply.code(500);
    return status;
  });

  r.get('/api/v4/config/client', { config: { auth: 'optional' } }, async (req) => {
    const q = req.query as Query;
    if (q.format !== 'old') {
      throw new AppError('api.config.client.old_format.app_error', 'New format for the client configuration is not supported yet. Please specify ?format=old in the query string.', 501);
    }
    return { ...app.system.clientConfig(), NoAccounts: String(!(await app.system.hasAccounts())) };
  });

  r.get('/api/v4/license/client', { config: { auth: 'optional' } }, async (req) => {
    const q = req.query as Query;
    if (q.format !== 'old') {
      throw new AppError('api.license.client.old_format.app_error', 'New format for the client license is not supported yet. Please specify ?format=old in the query string.', 501);
    }
    return app.system.clientLicense();
  });
}
