import { memo, useState } from 'react';
import { useIntl } from 'react-intl';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { isSystemPost } from '../store/model';
import { deletePost, discardPendingPost, submitPendingPost, toggleReaction } from '../store/post-thunks';
import { openThread } from '../store/navigation-actions';
import { mentionsUser } from '../markdown/render';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { Reactions } from './Reactions';
import { ReactionPicker } from './ReactionPicker';
import { SystemMessage } from './SystemMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { PostEditor } from './PostEditor';
import { FileAttachments } from './FileAttachments';
import { DotsIcon, ReplyIcon, SmileIcon } from './Icons';

export const PostItem = memo(function PostItem({ postId, continuation, inThread = false }: { postId: string; continuation: boolean; inThread?: boolean }) {
  const t = useT();
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const post = useAppSelector((s) => s.posts.byId[postId]);
  const pending = useAppSelector((s) => s.posts.pending[postId]);
  const author = useAppSelector((s) => (post ? s.users.byId[post.user_id] : undefined));
  const me = useAppSelector((s) => s.session.me);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (!post) return null;
  const time = intl.formatTime(post.create_at, { hour: 'numeric', minute: '2-digit' });
  const fullTime = intl.formatDate(post.create_at, { dateStyle: 'full', timeStyle: 'short' });

  if (isSystemPost(post)) {
    return (
      <div className="post post--system" data-post-id={post.id}>
        <div className="post__gutter">
          <time className="post__hover-time" dateTime={new Date(post.create_at).toISOString()} title={fullTime}>
            {time}
          </time>
        </div>
        <div className="post__body">
          <SystemMessage post={post} />
        </div>
      </div>
    );
  }

  const mine = me?.id === post.user_id;
  const mentioned = !mine && me !== null && mentionsUser(post.message, me.username);
  const classes = ['post', continuation ? 'post--continuation' : '', pending ? `post--${pending}` : '', mentioned ? 'post--mention' : ''].filter(Boolean).join(' ');

  return (
    <article className={classes} data-post-id={post.id} aria-label={t('post.label', { name: author?.username ?? '…', time })}>
      <div className="post__gutter">
        {continuation ? (
          <time className="post__hover-time" dateTime={new Date(post.create_at).toISOString()} title={fullTime}>
            {time}
          </time>
        ) : (
          <Avatar userId={post.user_id} />
        )}
      </div>
      <div className="post__body">
        {!continuation && (
          <header className="post__header">
            <span className="post__author">{author?.username ?? '…'}</span>
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()} title={fullTime}>
              {time}
            </time>
          </header>
        )}
        {editing ? (
          <PostEditor post={post} onDone={() => setEditing(false)} />
        ) : (post.message !== '' || post.edit_at > 0) && (
          <div className="post__message">
            <Markdown text={post.message} myUsername={me?.username ?? ''} />
            {post.edit_at > 0 && (
              <span className="post__edited" title={intl.formatDate(post.edit_at, { dateStyle: 'medium', timeStyle: 'short' })}>
                {t('post.edited')}
              </span>
            )}
          </div>
        )}
        <FileAttachments files={post.files} />
        {pending === 'failed' && (
          <p className="post__failed" role="alert">
            {t('post.failed')}{' '}
            <button type="button" className="link-button" onClick={() => void dispatch(submitPendingPost(post.id))}>
              {t('post.retry')}
            </button>
            {' · '}
            <button type="button" className="link-button" onClick={() => dispatch(discardPendingPost(post.id))}>
              {t('post.discard')}
            </button>
          </p>
        )}
        <Reactions postId={post.id} reactions={post.reactions} />
        {!inThread && post.reply_count > 0 && (
          <button type="button" className="post__replies" onClick={() => void dispatch(openThread(post.id))}>
            <ReplyIcon size={15} />
            {t('post.replies', { count: post.reply_count })}
          </button>
        )}
      </div>
      {!pending && !editing && (
        <div className="post__actions" role="toolbar" aria-label={t('post.actions')}>
          <ReactionPicker label={t('reactions.add')} onPick={(name) => void dispatch(toggleReaction(post.id, name))}>
            <button type="button" className="icon-button icon-button--small">
              <SmileIcon size={16} />
            </button>
          </ReactionPicker>
          {!inThread && (
            <button type="button" className="icon-button icon-button--small" aria-label={t('post.reply')} title={t('post.reply')} onClick={() => void dispatch(openThread(post.root_id || post.id))}>
              <ReplyIcon size={16} />
            </button>
          )}
          {mine && (
            <DropdownMenu.Root>
              <DropdownMenu.Trigger className="icon-button icon-button--small" aria-label={t('post.more')}>
                <DotsIcon size={16} />
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                  <DropdownMenu.Item className="menu__item" onSelect={() => setEditing(true)}>
                    {t('post.edit')}
                  </DropdownMenu.Item>
                  <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => setConfirmDelete(true)}>
                    {t('post.delete')}
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          )}
        </div>
      )}
      {confirmDelete && (
        <ConfirmDialog
          open
          title={t('post.delete.title')}
          message={post.root_id === '' && post.reply_count > 0 ? t('post.delete.withReplies', { count: post.reply_count }) : t('post.delete.body')}
          confirmLabel={t('post.delete')}
          onConfirm={() => void dispatch(deletePost(post.id))}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </article>
  );
});
