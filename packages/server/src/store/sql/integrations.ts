// Incoming and outgoing webhooks, custom slash commands and their response URLs.
import { sql, type Kysely } from 'kysely';
import type { CommandStore, WebhookStore } from '../integrations.js';
import type { Command, CommandWebhook, IncomingWebhook, OutgoingWebhook } from '../models.js';
import type { CommandsTable, Database, IncomingWebhooksTable, OutgoingWebhooksTable } from '../schema.js';
import { codec } from './codec.js';

const incoming = codec<IncomingWebhooksTable, IncomingWebhook>(['channel_locked'], []);
const outgoing = codec<OutgoingWebhooksTable, OutgoingWebhook>([], ['trigger_words', 'callback_urls']);
const commands = codec<CommandsTable, Command>(['auto_complete'], []);

export class SqlWebhookStore implements WebhookStore {
  constructor(private readonly db: Kysely<Database>) {}

  async saveIncoming(hook: IncomingWebhook): Promise<IncomingWebhook> {
    await this.db.insertInto('incoming_webhooks').values(incoming.encode(hook) as IncomingWebhooksTable).execute();
    return hook;
  }

  async getIncoming(id: string): Promise<IncomingWebhook | undefined> {
    const row = await this.db.selectFrom('incoming_webhooks').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row && incoming.decode(row);
  }

  async listIncoming(q: { teamId?: string; userId?: string; offset: number; limit: number }): Promise<IncomingWebhook[]> {
    let query = this.db.selectFrom('incoming_webhooks').selectAll().where('delete_at', '=', 0);
    if (q.teamId) query = query.where('team_id', '=', q.teamId);
    if (q.userId) query = query.where('user_id', '=', q.userId);
    const rows = await query.orderBy('create_at').orderBy('id').limit(q.limit).offset(q.offset).execute();
    return rows.map(incoming.decode);
  }

  async countIncoming(q: { teamId?: string; userId?: string }): Promise<number> {
    let query = this.db.selectFrom('incoming_webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('delete_at', '=', 0);
    if (q.teamId) query = query.where('team_id', '=', q.teamId);
    if (q.userId) query = query.where('user_id', '=', q.userId);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async updateIncoming(hook: IncomingWebhook): Promise<void> {
    await this.db
      .updateTable('incoming_webhooks')
      .set({
        update_at: hook.update_at,
        channel_id: hook.channel_id,
        display_name: hook.display_name,
        description: hook.description,
        username: hook.username,
        icon_url: hook.icon_url,
        channel_locked: hook.channel_locked ? 1 : 0,
      })
      .where('id', '=', hook.id)
      .where('delete_at', '=', 0)
      .execute();
  }

  async deleteIncoming(id: string, at: number): Promise<void> {
    await this.db.updateTable('incoming_webhooks').set({ delete_at: at, update_at: at }).where('id', '=', id).where('delete_at', '=', 0).execute();
  }

  async touchIncoming(id: string, at: number): Promise<void> {
    await this.db.updateTable('incoming_webhooks').set({ last_used: at }).where('id', '=', id).execute();
  }

  async saveOutgoing(hook: OutgoingWebhook): Promise<OutgoingWebhook> {
    await this.db.insertInto('outgoing_webhooks').values(outgoing.encode(hook) as OutgoingWebhooksTable).execute();
    return hook;
  }

  async getOutgoing(id: string): Promise<OutgoingWebhook | undefined> {
    const row = await this.db.selectFrom('outgoing_webhooks').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row && outgoing.decode(row);
  }

  async listOutgoing(q: { channelId?: string; teamId?: string; creatorId?: string; offset: number; limit: number }): Promise<OutgoingWebhook[]> {
    let query = this.db.selectFrom('outgoing_webhooks').selectAll().where('delete_at', '=', 0);
    if (q.channelId) query = query.where('channel_id', '=', q.channelId);
    if (q.teamId) query = query.where('team_id', '=', q.teamId);
    if (q.creatorId) query = query.where('creator_id', '=', q.creatorId);
    const rows = await query.orderBy('create_at').orderBy('id').limit(q.limit).offset(q.offset).execute();
    return rows.map(outgoing.decode);
  }

  async getOutgoingByTeam(teamId: string): Promise<OutgoingWebhook[]> {
    const rows = await this.db.selectFrom('outgoing_webhooks').selectAll().where('team_id', '=', teamId).where('delete_at', '=', 0).orderBy('create_at').execute();
    return rows.map(outgoing.decode);
  }

  async updateOutgoing(hook: OutgoingWebhook): Promise<void> {
    const row = outgoing.encode(hook);
    await this.db
      .updateTable('outgoing_webhooks')
      .set({
        token: hook.token,
        update_at: hook.update_at,
        channel_id: hook.channel_id,
        trigger_words: row.trigger_words!,
        trigger_when: hook.trigger_when,
        callback_urls: row.callback_urls!,
        display_name: hook.display_name,
        description: hook.description,
        content_type: hook.content_type,
        username: hook.username,
        icon_url: hook.icon_url,
      })
      .where('id', '=', hook.id)
      .where('delete_at', '=', 0)
      .execute();
  }

  async deleteOutgoing(id: string, at: number): Promise<void> {
    await this.db.updateTable('outgoing_webhooks').set({ delete_at: at, update_at: at }).where('id', '=', id).where('delete_at', '=', 0).execute();
  }
}

export class SqlCommandStore implements CommandStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(cmd: Command): Promise<Command> {
    await this.db.insertInto('commands').values(commands.encode(cmd) as CommandsTable).execute();
    return cmd;
  }

  async get(id: string): Promise<Command | undefined> {
    const row = await this.db.selectFrom('commands').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return row && commands.decode(row);
  }

  async getByTeam(teamId: string): Promise<Command[]> {
    const rows = await this.db.selectFrom('commands').selectAll().where('team_id', '=', teamId).where('delete_at', '=', 0).orderBy('trigger').orderBy('id').execute();
    return rows.map(commands.decode);
  }

  async update(cmd: Command): Promise<void> {
    await this.db
      .updateTable('commands')
      .set({
        token: cmd.token,
        update_at: cmd.update_at,
        trigger: cmd.trigger,
        method: cmd.method,
        username: cmd.username,
        icon_url: cmd.icon_url,
        auto_complete: cmd.auto_complete ? 1 : 0,
        auto_complete_desc: cmd.auto_complete_desc,
        auto_complete_hint: cmd.auto_complete_hint,
        display_name: cmd.display_name,
        description: cmd.description,
        url: cmd.url,
      })
      .where('id', '=', cmd.id)
      .where('delete_at', '=', 0)
      .execute();
  }

  async delete(id: string, at: number): Promise<void> {
    await this.db.updateTable('commands').set({ delete_at: at, update_at: at }).where('id', '=', id).where('delete_at', '=', 0).execute();
  }

  async saveWebhook(hook: CommandWebhook): Promise<CommandWebhook> {
    await this.db.insertInto('command_webhooks').values(hook).execute();
    return hook;
  }

  async getWebhook(id: string): Promise<CommandWebhook | undefined> {
    return this.db.selectFrom('command_webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async tryUseWebhook(id: string, limit: number): Promise<boolean> {
    const res = await this.db
      .updateTable('command_webhooks')
      .set({ use_count: sql<number>`use_count + 1` })
      .where('id', '=', id)
      .where('use_count', '<', limit)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async deleteWebhooksBefore(before: number): Promise<number> {
    const res = await this.db.deleteFrom('command_webhooks').where('create_at', '<', before).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
