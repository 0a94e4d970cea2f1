import { memo, useState } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { isSystemPost } from '../store/model';
import { deletePost, discardPendingPost, setPinned, submitPendingPost, toggleReaction } from '../store/post-thunks';
import { toggleSavedPost } from '../store/preference-actions';
import { openThread } from '../store/navigation-actions';
import { editStarted, toastShown } from '../store/ui-slice';
import { buildPermalink } from '../app/url';
import { isSavedPost, selectDisplayName } from '../store/selectors';
import { mentionsUser } from '../markdown/mentions';
import { useT } from '../i18n/use-t';
import { useTimeFormat } from '../i18n/time';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { Reactions } from './Reactions';
import { ReactionPicker } from './ReactionPicker';
import { SystemMessage } from './SystemMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { PostEditor } from './PostEditor';
import { FileAttachments } from './FileAttachments';
import { PostAttachments } from './PostAttachments';
import { isEphemeral } from '../store/interactive-actions';
import { focusComposer } from './Composer';
import { BookmarkIcon, DotsIcon, PinIcon, ReplyIcon, SmileIcon } from './Icons';

export const PostItem = memo(function PostItem({ postId, continuation, inThread = false }: { postId: string; continuation: boolean; inThread?: boolean }) {
  const t = useT();
  const when = useTimeFormat();
  const dispatch = useAppDispatch();
  const post = useAppSelector((s) => s.posts.byId[postId]);
  const pending = useAppSelector((s) => s.posts.pending[postId]);
  const authorName = useAppSelector((s) => (post ? selectDisplayName(s, post.user_id) : '…'));
  const me = useAppSelector((s) => s.session.me);
  const editing = useAppSelector((s) => s.ui.editingPostId === postId && s.ui.editingInThread === inThread);
  const saved = useAppSelector((s) => isSavedPost(s, postId));
  const highlighted = useAppSelector((s) => !inThread && s.ui.highlight?.postId === postId);
  const teamName = useAppSelector((s) => (s.teams.currentId ? s.teams.byId[s.teams.currentId]?.name : undefined));
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (!post) return null;
  const time = when.time(post.create_at);
  const fullTime = when.full(post.create_at);
  const pinned = post.is_pinned;

  const ephemeral = isEphemeral(post);
  if (isSystemPost(post) && !ephemeral) {
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
  const classes = ['post', continuation ? 'post--continuation' : '', pending ? `post--${pending}` : '', mentioned ? 'post--mention' : '', pinned ? 'post--pinned' : '', highlighted ? 'post--highlighted' : ''].filter(Boolean).join(' ');
  const copyLink = () => {
    if (!teamName) return;
    const url = `${window.location.origin}${buildPermalink(teamName, post.id)}`;
    void navigator.clipboard
      ?.writeText(url)
      .then(() => dispatch(toastShown({ id: 'post.linkCopied' })))
      .catch(() => {});
  };
  const stopEditing = () => {
    dispatch(editStarted(null));
    focusComposer(post.channel_id, inThread ? post.root_id || post.id : '');
  };

  return (
    <article className={classes} data-post-id={post.id} aria-label={t('post.label', { name: authorName, time })}>
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
            <span className="post__author">{authorName}</span>
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()} title={fullTime}>
              {time}
            </time>
            {pinned && (
              <span className="post__flag">
                <PinIcon size={12} />
                {t('post.pinned')}
              </span>
            )}
            {saved && (
              <span className="post__flag">
                <BookmarkIcon size={12} filled />
                {t('post.saved')}
              </span>
            )}
            {ephemeral && <span className="post__flag post__flag--ephemeral">{t('post.onlyVisibleToYou')}</span>}
          </header>
        )}
        {continuation && (pinned || saved) && (
          <span className="post__flag post__flag--inline">
            {pinned && <PinIcon size={12} />}
            {saved && <BookmarkIcon size={12} filled />}
            {pinned ? t('post.pinned') : t('post.saved')}
          </span>
        )}
        {editing ? (
          <PostEditor post={post} onDone={stopEditing} />
        ) : (
          (post.message !== '' || post.edit_at > 0) && (
            // dir="auto": a message runs in its own script's direction (English in an Arabic page, and back).
            <div className="post__message" dir="auto">
              <Markdown text={post.message} myUsername={me?.username ?? ''} />
              {post.edit_at > 0 && (
                <span className="post__edited" title={when.medium(post.edit_at)}>
                  {t('post.edited')}
                </span>
              )}
            </div>
          )
        )}
        {continuation && ephemeral && <span className="post__flag post__flag--inline post__flag--ephemeral">{t('post.onlyVisibleToYou')}</span>}
        {post.props.attachments !== undefined && <PostAttachments postId={post.id} attachments={post.props.attachments} />}
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
      {!pending && !editing && !ephemeral && (
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
          <DropdownMenu.Root>
            <DropdownMenu.Trigger className="icon-button icon-button--small" aria-label={t('post.more')}>
              <DotsIcon size={16} />
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(toggleSavedPost(post.id))}>
                  {saved ? t('post.unsave') : t('post.save')}
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(setPinned(post.id, !pinned))}>
                  {pinned ? t('post.unpin') : t('post.pin')}
                </DropdownMenu.Item>
                {!pending && (
                  <DropdownMenu.Item className="menu__item" onSelect={copyLink}>
                    {t('post.copyLink')}
                  </DropdownMenu.Item>
                )}
                {mine && (
                  <>
                    <DropdownMenu.Separator className="menu__separator" />
                    <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(editStarted({ postId: post.id, inThread }))}>
                      {t('post.edit')}
                    </DropdownMenu.Item>
                    <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => setConfirmDelete(true)}>
                      {t('post.delete')}
                    </DropdownMenu.Item>
                  </>
                )}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
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
