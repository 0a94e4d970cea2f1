import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makePost, makeUser, wirePost } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { usersReceived } from '../store/users-slice';
import { channelPostsLoaded } from '../store/posts-slice';
import { channelSelected } from '../store/channels-slice';
import { handleSocketEvent } from '../store/socket-events';
import { PostItem } from './PostItem';
import { PostAttachments } from './PostAttachments';

const me = makeUser({ username: 'me' });
const bot = makeUser({ username: 'deploybot' });
const channel = makeChannel();

describe('PostAttachments', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me, bot]));
  });
  afterEach(cleanup);

  function show(attachments: unknown, message = '') {
    const post = makePost({ channel_id: channel.id, user_id: bot.id, message, props: { attachments } });
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [post] }));
    return { post, ...renderWith(store, <PostItem postId={post.id} continuation={false} />) };
  }

  it('shows every field of an attachment', () => {
    const { container } = show([
      {
        color: 'danger',
        pretext: 'A **deploy** happened',
        author_name: 'CI',
        author_icon: 'https://ci.example.com/icon.png',
        author_link: 'https://ci.example.com/',
        title: 'Build 42',
        title_link: 'https://ci.example.com/builds/42',
        text: 'All _green_',
        fields: [
          { title: 'Branch', value: 'main', short: true },
          { title: 'Commit', value: '`abc123`', short: true },
          { title: 'Notes', value: 'long one', short: false },
        ],
        image_url: 'https://ci.example.com/graph.png',
        thumb_url: 'https://ci.example.com/thumb.png',
        footer: 'Parley CI',
        footer_icon: 'https://ci.example.com/f.png',
      },
      { color: '#00ff00', text: 'second' },
    ]);
    const boxes = container.querySelectorAll<HTMLElement>('.message-attachment__box');
    expect(boxes).toHaveLength(2);
    expect(boxes[0]!.style.borderInlineStartColor).toBe('rgb(204, 50, 57)');
    expect(boxes[1]!.style.borderInlineStartColor).toBe('rgb(0, 255, 0)');
    expect(container.querySelector('.message-attachment__pretext strong')?.textContent).toBe('deploy');
    const author = screen.getByRole('link', { name: 'CI' });
    expect(author.getAttribute('href')).toBe('https://ci.example.com/');
    expect(author.getAttribute('target')).toBe('_blank');
    expect(author.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelector('.message-attachment__author-icon')?.getAttribute('src')).toBe('https://ci.example.com/icon.png');
    expect(screen.getByRole('link', { name: 'Build 42' }).getAttribute('href')).toBe('https://ci.example.com/builds/42');
    expect(container.querySelector('.message-attachment__text em')?.textContent).toBe('green');
    const rows = container.querySelectorAll('.message-attachment__field-row');
    // Two short fields share a row; the long one has its own.
    expect(rows).toHaveLength(2);
    expect(rows[0]!.querySelectorAll('.message-attachment__field--short')).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Branch');
    expect(rows[0]!.querySelector('code')?.textContent).toBe('abc123');
    expect(rows[1]!.textContent).toContain('long one');
    expect(container.querySelector('.message-attachment__image')?.getAttribute('src')).toBe('https://ci.example.com/graph.png');
    expect(container.querySelector('.message-attachment__thumb')?.getAttribute('src')).toBe('https://ci.example.com/thumb.png');
    expect(container.querySelector('.message-attachment__footer')?.textContent).toBe('Parley CI');
    expect(container.querySelector('.message-attachment__footer-icon')?.getAttribute('src')).toBe('https://ci.example.com/f.png');
  });

  it('renders hostile payloads inert', () => {
    const { container } = show([
      {
        color: 'red;background:url(javascript:alert(1))',
        pretext: '<script>window.pwned = 1</script>',
        author_name: '<b>x</b>',
        author_link: 'javascript:alert(1)',
        author_icon: 'data:image/svg+xml,<svg onload=alert(1)>',
        title: '<img src=x onerror=alert(1)>',
        title_link: 'javascript:alert(1)',
        text: '[click](javascript:alert(1)) <img src=x onerror="alert(1)"> [data](data:text/html,<script>alert(1)</script>)',
        fields: [{ title: '<i>t</i>', value: '<script>alert(2)</script>', short: true }],
        image_url: 'javascript:alert(1)',
        thumb_url: '/relative.png',
        footer: '<script>x</script>',
        footer_icon: 'vbscript:msgbox',
      },
    ]);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('.message-attachment [onerror]')).toBeNull();
    expect(container.querySelectorAll('.message-attachment img')).toHaveLength(0);
    expect(container.querySelector('.message-attachment b')).toBeNull();
    expect(container.querySelector('.message-attachment i')).toBeNull();
    for (const a of container.querySelectorAll('.message-attachment a')) expect(a.getAttribute('href') ?? '').toMatch(/^https?:/);
    // The text is still there, as text.
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(screen.getByText('<b>x</b>')).toBeTruthy();
    expect(container.querySelector('.message-attachment__box')?.getAttribute('style') ?? '').not.toContain('javascript');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('ignores props.attachments that are not a list of objects', () => {
    const { container } = renderWith(store, <PostAttachments postId="p" attachments={'<script>' as unknown} />);
    expect(container.innerHTML).toBe('');
  });

  it('runs a button through doPostAction, disabled while in flight', async () => {
    let finish: () => void = () => {};
    services.fakeClient.doPostAction = vi.fn(() => new Promise<object>((resolve) => (finish = () => resolve({}))));
    const { post } = show([{ text: 'Approve?', actions: [{ id: 'approve1', name: 'Approve', type: 'button', style: 'primary' }, { id: 'deny1', name: 'Deny', type: 'button', style: 'danger' }] }]);
    const approve = screen.getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.className).toContain('attachment-button--primary');
    expect(screen.getByRole('button', { name: 'Deny' }).className).toContain('attachment-button--danger');
    fireEvent.click(approve);
    expect(services.fakeClient.doPostAction).toHaveBeenCalledWith(post.id, 'approve1', '');
    expect(approve.disabled).toBe(true);
    await act(async () => finish());
    expect(approve.disabled).toBe(false);
  });

  it('shows a failed action’s error beside it', async () => {
    services.fakeClient.doPostAction = vi.fn(async () => {
      throw Object.assign(new Error('The integration could not be reached.'), { server_error_id: 'api.post.do_action.action_integration.app_error', status_code: 400 });
    });
    show([{ actions: [{ id: 'go', name: 'Go', type: 'button' }] }]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Go' })));
    expect(screen.getByRole('alert').textContent).toBe('The integration could not be reached.');
    expect((screen.getByRole('button', { name: 'Go' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('sends a menu’s chosen option', async () => {
    services.fakeClient.doPostAction = vi.fn(async () => ({}));
    const { post } = show([{ actions: [{ id: 'pick', name: 'Pick a size', type: 'select', options: [{ text: 'Small', value: 's' }, { text: 'Large', value: 'l' }] }] }]);
    const menu = screen.getByRole('combobox', { name: 'Pick a size' });
    await act(async () => fireEvent.change(menu, { target: { value: 'l' } }));
    expect(services.fakeClient.doPostAction).toHaveBeenCalledWith(post.id, 'pick', 'l');
  });

  it('shows an ephemeral answer in the channel, marked as only for this user', () => {
    store.dispatch(channelSelected(channel.id));
    const root = makePost({ channel_id: channel.id, user_id: bot.id, message: 'root' });
    store.dispatch(channelPostsLoaded({ channelId: channel.id, posts: [root] }));
    const eph = makePost({ channel_id: channel.id, user_id: bot.id, root_id: root.id, type: 'system_ephemeral', message: 'Only **you** see this' });
    store.dispatch(handleSocketEvent({ event: 'ephemeral_message', data: { post: wirePost(eph) }, broadcast: { user_id: me.id, channel_id: channel.id } }));
    const state = store.getState();
    expect(state.posts.channels[channel.id]!.order).toContain(eph.id);
    expect(state.posts.byId[root.id]!.reply_count).toBe(0);
    const { container } = renderWith(store, <PostItem postId={eph.id} continuation={false} />);
    expect(screen.getByText('(Only visible to you)')).toBeTruthy();
    expect(container.querySelector('.markdown strong')?.textContent).toBe('you');
    expect(screen.queryByRole('toolbar')).toBeNull();
  });
});
