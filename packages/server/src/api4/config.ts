// /config (Client4 getConfig, updateConfig, patchConfig, reloadConfig, getEnvironmentConfig). Mattermost's
// api4/config.go; GET /config/client stays in system.ts.
import type { FastifyReply } from 'fastify';
import type { App } from '../app/app.js';
import { requireSession } from './auth.js';
import { STATUS_OK, type Router } from './router.js';

/** Configuration answers are never cached (Mattermost sets the same header). */
function noCache(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-cache, no-store, must-revalidate');
}

export function registerConfigRoutes(r: Router, app: App): void {
  r.get('/api/v4/config', async (req, reply) => {
    const config = app.configAdmin.getConfig(requireSession(req));
    noCache(reply);
    return config;
  });

  r.put('/api/v4/config', async (req, reply) => {
    const config = await app.configAdmin.saveConfig(requireSession(req), req.body, 'update');
    noCache(reply);
    return config;
  });

  r.put('/api/v4/config/patch', async (req, reply) => {
    const config = await app.configAdmin.saveConfig(requireSession(req), req.body, 'patch');
    noCache(reply);
    return config;
  });

  r.post('/api/v4/config/reload', async (req, reply) => {
    await app.configAdmin.reloadConfig(requireSession(req));
    noCache(reply);
    return STATUS_OK;
  });

  r.get('/api/v4/config/environment', async (req, reply) => {
    const env = app.configAdmin.getEnvironmentConfig(requireSession(req));
    noCache(reply);
    return env;
  });
}
