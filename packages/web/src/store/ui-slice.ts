import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { MessageId } from '../i18n/locales';
import { signedOut } from './session-slice';
import { channelSelected } from './channels-slice';
import { postDeleted } from './post-actions';

export type DialogName = 'createChannel' | 'browseChannels' | 'directMessage' | 'createTeam' | 'settings' | null;

/** A server's words as they came, or one of ours from the catalog (translated when shown). */
export type ToastMessage = string | { id: MessageId; values?: Record<string, string | number> };

export interface UiState {
  /** Root post whose thread is open in the side panel. */
  threadRootId: string | null;
  /** Phone layout: the sidebar slides over the channel. */
  sidebarOpen: boolean;
  dialog: DialogName;
  /** A short message shown at the bottom (e.g. a failed request). */
  toast: ToastMessage | null;
  /**
   * Where the "New messages" line goes: above the first post after `since` (the membership's
   * last_viewed_at from before the channel was opened and marked read). Kept until another channel opens.
   */
  newMessages: { channelId: string; since: number } | null;
}

const initialState: UiState = { threadRootId: null, sidebarOpen: false, dialog: null, toast: null, newMessages: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    threadOpened(state, action: PayloadAction<string>) {
      state.threadRootId = action.payload;
    },
    threadClosed(state) {
      state.threadRootId = null;
    },
    sidebarToggled(state, action: PayloadAction<boolean | undefined>) {
      state.sidebarOpen = action.payload ?? !state.sidebarOpen;
    },
    dialogOpened(state, action: PayloadAction<DialogName>) {
      state.dialog = action.payload;
    },
    toastShown(state, action: PayloadAction<ToastMessage | null>) {
      state.toast = action.payload;
    },
    newMessagesMarked(state, action: PayloadAction<{ channelId: string; since: number }>) {
      state.newMessages = action.payload;
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      .addCase(channelSelected, (state, { payload }) => {
        state.sidebarOpen = false;
        if (state.newMessages && state.newMessages.channelId !== payload) state.newMessages = null;
      })
      .addCase(postDeleted, (state, { payload }) => {
        if (state.threadRootId === payload.id) state.threadRootId = null;
      }),
});

export const { threadOpened, threadClosed, sidebarToggled, dialogOpened, toastShown, newMessagesMarked } = uiSlice.actions;
