import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeChannel, makeTeam, makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { myTeamsLoaded, teamSelected } from '../store/teams-slice';
import { channelSelected, channelsReceived } from '../store/channels-slice';
import { handleSocketEvent } from '../store/socket-events';
import { InteractiveDialogHost } from './InteractiveDialog';

const me = makeUser({ username: 'me' });
const team = makeTeam();
const channel = makeChannel({ team_id: team.id });

const openDialog = {
  trigger_id: 'trig1',
  url: 'http://127.0.0.1:9/dialog',
  dialog: {
    callback_id: 'cb1',
    title: 'Order lunch',
    introduction_text: 'Pick **well**',
    submit_label: 'Order',
    notify_on_cancel: true,
    state: 'st8',
    elements: [
      { display_name: 'Name', name: 'name', type: 'text', min_length: 3, max_length: 10, placeholder: 'Your name', help_text: 'As on your badge' },
      { display_name: 'Count', name: 'count', type: 'text', subtype: 'number', default: '1' },
      { display_name: 'Notes', name: 'notes', type: 'textarea', optional: true },
      { display_name: 'Dish', name: 'dish', type: 'select', options: [{ text: 'Soup', value: 'soup' }, { text: 'Salad', value: 'salad' }] },
      { display_name: 'Size', name: 'size', type: 'radio', options: [{ text: 'Small', value: 's' }, { text: 'Large', value: 'l' }], default: 's' },
      { display_name: 'Spicy', name: 'spicy', type: 'bool', optional: true, placeholder: 'Make it hot' },
      { display_name: 'Ignored', name: 'x', type: 'unknown' },
    ],
  },
};

describe('InteractiveDialog', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(myTeamsLoaded([team]));
    store.dispatch(teamSelected(team.id));
    store.dispatch(channelsReceived([channel]));
    store.dispatch(channelSelected(channel.id));
    store.dispatch(handleSocketEvent({ event: 'open_dialog', data: { dialog: JSON.stringify(openDialog) }, broadcast: { user_id: me.id } }));
    renderWith(store, <InteractiveDialogHost />);
  });
  afterEach(cleanup);

  it('opens from the open_dialog event with its elements and defaults', () => {
    expect(screen.getByRole('dialog', { name: 'Order lunch' })).toBeTruthy();
    expect(screen.getByText('well').tagName).toBe('STRONG');
    expect((screen.getByLabelText('Name') as HTMLInputElement).placeholder).toBe('Your name');
    expect(screen.getByText('As on your badge')).toBeTruthy();
    expect((screen.getByLabelText('Count') as HTMLInputElement).value).toBe('1');
    expect((screen.getByRole('radio', { name: 'Small' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('checkbox', { name: 'Make it hot' })).toBeTruthy();
    expect(screen.queryByLabelText('Ignored')).toBeNull();
  });

  it('checks required and length rules before sending anything', async () => {
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Order' })));
    expect(services.fakeClient.submitInteractiveDialog).toBeUndefined();
    expect(screen.getAllByText('This field is required.')).toHaveLength(2); // name and dish; notes is optional
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Al' } });
    fireEvent.change(screen.getByLabelText('Count'), { target: { value: 'many' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Order' })));
    expect(screen.getByText('Must be at least 3 characters.')).toBeTruthy();
    expect(screen.getByText('Must be a number.')).toBeTruthy();
  });

  it('shows the integration’s errors, then closes when it accepts', async () => {
    services.fakeClient.submitInteractiveDialog = vi
      .fn()
      .mockResolvedValueOnce({ errors: { name: 'No such person' }, error: 'Try again' })
      .mockResolvedValueOnce({});
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Alice' } });
    fireEvent.change(screen.getByLabelText('Count'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Dish'), { target: { value: 'soup' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Make it hot' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Order' })));
    expect(services.fakeClient.submitInteractiveDialog).toHaveBeenCalledWith({
      url: openDialog.url,
      callback_id: 'cb1',
      state: 'st8',
      submission: { name: 'Alice', count: 2, notes: '', dish: 'soup', size: 's', spicy: true },
      user_id: me.id,
      channel_id: channel.id,
      team_id: team.id,
      cancelled: false,
    });
    expect(screen.getByText('No such person')).toBeTruthy();
    expect(screen.getByText('Try again')).toBeTruthy();
    expect(screen.getByRole('dialog')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Order' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().ui.interactiveDialog).toBeNull();
  });

  it('tells the integration when it is cancelled (notify_on_cancel)', async () => {
    services.fakeClient.submitInteractiveDialog = vi.fn(async () => ({}));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(services.fakeClient.submitInteractiveDialog).toHaveBeenCalledWith(expect.objectContaining({ callback_id: 'cb1', cancelled: true, submission: {} }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('ignores a malformed open_dialog event', () => {
    store.dispatch(handleSocketEvent({ event: 'open_dialog', data: { dialog: '{not json' } }));
    store.dispatch(handleSocketEvent({ event: 'open_dialog', data: { dialog: JSON.stringify({ trigger_id: 'x' }) } }));
    expect(store.getState().ui.interactiveDialog?.dialog.callback_id).toBe('cb1');
  });
});
