import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import type { FileAttachment } from './model';
import type { ToastMessage } from './ui-slice';

export interface Upload {
  /** The client's own id for the upload, until the server names the file. */
  clientId: string;
  name: string;
  size: number;
  /** The server's FileInfo once the upload finished. */
  file: FileAttachment | null;
}

/** Why a file was not attached; the composer words it in the reader's language. */
export type UploadError =
  | { kind: 'tooLarge'; name: string; max: number }
  | { kind: 'tooMany'; max: number }
  | { kind: 'server'; name: string; message: ToastMessage };

export interface UploadsState {
  /** Files being attached to the next post, per composer (`${channelId}:${rootId}`). */
  byKey: Record<string, Upload[]>;
  /** The last problem per composer, until the next attempt or a send. */
  errors: Record<string, UploadError>;
}

const initialState: UploadsState = { byKey: {}, errors: {} };

export function uploadKey(channelId: string, rootId: string): string {
  return `${channelId}:${rootId}`;
}

export const uploadsSlice = createSlice({
  name: 'uploads',
  initialState,
  reducers: {
    uploadStarted(state, action: PayloadAction<{ key: string; clientId: string; name: string; size: number }>) {
      const { key, ...upload } = action.payload;
      (state.byKey[key] ??= []).push({ ...upload, file: null });
    },
    uploadFinished(state, action: PayloadAction<{ key: string; clientId: string; file: FileAttachment }>) {
      const upload = state.byKey[action.payload.key]?.find((u) => u.clientId === action.payload.clientId);
      // Removed while it was on its way: the orphaned file is never attached to anything.
      if (upload) upload.file = action.payload.file;
    },
    uploadRemoved(state, action: PayloadAction<{ key: string; clientId: string }>) {
      const list = state.byKey[action.payload.key];
      if (!list) return;
      const rest = list.filter((u) => u.clientId !== action.payload.clientId);
      if (rest.length > 0) state.byKey[action.payload.key] = rest;
      else delete state.byKey[action.payload.key];
    },
    uploadsCleared(state, action: PayloadAction<string>) {
      delete state.byKey[action.payload];
      delete state.errors[action.payload];
    },
    uploadFailed(state, action: PayloadAction<{ key: string; error: UploadError }>) {
      state.errors[action.payload.key] = action.payload.error;
    },
    uploadErrorDismissed(state, action: PayloadAction<string>) {
      delete state.errors[action.payload];
    },
  },
  extraReducers: (b) => b.addCase(signedOut, () => initialState),
});

export const { uploadStarted, uploadFinished, uploadRemoved, uploadsCleared, uploadFailed, uploadErrorDismissed } = uploadsSlice.actions;
