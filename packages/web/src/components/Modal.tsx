import { useRef, type ReactNode } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { useT } from '../i18n/use-t';
import { CloseIcon } from './Icons';

/**
 * A dialog with a title, a close button and the app's styling; focus is trapped, Escape closes, and focus
 * goes back to what had it before (dialogs here open from the store, not from a Dialog.Trigger, so Radix
 * does not know the opener).
 */
export function Modal({ open, onClose, title, description, children, wide = false }: { open: boolean; onClose: () => void; title: string; description?: string; children: ReactNode; wide?: boolean }) {
  const t = useT();
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Noted while rendering the opening: by the time effects run, focus is already inside the dialog.
  if (open && !wasOpen.current && typeof document !== 'undefined') opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  wasOpen.current = open;
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content
          className={`modal${wide ? ' modal--wide' : ''}`}
          onCloseAutoFocus={(e) => {
            const back = opener.current;
            if (back && back.isConnected && back !== document.body) {
              e.preventDefault();
              back.focus();
            }
          }}
        >
          <header className="modal__header">
            <Dialog.Title className="modal__title">{title}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label={t('common.close')}>
              <CloseIcon />
            </Dialog.Close>
          </header>
          {description ? <Dialog.Description className="modal__description">{description}</Dialog.Description> : <Dialog.Description className="visually-hidden">{title}</Dialog.Description>}
          <div className="modal__body">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
