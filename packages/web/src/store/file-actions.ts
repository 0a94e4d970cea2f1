// Attaching files to the next post: uploads (one request per file, so each has its own pending state and
// its own error) and the addresses posts show files at. All of it goes through Client4.
import type { AppThunk } from './store';
import { uploadErrorDismissed, uploadFailed, uploadFinished, uploadKey, uploadRemoved, uploadStarted, type UploadError } from './uploads-slice';
import { errorInfo, errorToast } from './errors';
import { toFileAttachment } from './model';

/** Mattermost's limit of files on one post. */
export const MAX_FILES_PER_POST = 10;

let uploadCounter = 0;

export const uploadFiles =
  (channelId: string, rootId: string, files: readonly File[]): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client, now }) => {
    const key = uploadKey(channelId, rootId);
    dispatch(uploadErrorDismissed(key));
    const max = getState().session.maxFileSize;
    const fail = (error: UploadError) => dispatch(uploadFailed({ key, error }));
    // Refused here rather than after sending the whole file only to hear 413.
    const accepted = files.filter((f) => {
      if (f.size <= max) return true;
      fail({ kind: 'tooLarge', name: f.name, max });
      return false;
    });
    const room = Math.max(0, MAX_FILES_PER_POST - (getState().uploads.byKey[key]?.length ?? 0));
    if (accepted.length > room) {
      fail({ kind: 'tooMany', max: MAX_FILES_PER_POST });
      accepted.splice(room);
    }
    await Promise.all(
      accepted.map(async (file) => {
        uploadCounter += 1;
        const clientId = `${now()}-${uploadCounter}`;
        dispatch(uploadStarted({ key, clientId, name: file.name, size: file.size }));
        const form = new FormData();
        // channel_id first: Parley streams each file to storage as it arrives and must know where it goes.
        form.append('channel_id', channelId);
        form.append('files', file, file.name);
        try {
          const info = (await client.uploadFile(form)).file_infos?.[0];
          if (!info) throw new Error('The server accepted the upload but described no file.');
          dispatch(uploadFinished({ key, clientId, file: toFileAttachment(info) }));
        } catch (err) {
          dispatch(uploadRemoved({ key, clientId }));
          const e = errorInfo(err);
          fail(e.status === 413 ? { kind: 'tooLarge', name: file.name, max } : { kind: 'server', name: file.name, message: errorToast(err) });
        }
      }),
    );
  };

export interface FileLinks {
  /** The file itself, shown inline when it is an image. */
  full: string;
  thumbnail: string;
  preview: string;
  /** The file as an attachment (Content-Disposition: attachment). */
  download: string;
}

/** Where a file can be fetched; the browser sends the session cookie with these GETs. */
export const fileLinks =
  (fileId: string): AppThunk<FileLinks> =>
  (_dispatch, _getState, { client }) => {
    const full = client.getFileUrl(fileId, 0);
    return { full, thumbnail: client.getFileThumbnailUrl(fileId, 0), preview: client.getFilePreviewUrl(fileId, 0), download: `${full}?download=1` };
  };
