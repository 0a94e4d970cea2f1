// Integrations: incoming and outgoing webhooks, custom slash commands, command response URLs.
import type { Command, CommandWebhook, IncomingWebhook, OutgoingWebhook } from './models.js';

export interface WebhookStore {
  saveIncoming(hook: IncomingWebhook): Promise<IncomingWebhook>;
  /** A live hook (delete_at 0). */
  getIncoming(id: string): Promise<IncomingWebhook | undefined>;
  /** Live hooks, oldest first; teamId and userId filter when given. */
  listIncoming(q: { teamId?: string; userId?: string; offset: number; limit: number }): Promise<IncomingWebhook[]>;
  countIncoming(q: { teamId?: string; userId?: string }): Promise<number>;
  /** Replaces the editable fields of a live hook. */
  updateIncoming(hook: IncomingWebhook): Promise<void>;
  deleteIncoming(id: string, at: number): Promise<void>;
  /** Records a successful execution (IncomingWebhook.last_used). */
  touchIncoming(id: string, at: number): Promise<void>;
  saveOutgoing(hook: OutgoingWebhook): Promise<OutgoingWebhook>;
  getOutgoing(id: string): Promise<OutgoingWebhook | undefined>;
  /** Live hooks, oldest first; channelId, teamId and creatorId filter when given. */
  listOutgoing(q: { channelId?: string; teamId?: string; creatorId?: string; offset: number; limit: number }): Promise<OutgoingWebhook[]>;
  /** Every live outgoing hook of a team (the candidates for a new post). */
  getOutgoingByTeam(teamId: string): Promise<OutgoingWebhook[]>;
  /** Replaces the editable fields and the token of a live hook. */
  updateOutgoing(hook: OutgoingWebhook): Promise<void>;
  deleteOutgoing(id: string, at: number): Promise<void>;
}

export interface CommandStore {
  save(cmd: Command): Promise<Command>;
  /** A live command. */
  get(id: string): Promise<Command | undefined>;
  /** Live commands of a team, by trigger. */
  getByTeam(teamId: string): Promise<Command[]>;
  /** Replaces the editable fields and the token of a live command. */
  update(cmd: Command): Promise<void>;
  delete(id: string, at: number): Promise<void>;

  saveWebhook(hook: CommandWebhook): Promise<CommandWebhook>;
  getWebhook(id: string): Promise<CommandWebhook | undefined>;
  /**
   * Counts one use of a response URL if it has been used fewer than `limit` times; false when it is spent.
   * The check and the increment are one statement, so concurrent calls cannot exceed the limit.
   */
  tryUseWebhook(id: string, limit: number): Promise<boolean>;
  /** Removes response URLs created before `before`. */
  deleteWebhooksBefore(before: number): Promise<number>;
}
