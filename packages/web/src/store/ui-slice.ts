import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { channelSelected } from './channels-slice';
import { postDeleted } from './post-actions';

export type DialogName = 'createChannel' | 'browseChannels' | 'directMessage' | 'createTeam' | 'settings' | null;

export interface UiState {
  /** Root post whose thread is open in the side panel. */
  threadRootId: string | null;
  /** Phone layout: the sidebar slides over the channel. */
  sidebarOpen: boolean;
  dialog: DialogName;
  /** A short message shown at the bottom (e.g. a failed request). */
  toast: string | null;
}

const initialState: UiState = { threadRootId: null, sidebarOpen: false, dialog: null, toast: null };

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
    toastShown(state, action: PayloadAction<string | null>) {
      state.toast = action.payload;
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      .addCase(channelSelected, (state) => {
        state.sidebarOpen = false;
      })
      .addCase(postDeleted, (state, { payload }) => {
        if (state.threadRootId === payload.id) state.threadRootId = null;
      }),
});

export const { threadOpened, threadClosed, sidebarToggled, dialogOpened, toastShown } = uiSlice.actions;
