import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { toastShown } from '../store/ui-slice';
import { useMessageText, useT } from '../i18n/use-t';
import { CloseIcon } from './Icons';

export function Toast() {
  const message = useAppSelector((s) => s.ui.toast);
  const dispatch = useAppDispatch();
  const t = useT();
  const text = useMessageText();
  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(() => dispatch(toastShown(null)), 6000);
    return () => window.clearTimeout(timer);
  }, [message, dispatch]);
  if (!message) return null;
  return (
    <div className="toast" role="alert">
      <span>{text(message)}</span>
      <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => dispatch(toastShown(null))}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
