import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { FileAttachment } from '../store/model';
import { useAppDispatch } from '../store/hooks';
import { fileLinks } from '../store/file-actions';
import { formatFileSize } from '../app/file-size';
import { useT } from '../i18n/use-t';
import { Modal } from './Modal';
import { DownloadIcon, FileIcon } from './Icons';

/** The server's thumbnails fit in 120×100 (Mattermost's size). */
const THUMB_WIDTH = 120;
const THUMB_HEIGHT = 100;

/** Images the server made a thumbnail of show as pictures; every other file as a card to download. */
function isPicture(file: FileAttachment): boolean {
  return file.has_preview_image && file.mime_type.startsWith('image/');
}

/** Files attached to a post: pictures first (they open large), then a card per other file. */
export function FileAttachments({ files }: { files: readonly FileAttachment[] }) {
  if (files.length === 0) return null;
  const pictures = files.filter(isPicture);
  const others = files.filter((f) => !isPicture(f));
  return (
    <div className="attachments">
      {pictures.length > 0 && (
        <div className="attachments__pictures">
          {pictures.map((f) => (
            <PictureAttachment key={f.id} file={f} />
          ))}
        </div>
      )}
      {others.map((f) => (
        <FileCard key={f.id} file={f} />
      ))}
    </div>
  );
}

function useLinks(fileId: string) {
  const dispatch = useAppDispatch();
  return useMemo(() => dispatch(fileLinks(fileId)), [dispatch, fileId]);
}

/** The thumbnail's size as laid out before it loads, so the list does not jump when it arrives. */
function thumbSize(file: FileAttachment): { width: number; height: number } {
  if (file.width <= 0 || file.height <= 0) return { width: THUMB_WIDTH, height: THUMB_HEIGHT };
  const scale = Math.min(1, THUMB_WIDTH / file.width, THUMB_HEIGHT / file.height);
  return { width: Math.max(1, Math.round(file.width * scale)), height: Math.max(1, Math.round(file.height * scale)) };
}

function PictureAttachment({ file }: { file: FileAttachment }) {
  const t = useT();
  const links = useLinks(file.id);
  const [open, setOpen] = useState(false);
  const size = thumbSize(file);
  return (
    <>
      <button type="button" className="attachment-picture" aria-label={t('file.open', { name: file.name })} title={file.name} onClick={() => setOpen(true)}>
        <img src={links.thumbnail} alt={file.name} width={size.width} height={size.height} loading="lazy" />
      </button>
      {open && (
        <Modal open onClose={() => setOpen(false)} title={file.name} wide>
          <div className="image-viewer">
            <img src={links.full} alt={file.name} />
          </div>
          <div className="modal__actions">
            <a className="button" href={links.download} download={file.name}>
              <DownloadIcon size={16} />
              {t('file.downloadButton')}
            </a>
          </div>
        </Modal>
      )}
    </>
  );
}

function FileCard({ file }: { file: FileAttachment }) {
  const t = useT();
  const intl = useIntl();
  const links = useLinks(file.id);
  const size = formatFileSize(file.size, intl.locale);
  return (
    <div className="file-card">
      <span className="file-card__icon" aria-hidden="true">
        <FileIcon size={22} />
      </span>
      <span className="file-card__main">
        <span className="file-card__name" title={file.name}>
          {file.name}
        </span>
        <span className="file-card__meta">{file.extension ? t('file.details', { type: file.extension.toUpperCase(), size }) : size}</span>
      </span>
      <a className="icon-button" href={links.download} download={file.name} aria-label={t('file.download', { name: file.name })} title={t('file.download', { name: file.name })}>
        <DownloadIcon size={18} />
      </a>
    </div>
  );
}
