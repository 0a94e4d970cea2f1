// What the WebSocket layer needs from the application: who may receive an event, typing notices and
// connection-driven presence. Kept here so ws/ never touches the store.
import { makeEvent, type Broadcast } from '../events/event.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

export type Recipients = { kind: 'all' } | { kind: 'users'; userIds: Set<string> };

const MEMBER_PAGE = 10_000;

export class RealtimeService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** Resolves a broadcast to the users who may receive it, from membership as it is now. */
  async recipients(b: Broadcast): Promise<Recipients> {
    let users: Set<string>;
    if (b.user_id) users = new Set([b.user_id]);
    else if (b.channel_id) users = await this.channelMemberIds(b.channel_id);
    else if (b.team_id) users = await this.teamMemberIds(b.team_id);
    else return { kind: 'all' };
    if (b.omit_users) for (const u of Object.keys(b.omit_users)) users.delete(u);
    return { kind: 'users', userIds: users };
  }

  private async channelMemberIds(channelId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += MEMBER_PAGE) {
      const page = await this.ctx.store.channels.getMembers(channelId, { offset, limit: MEMBER_PAGE });
      for (const m of page) ids.add(m.user_id);
      if (page.length < MEMBER_PAGE) return ids;
    }
  }

  private async teamMemberIds(teamId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += MEMBER_PAGE) {
      const page = await this.ctx.store.teams.getMembers(teamId, { offset, limit: MEMBER_PAGE });
      for (const m of page) if (m.delete_at === 0) ids.add(m.user_id);
      if (page.length < MEMBER_PAGE) return ids;
    }
  }

  /** `user_typing`: needs create_post in the channel; goes to the other members, not stored. */
  async userTyping(session: AuthSession, channelId: string, parentId: string): Promise<void> {
    await this.app.authz.requireChannel(session, channelId, 'create_post');
    await this.ctx.bus.publish(
      makeEvent('typing', { parent_id: parentId, user_id: session.userId }, { channelId }, { omitUsers: [session.userId] }),
    );
  }
}
