// Custom emoji (Mattermost's app/emoji.go): a name and an image, created with create_emojis, deleted with
// delete_emojis (own) or delete_others_emojis. Images live in the FileStore under emoji/<id>/image.
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, notFound } from '../platform/errors.js';
import { emojiImageType, fitEmoji } from '../platform/files/images.js';
import { newId } from '../platform/ids.js';
import { presentEmoji } from '../presenters/emoji.js';
import type { Emoji } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** Mattermost's MaxEmojiFileSize. */
export const MAX_EMOJI_BYTES = 1024 * 1024;
const NAME = /^[a-zA-Z0-9\-+_]{1,64}$/;

const emojiNotFound = (detail: string) => notFound('app.emoji.get.no_result', 'Unable to find the emoji.', detail);
const imagePath = (id: string) => `emoji/${id}/image`;

export class EmojiService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** POST /emoji; image is the whole upload (the caller caps it at MAX_EMOJI_BYTES). */
  async createEmoji(session: AuthSession, input: { name: string; creator_id: string }, image: Buffer): Promise<Emoji> {
    this.app.authz.requireSystem(session, 'create_emojis');
    if (input.creator_id !== session.userId) {
      throw new AppError('api.emoji.create.other_user.app_error', 'Invalid user id.', 403);
    }
    if (!NAME.test(input.name)) throw badRequest('model.emoji.name.app_error', 'Name must be 1 to 64 characters: letters, digits, -, + or _.', `name=${input.name.slice(0, 80)}`);
    if (image.length > MAX_EMOJI_BYTES) throw new AppError('api.emoji.create.too_large.app_error', 'Unable to create emoji. Image must be less than 1 MB in size.', 413);
    const fitted = await fitEmoji(image);
    if (!fitted) throw badRequest('api.emoji.upload.image.app_error', 'Unable to create the emoji. File must be a PNG, JPEG, or GIF.');
    const name = input.name.toLowerCase();
    const now = this.ctx.clock.now();
    const emoji: Emoji = { id: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: session.userId, name };
    if (await this.ctx.store.emoji.getByName(name)) throw duplicate(name);
    await this.ctx.files.write(imagePath(emoji.id), fitted.data);
    try {
      return await inTransaction(this.ctx, async (tx, emit) => {
        await tx.emoji.save(emoji);
        emit(makeEvent('emoji_added', { emoji: JSON.stringify(presentEmoji(emoji)) }, { all: true }));
        return emoji;
      });
    } catch (err) {
      await this.ctx.files.remove(imagePath(emoji.id)).catch(() => undefined);
      // The unique (name, delete_at) index decides races between two creators.
      if (await this.ctx.store.emoji.getByName(name)) throw duplicate(name);
      throw err;
    }
  }

  async getEmoji(_session: AuthSession, id: string): Promise<Emoji> {
    const e = await this.ctx.store.emoji.get(id);
    if (!e) throw emojiNotFound(`id=${id}`);
    return e;
  }

  async getEmojiByName(_session: AuthSession, name: string): Promise<Emoji> {
    const e = NAME.test(name) ? await this.ctx.store.emoji.getByName(name.toLowerCase()) : undefined;
    if (!e) throw emojiNotFound(`name=${name.slice(0, 80)}`);
    return e;
  }

  async getEmojisByNames(_session: AuthSession, names: readonly string[]): Promise<Emoji[]> {
    return this.ctx.store.emoji.getByNames([...new Set(names.filter((n) => NAME.test(n)).map((n) => n.toLowerCase()))]);
  }

  async listEmoji(_session: AuthSession, q: { page: number; perPage: number; sortByName: boolean }): Promise<Emoji[]> {
    return this.ctx.store.emoji.list({ sortByName: q.sortByName, offset: q.page * q.perPage, limit: q.perPage });
  }

  async searchEmoji(_session: AuthSession, term: string, prefixOnly: boolean, limit: number): Promise<Emoji[]> {
    const t = term.trim().toLowerCase().replace(/^:|:$/g, '');
    if (t === '') return [];
    return this.ctx.store.emoji.search(t, prefixOnly, limit);
  }

  async getEmojiImage(session: AuthSession, id: string): Promise<{ data: Buffer; type: string }> {
    const e = await this.getEmoji(session, id);
    const data = await this.ctx.files.readAll(imagePath(e.id));
    return { data, type: emojiImageType(data) };
  }

  /** DELETE /emoji/{id}: delete_emojis for one's own, delete_others_emojis for anyone's. */
  async deleteEmoji(session: AuthSession, id: string): Promise<Emoji> {
    const e = await this.getEmoji(session, id);
    this.app.authz.requireSystem(session, 'delete_emojis');
    if (e.creator_id !== session.userId) this.app.authz.requireSystem(session, 'delete_others_emojis');
    const now = this.ctx.clock.now();
    await this.ctx.store.emoji.softDelete(e.id, now);
    await this.ctx.files.remove(imagePath(e.id)).catch((err: unknown) => this.ctx.log.warn({ err }, 'removing an emoji image failed'));
    return { ...e, delete_at: now, update_at: now };
  }
}

function duplicate(name: string): AppError {
  return badRequest('api.emoji.create.duplicate.app_error', 'Unable to create emoji. Another emoji with the same name already exists.', `name=${name}`);
}
