// /files: multipart upload, downloads with safe headers, thumbnails, previews, infos (Client4 uploadFile,
// getFileUrl, getFileThumbnailUrl, getFilePreviewUrl, getFileInfosForPost).
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import type { App } from '../app/app.js';
import type { FileKind } from '../app/files.js';
import { AppError, badRequest } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentFileInfo } from '../presenters/file.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, type Query } from './params.js';
import type { Router } from './router.js';

/** Raster types a browser may show inline; everything else (HTML, SVG above all) is a download. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp']);
/** Types a browser would run or render as a document; they are sent as opaque bytes. */
const ACTIVE_TYPE = /html|svg|xml|javascript|ecmascript/i;

type P = { file_id: string; post_id: string };

const FileSearchBody = Type.Object({
  terms: Type.String({ maxLength: 2000 }),
  is_or_search: Type.Optional(Type.Boolean()),
  time_zone_offset: Type.Optional(Type.Integer()),
  include_deleted_channels: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 0 })),
});

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function badUpload(detail: string): AppError {
  return badRequest('api.file.upload_file.bad_request.app_error', 'Unable to upload file(s). Invalid multipart request.', detail);
}

export function registerFileRoutes(r: Router, app: App): void {
  r.post('/api/v4/files', async (req, reply) => {
    const s = requireSession(req);
    if (!req.isMultipart()) throw badRequest('api.file.upload_file.incorrect_content_type.app_error', 'Expected a multipart/form-data upload.');
    const q = req.query as Query;
    let channelId = q.channel_id ? idParam(q.channel_id, 'channel_id') : '';
    if (channelId) await app.files.checkUpload(s, channelId);
    const infos = [];
    const clientIds: string[] = [];
    // MaxFileSize per request: it may change at run time (config API).
    const parts = req.parts({ limits: { fileSize: app.ctx.config.settings.maxFileSize } })[Symbol.asyncIterator]();
    for (;;) {
      let next;
      try {
        next = await parts.next();
      } catch (err) {
        if (err instanceof AppError) throw err;
        const e = err as { code?: string; statusCode?: number; message?: string };
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('api.file.upload_file.too_large.app_error', 'Unable to upload file. File is too large.', 413);
        throw badUpload(e.message ?? String(err));
      }
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : '';
        if (part.fieldname === 'channel_id') {
          if (channelId) throw badRequest('api.file.upload_file.multiple_channel_ids.app_error', 'Unable to upload file(s). Multiple conflicting channel_ids.');
          if (!isValidId(value)) throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing channel_id in request body.');
          channelId = value;
          await app.files.checkUpload(s, channelId);
        } else if (part.fieldname === 'client_ids') {
          if (value.length > 128) throw badUpload('client_ids');
          clientIds.push(value);
        }
        continue;
      }
      // Mattermost buffers the whole form when channel_id comes late; Parley asks for it first instead.
      if (!channelId) throw badRequest('api.file.upload_file.get_channel_id.app_error', 'channel_id must come before the files.');
      if (part.fieldname !== 'files') {
        part.file.resume();
        continue;
      }
      const file = part.file;
      infos.push(await app.files.uploadFile(s, channelId, part.filename, file, () => file.truncated));
    }
    if (infos.length === 0) throw badRequest('api.file.upload_file.no_files.app_error', 'No files in the request.');
    if (clientIds.length > 0 && clientIds.length !== infos.length) {
      throw badRequest('api.file.upload_file.incorrect_number_of_client_ids.app_error', 'Unable to upload file(s). Have different numbers of client_ids and files.');
    }
    reply.code(201);
    return { file_infos: infos.map(presentFileInfo), client_ids: clientIds };
  });

  /** Stored bytes under the headers that keep them from running in our origin; only raster images inline. */
  const send = (reply: FastifyReply, stream: Readable, type: string, name: string, inline: boolean, maxAge: number) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
    reply.header('Cache-Control', `private, max-age=${maxAge}`);
    reply.header('Content-Disposition', contentDisposition(inline && INLINE_TYPES.has(type) ? 'inline' : 'attachment', name));
    reply.type(ACTIVE_TYPE.test(type) ? 'application/octet-stream' : type);
    return reply.send(stream);
  };
  const serve = async (reply: FastifyReply, fileId: string, s: ReturnType<typeof requireSession>, kind: FileKind, download: boolean) => {
    const { info, stream } = await app.files.openFile(s, fileId, kind);
    const original = kind === 'file';
    return send(reply, stream, original ? info.mime_type : 'image/jpeg', original ? info.name : `${info.name}.jpg`, !download, 2_592_000);
  };
  const route = (suffix: string, kind: FileKind) =>
    r.get(`/api/v4/files/:file_id${suffix}`, async (req, reply) => {
      const s = requireSession(req);
      return serve(reply, idParam((req.params as P).file_id, 'file_id'), s, kind, boolParam((req.query as Query).download));
    });
  route('', 'file');
  route('/thumbnail', 'thumbnail');
  route('/preview', 'preview');

  r.get('/api/v4/files/:file_id/info', async (req) => {
    const s = requireSession(req);
    return presentFileInfo(await app.files.getFileInfo(s, idParam((req.params as P).file_id, 'file_id')));
  });

  // A public link: the hash in the query string is the only credential (FileSettings.EnablePublicLink).
  r.get('/files/:file_id/public', { config: { auth: 'none' } }, async (req, reply) => {
    const fileId = (req.params as P).file_id;
    const hash = (req.query as Query).h;
    const { info, stream } = await app.files.openPublicFile(fileId, typeof hash === 'string' ? hash : '');
    return send(reply, stream, info.mime_type, info.name, false, 86_400);
  });

  r.get('/api/v4/files/:file_id/link', async (req) => {
    const s = requireSession(req);
    return app.files.getPublicLink(s, idParam((req.params as P).file_id, 'file_id'));
  });

  const search = async (s: ReturnType<typeof requireSession>, teamId: string | undefined, b: Static<typeof FileSearchBody>) => {
    const perPage = b.per_page === undefined || b.per_page === 0 ? 60 : Math.min(b.per_page, 200);
    const files = await app.search.searchFiles(s, teamId, { terms: b.terms, isOrSearch: b.is_or_search ?? false, page: b.page ?? 0, perPage });
    const infos: Record<string, ReturnType<typeof presentFileInfo>> = {};
    for (const f of files) infos[f.id] = presentFileInfo(f);
    return { order: files.map((f) => f.id), file_infos: infos, next_file_info_id: '', prev_file_info_id: '' };
  };
  // searchFilesWithParams
  r.post('/api/v4/files/search', { schema: { body: FileSearchBody } }, async (req) => search(requireSession(req), undefined, req.body));
  r.post('/api/v4/teams/:team_id/files/search', { schema: { body: FileSearchBody } }, async (req) =>
    search(requireSession(req), idParam((req.params as { team_id: string }).team_id, 'team_id'), req.body),
  );

  r.get('/api/v4/posts/:post_id/files/info', async (req) => {
    const s = requireSession(req);
    return (await app.files.getFileInfosForPost(s, idParam((req.params as P).post_id, 'post_id'))).map(presentFileInfo);
  });
}
