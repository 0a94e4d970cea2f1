// PLACEHOLDER: replaced by the posts slice.
import type { Post, Store } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext, Emit } from './context.js';

export interface SystemPostInput {
  channelId: string;
  /** The user the system message is about (author of record). */
  userId: string;
  /** Mattermost post type, e.g. system_join_channel, system_header_change. */
  type: string;
  message: string;
  props?: Record<string, unknown>;
}

export class PostService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /**
   * Writes a system message (joined/left, header changed …) inside the caller's transaction, counting it
   * on the channel and emitting `posted` after commit.
   */
  async createSystemPost(_tx: Store, _emit: Emit, _input: SystemPostInput): Promise<Post> {
    void this.ctx;
    void this.app;
    throw new Error('not yet built');
  }
}
