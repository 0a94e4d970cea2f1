// Uploads and downloads (Mattermost's app/file.go): files are uploaded into a channel first, attached to a
// post by createPost (file_ids) and deleted with it. Bytes live in the FileStore under server-made keys;
// the user's file name is only ever data.
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, badRequest, notFound, permissionError } from '../platform/errors.js';
import { FileNotFoundError } from '../platform/files/index.js';
import { deriveImages, isDecodableImage } from '../platform/files/images.js';
import { isValidId, newId } from '../platform/ids.js';
import type { FileInfo } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** Images are read back whole to be resized; larger ones are kept as plain files without a preview. */
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const MAX_NAME = 256;

const MIME: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
  tif: 'image/tiff', tiff: 'image/tiff', svg: 'image/svg+xml', ico: 'image/x-icon',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', html: 'text/html', htm: 'text/html', json: 'application/json',
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', tar: 'application/x-tar',
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export const fileTooLarge = (max: number) =>
  new AppError('api.file.upload_file.too_large.app_error', `Unable to upload file. File is too large (max ${max} bytes).`, 413);
const fileNotFound = (id: string) => notFound('app.file_info.get.app_error', 'Unable to get the file info.', `file_id=${id}`);

/** The last path segment, without control characters, at most 256 characters (Mattermost's filepath.Base). */
export function cleanFileName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (raw.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base === '' || base === '.' || base === '..') throw badRequest('api.file.upload_file.bad_name.app_error', 'Invalid file name.', raw.slice(0, 100));
  if (base.length <= MAX_NAME) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 20 ? base.slice(dot) : '';
  return base.slice(0, MAX_NAME - ext.length) + ext;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase().slice(0, 64) : '';
}

export type FileKind = 'file' | 'thumbnail' | 'preview';

function publicLinksDisabled(): AppError {
  return new AppError('api.file.get_public_link.disabled.app_error', 'Public links have been disabled.', 501);
}

/** Mattermost's GeneratePublicLinkHash: SHA-256 of salt and file id, URL-safe base64. */
function publicLinkHash(fileId: string, salt: string): string {
  return crypto.createHash('sha256').update(salt).update(fileId).digest('base64url');
}

export class FileService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** Permission to upload into the channel: upload_file, and the channel must be live. */
  async checkUpload(session: AuthSession, channelId: string): Promise<void> {
    await this.app.authz.requireChannel(session, channelId, 'upload_file');
    const channel = await this.ctx.store.channels.get(channelId);
    if (!channel) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.', `channel_id=${channelId}`);
    if (channel.delete_at > 0) throw badRequest('api.file.upload_file.deleted_channel.app_error', 'Cannot upload to a deleted channel.');
  }

  /**
   * Streams one upload into storage and records it. `truncated` tells whether the transport cut the file at
   * the size limit (the caller's multipart limit); such a file is removed and refused with 413.
   */
  async uploadFile(session: AuthSession, channelId: string, rawName: string, data: Readable, truncated: () => boolean): Promise<FileInfo> {
    await this.checkUpload(session, channelId);
    const name = cleanFileName(rawName);
    const extension = extensionOf(name);
    const id = newId();
    const now = this.ctx.clock.now();
    const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
    const dir = `${day}/channels/${channelId}/users/${session.userId}/${id}`;
    const path = `${dir}/data`;
    const files = this.ctx.files;
    const max = this.ctx.config.settings.maxFileSize;
    let size: number;
    try {
      size = await files.write(path, data);
    } catch (err) {
      await files.remove(path).catch(() => undefined);
      if (truncated() || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(max);
      throw err;
    }
    if (truncated() || size > max) {
      await files.remove(path);
      throw fileTooLarge(max);
    }
    const info: FileInfo = {
      id, creator_id: session.userId, post_id: '', channel_id: channelId, create_at: now, update_at: now, delete_at: 0,
      path, thumbnail_path: '', preview_path: '', name, extension, size, mime_type: MIME[extension] ?? 'application/octet-stream',
      width: 0, height: 0, has_preview_image: false, mini_preview: null, remote_id: '', archived: false,
    };
    if (isDecodableImage(extension) && size <= MAX_IMAGE_BYTES) {
      const derived = await deriveImages(await files.readAll(path));
      if (derived) {
        info.width = derived.width;
        info.height = derived.height;
        info.thumbnail_path = `${dir}/thumb.jpg`;
        info.preview_path = `${dir}/preview.jpg`;
        await files.write(info.thumbnail_path, derived.thumbnail);
        await files.write(info.preview_path, derived.preview);
        info.has_preview_image = true;
        info.mini_preview = derived.miniPreview.toString('base64');
      }
    }
    return this.ctx.store.files.save(info);
  }

  /** The live file, if the caller uploaded it or can read its channel (Mattermost: via its post). */
  async getFileInfo(session: AuthSession, fileId: string): Promise<FileInfo> {
    const store = this.ctx.store;
    const info = await store.files.get(fileId);
    if (!info || info.delete_at > 0) throw fileNotFound(fileId);
    if (info.creator_id === session.userId) return info;
    const channel = await store.channels.get(info.channel_id);
    if (!channel || info.post_id === '' || !(await this.app.authz.canReadChannel(session, channel, 'read_channel_content'))) {
      throw permissionError('read_channel_content');
    }
    return info;
  }

  async openFile(session: AuthSession, fileId: string, kind: FileKind): Promise<{ info: FileInfo; stream: Readable }> {
    const info = await this.getFileInfo(session, fileId);
    const path = kind === 'file' ? info.path : kind === 'thumbnail' ? info.thumbnail_path : info.preview_path;
    if (!path) {
      throw badRequest(`api.file.get_file_${kind}.no_${kind}.app_error`, `The file has no ${kind}.`, `file_id=${fileId}`);
    }
    return { info, stream: await this.readStored(path, fileId) };
  }

  /** A stored object whose row exists; missing bytes are the 404 Mattermost gives. */
  private async readStored(path: string, fileId: string): Promise<Readable> {
    try {
      return await this.ctx.files.read(path);
    } catch (err) {
      if (err instanceof FileNotFoundError) throw notFound('api.file.no_file.app_error', 'Unable to find the file.', `file_id=${fileId}`);
      throw err;
    }
  }

  /**
   * GET /files/{id}/link (FileSettings.EnablePublicLink): a link anyone may open, for a file attached to a
   * post the caller can read. The hash binds the file id to a per-installation salt, so links cannot be
   * guessed and all links die together if the salt is changed.
   */
  async getPublicLink(session: AuthSession, fileId: string): Promise<{ link: string }> {
    if (!this.ctx.config.settings.enablePublicLink) throw publicLinksDisabled();
    const info = await this.getFileInfo(session, fileId);
    if (info.post_id === '') throw badRequest('api.file.get_public_link.no_post.app_error', 'Unable to get public link for file. File must be attached to a post that can be read by the current user.', `file_id=${fileId}`);
    const hash = publicLinkHash(info.id, await this.publicLinkSalt());
    return { link: `${this.ctx.config.siteUrl.replace(/\/$/, '')}/files/${info.id}/public?h=${hash}` };
  }

  /** GET /files/{id}/public?h=: no session; the hash is the permission. */
  async openPublicFile(fileId: string, hash: string): Promise<{ info: FileInfo; stream: Readable }> {
    if (!this.ctx.config.settings.enablePublicLink) throw publicLinksDisabled();
    const info = isValidId(fileId) ? await this.ctx.store.files.get(fileId) : undefined;
    if (!info || info.delete_at > 0 || info.post_id === '') throw fileNotFound(fileId);
    const expected = Buffer.from(publicLinkHash(info.id, await this.publicLinkSalt()));
    const given = Buffer.from(hash);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw badRequest('api.file.get_file.public_invalid.app_error', 'The public link does not appear to be valid.');
    }
    return { info, stream: await this.readStored(info.path, fileId) };
  }

  private salt: string | undefined;

  /** FileSettings.PublicLinkSalt: made once per installation; the first node to store it wins. */
  private async publicLinkSalt(): Promise<string> {
    if (this.salt) return this.salt;
    const system = this.ctx.store.system;
    await system.insertIfAbsent('PublicLinkSalt', crypto.randomBytes(24).toString('base64url'));
    this.salt = (await system.get('PublicLinkSalt'))!;
    return this.salt;
  }

  /** GET /posts/{id}/files/info */
  async getFileInfosForPost(session: AuthSession, postId: string): Promise<FileInfo[]> {
    const store = this.ctx.store;
    const post = await store.posts.get(postId);
    if (!post || post.delete_at > 0 || post.original_id !== '') throw notFound('app.post.get.app_error', 'Unable to get the post.', `post_id=${postId}`);
    const channel = await store.channels.get(post.channel_id);
    if (!channel) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    return store.files.getForPosts([postId]);
  }
}
