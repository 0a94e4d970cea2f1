import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makePost, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { usersReceived } from '../store/users-slice';
import { channelPostsLoaded, pendingPostAdded, pendingPostFailed } from '../store/posts-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { postHighlighted } from '../store/ui-slice';
import { makeTeam } from '../test-utils/factories';
import { PostItem } from './PostItem';

const me = makeUser({ username: 'me' });
const bob = makeUser({ username: 'bob', props: { gender: 'female' } });
const channel = makeChannel();

describe('PostItem', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bob]));
  });
  afterEach(cleanup);

  function show(post: ReturnType<typeof makePost>, locale = 'en', continuation = false) {
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [post] }));
    return renderWith(store, <PostItem postId={post.id} continuation={continuation} />, locale);
  }

  it('shows author, time, markdown, the edited marker and a mention highlight', () => {
    const post = makePost({ channel_id: channel.id, user_id: bob.id, message: '**Ship** it, @me <i>now</i>', edit_at: 5 });
    const { container } = show(post);
    expect(screen.getByText('bob')).toBeTruthy();
    expect(container.querySelector('.markdown strong')?.textContent).toBe('Ship');
    expect(container.querySelector('.markdown i')).toBeNull();
    expect(container.querySelector('.mention--me')?.textContent).toBe('@me');
    expect(screen.getByText('(edited)')).toBeTruthy();
    expect(container.querySelector('.post--mention')).not.toBeNull();
  });

  it('copies the post’s permalink, and is marked when a permalink opened it', async () => {
    const team = makeTeam({ name: 'acme' });
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    const post = makePost({ channel_id: channel.id, user_id: bob.id });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { container } = show(post);
    act(() => {
      store.dispatch(postHighlighted({ postId: post.id, channelId: channel.id }));
    });
    expect(container.querySelector('.post--highlighted')).not.toBeNull();

    fireEvent.keyDown(screen.getByRole('button', { name: 'More actions' }), { key: 'Enter' });
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Copy link' }));
    });
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/acme/pl/${post.id}`);
    expect(store.getState().ui.toast).toEqual({ id: 'post.linkCopied' });
  });

  it('hides the name on a continuation', () => {
    const post = makePost({ channel_id: channel.id, user_id: bob.id });
    const { container } = show(post, 'en', true);
    expect(container.querySelector('.post__author')).toBeNull();
    expect(container.querySelector('.post--continuation')).not.toBeNull();
  });

  it('shows the reply count with the locale’s plural and opens the thread', () => {
    const post = makePost({ channel_id: channel.id, user_id: bob.id, reply_count: 5 });
    services.fakeClient.getPostThread = vi.fn(async () => ({ order: [post.id], posts: { [post.id]: post } }));
    show(post, 'ru');
    fireEvent.click(screen.getByText('5 ответов'));
    expect(store.getState().ui.threadRootId).toBe(post.id);
  });

  it('toggles my reaction at once and tells the server', () => {
    const post = makePost({ channel_id: channel.id, user_id: bob.id, reactions: [{ user_id: bob.id, post_id: '', emoji_name: '+1', create_at: 1 }] });
    post.reactions[0]!.post_id = post.id;
    show(post);
    const chip = screen.getByRole('button', { pressed: false, name: /reacted with :\+1:/ });
    expect(chip.textContent).toContain('1');
    fireEvent.click(chip);
    expect(store.getState().posts.byId[post.id]!.reactions).toHaveLength(2);
    expect(services.fakeClient.addReaction).toHaveBeenCalledWith(me.id, post.id, '+1');
    expect(screen.getByRole('button', { pressed: true }).textContent).toContain('2');
  });

  it('renders system messages in the reader’s language, with the actor’s gender', () => {
    const post = makePost({ channel_id: channel.id, user_id: bob.id, type: 'system_join_channel', props: { username: 'bob' } });
    const { container } = show(post, 'ru');
    expect(container.querySelector('.post--system')?.textContent).toContain('bob присоединилась к каналу.');
  });

  it('offers retry and discard for a post that failed to send', () => {
    const pending = makePost({ id: `${me.id}:9`, channel_id: channel.id, user_id: me.id, pending_post_id: `${me.id}:9`, message: 'lost' });
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [] }));
    store.dispatch(pendingPostAdded(pending));
    store.dispatch(pendingPostFailed(pending.id));
    renderWith(store, <PostItem postId={pending.id} continuation={false} />);
    expect(screen.getByRole('alert').textContent).toContain('Message not sent.');
    fireEvent.click(screen.getByText('Discard'));
    expect(store.getState().posts.byId[pending.id]).toBeUndefined();
  });

  it('shows attached pictures as thumbnails that open large, and other files as cards to download', () => {
    services.fakeClient.getFileUrl = vi.fn((id: string) => `/api/v4/files/${id}`);
    services.fakeClient.getFileThumbnailUrl = vi.fn((id: string) => `/api/v4/files/${id}/thumbnail`);
    services.fakeClient.getFilePreviewUrl = vi.fn((id: string) => `/api/v4/files/${id}/preview`);
    const picture = { id: 'img1', name: 'sketch.png', extension: 'png', size: 2048, mime_type: 'image/png', width: 600, height: 300, has_preview_image: true };
    const pdf = { id: 'doc1', name: 'report.pdf', extension: 'pdf', size: 1572864, mime_type: 'application/pdf', width: 0, height: 0, has_preview_image: false };
    const post = makePost({ channel_id: channel.id, user_id: bob.id, message: '', files: [picture, pdf] });
    const { container } = show(post, 'ru');

    const thumb = container.querySelector('.attachment-picture img') as HTMLImageElement;
    expect(thumb.getAttribute('src')).toBe('/api/v4/files/img1/thumbnail');
    // Fitted into the thumbnail box before it loads: 600×300 → 120×60.
    expect([thumb.width, thumb.height]).toEqual([120, 60]);
    expect(container.querySelector('.post__message')).toBeNull();
    const card = container.querySelector('.file-card')!;
    expect(card.textContent).toContain('report.pdf');
    expect(card.querySelector('.file-card__meta')?.textContent).toBe('PDF · 1,5 МБ');
    const download = screen.getByRole('link', { name: 'Скачать report.pdf' });
    expect(download.getAttribute('href')).toBe('/api/v4/files/doc1?download=1');
    expect(download.getAttribute('download')).toBe('report.pdf');

    fireEvent.click(screen.getByRole('button', { name: 'Открыть sketch.png' }));
    const dialog = screen.getByRole('dialog', { name: 'sketch.png' });
    expect(dialog.querySelector('.image-viewer img')?.getAttribute('src')).toBe('/api/v4/files/img1');
  });
});
