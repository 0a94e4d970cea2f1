// The HTTP server: Mattermost's wire conventions (exact content type, request ids, error shape, JSON 404)
// and the route modules. Handlers stay thin: parse, call app/, present.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyPluginCallback, type FastifySchema } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../app/app.js';
import { BUILD_NUMBER, SERVER_VERSION } from '../app/system.js';
import { safeUrl, type Logger } from '../platform/logger.js';
import { originClient, pageLoadContext, type Metrics } from '../platform/metrics.js';
import { activeTraceId } from '../platform/tracing.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { registerRateLimit } from './rate-limit.js';
import { makeAuthHook, type AuthMode } from './auth.js';
import { normaliseError, sendError } from './errors.js';
import { registerRoutes } from './routes.js';

export type Server = FastifyInstance;

export interface RouteInfo {
  method: string;
  url: string;
  /** The route's JSON schemas (body, querystring, params), for schema-driven fuzzing. */
  schema?: FastifySchema;
  /** Who may call it without a session. */
  auth: AuthMode;
}
const routeTables = new WeakMap<FastifyInstance, RouteInfo[]>();
export function listRoutes(server: FastifyInstance): RouteInfo[] {
  return routeTables.get(server) ?? [];
}

/**
 * JSON.parse, refusing a NUL character in any string or key: PostgreSQL can neither store nor compare one, so
 * it would surface as a 500 deep in a query, and no Mattermost field needs it. The reviver runs only when the
 * text could hold one.
 */
function parseJsonBody(text: string): unknown {
  if (!text.includes('\\u0000') && !text.includes('\0')) return JSON.parse(text);
  return JSON.parse(text, (key, value: unknown) => {
    if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) throw new Error('NUL character in the body');
    return value;
  });
}

export interface ServerOptions {
  logger?: Logger | false;
  bodyLimit?: number;
  /** Routes that live outside api4/ (the WebSocket endpoint), registered with the same hooks. */
  registerExtra?: (server: FastifyInstance) => void;
  /** Request metrics (mattermost_api_time and friends); none when the metrics listener is off. */
  metrics?: Metrics;
  /** The tracing plugin, registered before any hook or route so that it sees all of them. */
  tracing?: FastifyPluginCallback;
}

export async function buildServer(app: App, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger as FastifyBaseLogger } : { logger: false }),
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: opts.bodyLimit ?? 8 * 1024 * 1024,
    // Fastify's own two lines per request are replaced by one debug line in onResponse below.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // The router's own refusals (a malformed URL, a path segment over maxParamLength) in Mattermost's shape too.
    frameworkErrors: (err, req, reply) => sendError(req, reply, normaliseError(err), app.ctx.config.settings.enableDeveloper),
  });
  // Read per error: the setting may change at run time (config API).
  const developer = () => app.ctx.config.settings.enableDeveloper;
  const versionId = `${SERVER_VERSION}.${BUILD_NUMBER}.${BUILD_NUMBER}.false`;

  if (opts.tracing) await server.register(opts.tracing);
  await server.register(cookie);
  // Uploads stream part by part; a file over MaxFileSize fails its stream (413), nothing is buffered.
  await server.register(multipart, {
    limits: { fileSize: app.ctx.config.settings.maxFileSize, files: 20, fields: 50, fieldSize: 64 * 1024, parts: 100, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  // No per-message deflate: it costs CPU per recipient, and events are serialised once for all of them.
  await server.register(websocket, { options: { maxPayload: 64 * 1024, perMessageDeflate: false } });

  // Empty bodies are allowed wherever a body is optional (Client4 sends Content-Type on body-less POSTs).
  server.removeContentTypeParser(['application/json', 'text/plain']);
  server.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJsonBody(text));
    } catch (err) {
      done(new AppError('api.context.invalid_body_param.app_error', 'Invalid or missing body in request body.', 400, (err as Error).message), undefined);
    }
  });

  server.decorateRequest('session', null);
  server.decorateRequest('tokenFromCookie', false);
  server.addHook('onRequest', async function requestHeaders(req, reply) {
    reply.header('X-Request-ID', req.id);
    reply.header('X-Version-Id', versionId);
  });
  // The rate limit comes first: a flood is refused before any session lookup.
  await registerRateLimit(server, app);
  // onRequest: authentication precedes body parsing and validation, so a stranger learns nothing from 400s.
  server.addHook('onRequest', makeAuthHook(app));
  // A NUL character in a path or query parameter is refused for the reason parseJsonBody gives.
  server.addHook('onRequest', async function refuseNulInUrl(req) {
    if (req.url.includes('%00')) throw new AppError('api.context.invalid_url_param.app_error', 'Invalid or missing parameter in request URL.', 400, 'NUL character in the URL');
  });
  server.addHook('onRequest', async function logContext(req) {
    const traceId = activeTraceId();
    if (req.session || traceId) req.log = req.log.child({ ...(req.session ? { user_id: req.session.userId } : {}), ...(traceId ? { trace_id: traceId } : {}) });
  });
  const metrics = opts.metrics;
  server.addHook('onResponse', async function requestMetrics(req, reply) {
    // The route template, never the raw URL: label values must stay a bounded set.
    const route = req.routeOptions.url;
    const status = reply.statusCode;
    if (metrics) {
      metrics.httpRequests.inc();
      if (status >= 400) metrics.httpErrors.inc();
      metrics.apiTime.observe(
        {
          handler: route ?? 'unmatched',
          method: req.method,
          status_code: String(status),
          origin_client: originClient(req.headers),
          page_load_context: pageLoadContext(req.headers),
        },
        reply.elapsedTime / 1000,
      );
      if (route === '/api/v4/users/login' && req.method === 'POST') (status === 200 ? metrics.logins : metrics.loginFailures).inc();
    }
    req.log.debug({ method: req.method, route, url: safeUrl(req.url), status_code: status, duration_ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request completed');
  });
  // Client4 compares the content type with ===, so no charset suffix.
  server.addHook('onSend', async (_req, reply, payload) => {
    const ct = reply.getHeader('content-type');
    if (typeof ct === 'string' && ct.startsWith('application/json')) reply.header('content-type', 'application/json');
    return payload;
  });

  server.setErrorHandler((err, req, reply) => {
    const appErr = normaliseError(err as FastifyError);
    if (appErr.statusCode >= 500) req.log.error({ err, url: safeUrl(req.url) }, 'request failed');
    return sendError(req, reply, appErr, developer());
  });
  server.setNotFoundHandler((req, reply) => {
    const err = new AppError('api.context.404.app_error', 'Sorry, we could not find the page.', 404, `There doesn't appear to be an api call for the url='${req.url.split('?')[0]}'.`);
    return sendError(req, reply, err, developer());
  });

  // Recorded so tests can walk every route (fuzzing, permission tables) without a second route list.
  const routes: RouteInfo[] = [];
  server.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, schema: r.schema, auth: r.config?.auth ?? 'required' });
  });
  await registerRoutes(server.withTypeProvider<TypeBoxTypeProvider>(), app);
  opts.registerExtra?.(server);
  routeTables.set(server, routes);
  return server;
}
