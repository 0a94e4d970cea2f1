import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { MessageId } from '../i18n/locales';
import { signedOut } from './session-slice';
import { channelSelected } from './channels-slice';
import { postDeleted } from './post-actions';
import type { InteractiveDialog } from './interactive-actions';

/** A dialog an integration opened (the `open_dialog` event): where its answers go, and what it asks. */
export interface OpenInteractiveDialog {
  url: string;
  triggerId: string;
  dialog: InteractiveDialog;
}

export type DialogName = 'createChannel' | 'browseChannels' | 'directMessage' | 'createTeam' | 'settings' | 'switcher' | null;

/** A server's words as they came, or one of ours from the catalog (translated when shown). */
export type ToastMessage = string | { id: MessageId; values?: Record<string, string | number> };

/** What the main area shows: the open channel, or the followed threads. */
export type MainView = 'channel' | 'threads';

/**
 * A desktop notification the store decided to show; the UI words it in the reader's language and hands it
 * to the browser (see DesktopNotifications).
 */
export interface NotificationRequest {
  postId: string;
  channelId: string;
  teamId: string;
  /** Set for a reply shown in collapsed threads: clicking opens the thread. */
  rootId: string;
  kind: 'direct' | 'group' | 'channel' | 'reply';
  channelName: string;
  senderId: string;
  senderName: string;
  message: string;
  fileCount: number;
  silent: boolean;
}

export interface UiState {
  view: MainView;
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
  /** The post being edited in place (from its menu, or Up in an empty message box). */
  editingPostId: string | null;
  /** Where: in the thread panel or in the channel (a root post shows in both). */
  editingInThread: boolean;
  /** Desktop notifications waiting to be shown. */
  notifications: NotificationRequest[];
  /** The post a permalink opened: the channel's list scrolls to it and marks it for a moment. */
  highlight: { postId: string; channelId: string; seq: number } | null;
  /** An integration's dialog, open until submitted or dismissed. */
  interactiveDialog?: OpenInteractiveDialog | null;
}

const MAX_QUEUED_NOTIFICATIONS = 20;

const initialState: UiState = { view: 'channel', threadRootId: null, sidebarOpen: false, dialog: null, toast: null, newMessages: null, editingPostId: null, editingInThread: false, notifications: [], highlight: null };

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
    viewChanged(state, action: PayloadAction<MainView>) {
      state.view = action.payload;
      state.sidebarOpen = false;
    },
    editStarted(state, action: PayloadAction<{ postId: string; inThread: boolean } | null>) {
      state.editingPostId = action.payload?.postId ?? null;
      state.editingInThread = action.payload?.inThread ?? false;
    },
    notificationRequested(state, action: PayloadAction<NotificationRequest>) {
      state.notifications.push(action.payload);
      // Nothing showing them (no team open yet): old ones are news no more.
      if (state.notifications.length > MAX_QUEUED_NOTIFICATIONS) state.notifications.shift();
    },
    notificationsTaken(state, action: PayloadAction<number>) {
      state.notifications.splice(0, action.payload);
    },
    postHighlighted(state, action: PayloadAction<{ postId: string; channelId: string }>) {
      state.highlight = { ...action.payload, seq: (state.highlight?.seq ?? 0) + 1 };
    },
    /** The highlight fades; `seq` makes an older timer leave a newer highlight alone. */
    highlightEnded(state, action: PayloadAction<number>) {
      if (state.highlight?.seq === action.payload) state.highlight = null;
    },
    interactiveDialogOpened(state, action: PayloadAction<OpenInteractiveDialog>) {
      state.interactiveDialog = action.payload;
    },
    interactiveDialogClosed(state) {
      state.interactiveDialog = null;
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      .addCase(channelSelected, (state, { payload }) => {
        state.sidebarOpen = false;
        state.view = 'channel';
        state.editingPostId = null;
        if (state.newMessages && state.newMessages.channelId !== payload) state.newMessages = null;
        if (state.highlight && state.highlight.channelId !== payload) state.highlight = null;
      })
      .addCase(postDeleted, (state, { payload }) => {
        if (state.threadRootId === payload.id) state.threadRootId = null;
        if (state.editingPostId === payload.id) state.editingPostId = null;
      }),
});

export const { threadOpened, threadClosed, sidebarToggled, dialogOpened, toastShown, newMessagesMarked, viewChanged, editStarted, notificationRequested, notificationsTaken, postHighlighted, highlightEnded, interactiveDialogOpened, interactiveDialogClosed } = uiSlice.actions;
