// Initial schema: Mattermost's core tables with the indexes the hot queries need.
// Types are chosen to mean the same on SQLite and PostgreSQL: bigint ms timestamps, 0/1 integer flags,
// JSON as text. Append new migrations; never edit a released one.
import { sql, type Kysely, type Migration } from 'kysely';

const id = 'varchar(26)';

export const init: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('users')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('password', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('auth_data', 'varchar(128)', (c) => c.unique())
      .addColumn('auth_service', 'varchar(32)', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'varchar(128)', (c) => c.notNull().unique())
      .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('first_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
      .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('en'))
      .addColumn('last_password_update', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_picture_update', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mfa_active', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mfa_secret', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('last_login', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_users_update_at').on('users').column('update_at').execute();
    await s.createIndex('idx_users_create_at').on('users').column('create_at').execute();
    await s.createIndex('idx_users_delete_at').on('users').column('delete_at').execute();

    await s
      .createTable('sessions')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('token', id, (c) => c.notNull().unique())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('device_id', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
      .addColumn('is_oauth', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expired_notify', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await s.createIndex('idx_sessions_user_id').on('sessions').column('user_id').execute();
    await s.createIndex('idx_sessions_expires_at').on('sessions').column('expires_at').execute();

    await s
      .createTable('user_access_tokens')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('token', id, (c) => c.notNull().unique())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('description', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('expires_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await s.createIndex('idx_user_access_tokens_user_id').on('user_access_tokens').column('user_id').execute();

    await s
      .createTable('teams')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'varchar(1)', (c) => c.notNull().defaultTo('O'))
      .addColumn('company_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('allowed_domains', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('invite_id', id, (c) => c.notNull())
      .addColumn('allow_open_invite', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_team_icon_update', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('scheme_id', id)
      .addColumn('group_constrained', 'integer')
      .execute();
    await s.createIndex('idx_teams_invite_id').on('teams').column('invite_id').execute();
    await s.createIndex('idx_teams_update_at').on('teams').column('update_at').execute();

    await s
      .createTable('team_members')
      .addColumn('team_id', id, (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('scheme_guest', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('scheme_user', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('scheme_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('create_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
      .execute();
    await s.createIndex('idx_team_members_user_id').on('team_members').columns(['user_id', 'delete_at']).execute();

    await s
      .createTable('channels')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('team_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'varchar(1)', (c) => c.notNull())
      .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('header', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
      .addColumn('purpose', 'varchar(250)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_root_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('total_msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('total_msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('extra_update_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('creator_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('scheme_id', id)
      .addColumn('group_constrained', 'integer')
      .addColumn('shared', 'integer')
      .addColumn('props', 'text')
      .addUniqueConstraint('channels_name_team_id_key', ['name', 'team_id'])
      .execute();
    await s.createIndex('idx_channels_team_id_type').on('channels').columns(['team_id', 'type']).execute();
    await s.createIndex('idx_channels_team_id_display_name').on('channels').columns(['team_id', 'display_name']).execute();
    await s.createIndex('idx_channels_update_at').on('channels').column('update_at').execute();

    await s
      .createTable('channel_members')
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_viewed_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('mention_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('urgent_mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('last_update_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('scheme_guest', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('scheme_user', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('scheme_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
      .execute();
    await s.createIndex('idx_channel_members_user_id').on('channel_members').columns(['user_id', 'channel_id']).execute();

    await s
      .createTable('posts')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('edit_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('is_pinned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('original_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('hashtags', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
      .addColumn('file_ids', 'varchar(300)', (c) => c.notNull().defaultTo('[]'))
      .addColumn('has_reactions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('remote_id', 'varchar(26)')
      .addColumn('pending_post_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .execute();
    await s.createIndex('idx_posts_channel_id_delete_at_create_at').on('posts').columns(['channel_id', 'delete_at', 'create_at']).execute();
    await s.createIndex('idx_posts_channel_id_update_at').on('posts').columns(['channel_id', 'update_at']).execute();
    await s.createIndex('idx_posts_root_id_delete_at').on('posts').columns(['root_id', 'delete_at']).execute();
    await s.createIndex('idx_posts_original_id').on('posts').column('original_id').execute();
    await s.createIndex('idx_posts_user_id').on('posts').column('user_id').execute();
    await s.createIndex('idx_posts_channel_id_is_pinned').on('posts').columns(['channel_id', 'is_pinned']).execute();
    // A retried createPost (same pending_post_id from the same user) must find the first post, even across nodes.
    await s
      .createIndex('idx_posts_user_id_pending_post_id')
      .on('posts')
      .columns(['user_id', 'pending_post_id'])
      .unique()
      .where(sql.ref('pending_post_id'), '<>', '')
      .execute();

    await s
      .createTable('reactions')
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('post_id', id, (c) => c.notNull())
      .addColumn('emoji_name', 'varchar(64)', (c) => c.notNull())
      .addColumn('create_at', 'bigint', (c) => c.notNull())
      .addColumn('update_at', 'bigint', (c) => c.notNull())
      .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('remote_id', 'varchar(26)')
      .addPrimaryKeyConstraint('reactions_pk', ['post_id', 'user_id', 'emoji_name'])
      .execute();
    await s.createIndex('idx_reactions_channel_id').on('reactions').column('channel_id').execute();

    await s
      .createTable('preferences')
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('category', 'varchar(32)', (c) => c.notNull())
      .addColumn('name', 'varchar(32)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('preferences_pk', ['user_id', 'category', 'name'])
      .execute();
    await s.createIndex('idx_preferences_category_name').on('preferences').columns(['category', 'name']).execute();

    await s
      .createTable('status')
      .addColumn('user_id', id, (c) => c.primaryKey())
      .addColumn('status', 'varchar(32)', (c) => c.notNull())
      .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('dnd_end_time', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('prev_status', 'varchar(32)', (c) => c.notNull().defaultTo(''))
      .execute();
    await s.createIndex('idx_status_status_dnd_end_time').on('status').columns(['status', 'dnd_end_time']).execute();

    await s
      .createTable('threads')
      .addColumn('post_id', id, (c) => c.primaryKey())
      .addColumn('channel_id', id, (c) => c.notNull())
      .addColumn('reply_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_reply_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('participants', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('thread_delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('thread_team_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
      .execute();
    await s.createIndex('idx_threads_channel_id_last_reply_at').on('threads').columns(['channel_id', 'last_reply_at']).execute();

    await s
      .createTable('thread_memberships')
      .addColumn('post_id', id, (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('following', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('last_viewed', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_updated', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('unread_mentions', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('thread_memberships_pk', ['post_id', 'user_id'])
      .execute();
    await s.createIndex('idx_thread_memberships_user_id').on('thread_memberships').columns(['user_id', 'last_updated']).execute();

    await s
      .createTable('systems')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
