// Serves the built web client (packages/web/dist) at /: hashed assets are cached for good, index.html is
// revalidated every time, and any other non-API path gets index.html so the client's own URLs survive a
// reload. Unknown /api/ and /files/ paths still fall through to the JSON 404. Every page carries headers that forbid
// inline scripts, framing and MIME sniffing.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Router } from './router.js';

/**
 * PARLEY_WEB_DIR, or packages/web/dist of the workspace this file lives in. The file runs from
 * src/api4 under tsx and from dist/ once bundled, so the workspace root is found by walking up.
 */
export function resolveWebDir(env: NodeJS.ProcessEnv = process.env, from: string = import.meta.dirname): string {
  if (env.PARLEY_WEB_DIR) return path.resolve(env.PARLEY_WEB_DIR);
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'packages', 'web', 'package.json'))) return path.join(dir, 'packages', 'web', 'dist');
    if (path.dirname(dir) === dir) return path.resolve('packages', 'web', 'dist');
  }
}

// Styles allow 'unsafe-inline' because the UI primitives position popovers with inline styles; scripts,
// the real risk, come only from this origin. 'self' in connect-src covers the same-origin WebSocket.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function setPageHeaders(reply: FastifyReply): void {
  reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'same-origin');
}

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<h1>Parley is running, but the web client is not built</h1>
<p>Build it with <code>npm run build -w @parley/web</code> (or start with <code>npm start</code>, which builds it), then reload.</p>
<p>The API is available at <code>/api/v4</code>.</p>
</body></html>
`;

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

export function registerWebClientRoutes(r: Router, webDir: string = resolveWebDir()): void {
  const root = path.resolve(webDir);
  const assets = path.join(root, 'assets');
  // Only reply.sendFile is used; the routes below decide what is served and how it is cached.
  void r.register(fastifyStatic, { root, serve: false });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const pathname = req.url.split('?')[0] ?? '/';
    // The server's own paths answer in Mattermost's error shape, never with the page ("files" is a reserved
    // team name, so no client route starts with it).
    if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/files/')) return reply.callNotFound();
    setPageHeaders(reply);

    let relative: string;
    try {
      relative = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      relative = '';
    }
    const file = path.resolve(root, relative);
    if (relative !== '' && file.startsWith(root + path.sep) && path.basename(file) !== 'index.html' && (await isFile(file))) {
      const hashed = file.startsWith(assets + path.sep);
      // Vite puts a content hash in every asset name, so an asset URL never changes meaning.
      return reply.sendFile(path.relative(root, file), root, hashed ? { immutable: true, maxAge: '365d' } : { maxAge: '1h' });
    }
    // A missing asset is a 404, not the page: HTML served as a script only confuses the browser.
    if (relative.startsWith('assets/')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');

    if (!(await isFile(path.join(root, 'index.html')))) {
      return reply.code(503).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(MISSING_BUILD);
    }
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  };

  r.get('/', { config: { auth: 'none' } }, handler);
  r.get('/*', { config: { auth: 'none' } }, handler);
}
