// Synced drafts: what a user is typing in a channel or thread, kept on the server so all their sessions
// show the same text. Mirrors server/channels/app/draft.go and the checks of api4/drafts.go.
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, invalidParam, permissionError } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentDraft } from '../presenters/draft.js';
import type { Draft, Store } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import { MAX_MESSAGE_RUNES } from './posts.js';
import type { AuthSession } from './session.js';

export interface DraftInput {
  channel_id: string;
  root_id?: string;
  message?: string;
  type?: string;
  props?: Record<string, unknown>;
  file_ids?: string[];
  priority?: Record<string, unknown>;
}

const disabled = () => new AppError('api.drafts.disabled.app_error', 'Synced drafts are disabled on this server.', 501);

export class DraftService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private requireEnabled(): void {
    if (!this.ctx.config.settings.allowSyncedDrafts) throw disabled();
  }

  /**
   * POST /drafts: stores the caller's draft for a channel (or a thread of it) and tells their other
   * sessions; the session that sent it (Connection-Id) is left out. An empty message deletes the draft.
   */
  async upsertDraft(session: AuthSession, input: DraftInput, connectionId: string): Promise<Draft | null> {
    this.requireEnabled();
    if (!isValidId(input.channel_id)) throw invalidParam('draft.channel_id');
    const rootId = input.root_id ?? '';
    if (rootId !== '' && !isValidId(rootId)) throw invalidParam('draft.root_id');
    const message = input.message ?? '';
    if ([...message].length > MAX_MESSAGE_RUNES) throw badRequest('model.draft.is_valid.message_length.app_error', `Message must be ${MAX_MESSAGE_RUNES} characters or fewer.`);
    if (input.file_ids && (input.file_ids.some((id) => !isValidId(id)) || JSON.stringify(input.file_ids).length > 300)) {
      throw badRequest('model.draft.is_valid.file_ids.app_error', 'Invalid file ids.');
    }
    const store = this.ctx.store;
    const channel = await store.channels.get(input.channel_id);
    if (!channel) throw invalidParam('draft.channel_id');
    // Mattermost: create_post in the channel, or create_post_public on the team for a public channel.
    const allowed =
      (await this.app.authz.hasChannel(session, channel.id, 'create_post')) ||
      (channel.type === 'O' && channel.team_id !== '' && (await this.app.authz.hasTeam(session, channel.team_id, 'create_post_public')));
    if (!allowed) throw permissionError('create_post');
    if (channel.delete_at > 0) throw badRequest('api.draft.create_draft.can_not_draft_to_deleted.error', 'Cannot create a draft in an archived channel.');
    return inTransaction(this.ctx, async (tx, emit) => {
      if (message === '') {
        await this.deleteDraftInTx(tx, emit, session.userId, channel.id, rootId, connectionId);
        return null;
      }
      const now = this.ctx.clock.now();
      const { draft, created } = await tx.drafts.upsert({
        user_id: session.userId,
        channel_id: channel.id,
        root_id: rootId,
        create_at: now,
        update_at: now,
        delete_at: 0,
        message,
        type: input.type ?? '',
        props: input.props ?? {},
        file_ids: input.file_ids ?? [],
        priority: input.priority ?? null,
      });
      emit(
        makeEvent(created ? 'draft_created' : 'draft_updated', { draft: JSON.stringify(presentDraft(draft)) }, { userId: session.userId, channelId: channel.id }, { omitConnectionId: connectionId }),
      );
      return draft;
    });
  }

  /** GET /users/{uid}/teams/{tid}/drafts: only one's own. */
  async getDraftsForUser(session: AuthSession, userId: string, teamId: string): Promise<Draft[]> {
    this.requireEnabled();
    if (userId !== session.userId) throw permissionError('read_other_users_drafts');
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    return this.ctx.store.drafts.getForUserInTeam(session.userId, teamId);
  }

  /** DELETE /users/{uid}/channels/{cid}/drafts[/{root_id}]: deleting a draft that is not there is fine. */
  async deleteDraft(session: AuthSession, userId: string, channelId: string, rootId: string, connectionId: string): Promise<void> {
    this.requireEnabled();
    if (userId !== session.userId) throw permissionError('delete_post');
    await inTransaction(this.ctx, (tx, emit) => this.deleteDraftInTx(tx, emit, session.userId, channelId, rootId, connectionId));
  }

  /** Removes a draft inside the caller's transaction and tells the user's sessions (but connectionId's). */
  async deleteDraftInTx(tx: Store, emit: Emit, userId: string, channelId: string, rootId: string, connectionId: string): Promise<void> {
    if (!this.ctx.config.settings.allowSyncedDrafts) return;
    const removed = await tx.drafts.delete(userId, channelId, rootId);
    if (!removed) return;
    emit(makeEvent('draft_deleted', { draft: JSON.stringify(presentDraft(removed)) }, { userId, channelId }, { omitConnectionId: connectionId }));
  }
}
