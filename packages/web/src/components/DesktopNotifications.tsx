import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { notificationsTaken, type NotificationRequest } from '../store/ui-slice';
import { openNotificationTarget } from '../store/navigation-actions';
import { plainText } from '../app/plain-text';
import { readLocal, writeLocal } from '../app/local-setting';
import { useT } from '../i18n/use-t';
import { BellIcon, CloseIcon } from './Icons';

export type Permission = NotificationPermission | 'unsupported';

export function notificationPermission(): Permission {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported';
}

/** Asks the browser for permission; must run from a click (browsers ignore requests without one). */
export async function requestNotificationPermission(): Promise<Permission> {
  if (notificationPermission() === 'unsupported') return 'unsupported';
  try {
    return await window.Notification.requestPermission();
  } catch {
    return notificationPermission();
  }
}

/**
 * Shows the desktop notifications the store queued (see store/desktop-notifications.ts), in the reader's
 * language, when the browser allows them. Clicking one brings the window forward on its channel or thread.
 */
export function DesktopNotifications() {
  const t = useT();
  const dispatch = useAppDispatch();
  const queue = useAppSelector((s) => s.ui.notifications);

  useEffect(() => {
    if (queue.length === 0) return;
    if (notificationPermission() === 'granted') {
      for (const req of queue) show(req);
    }
    dispatch(notificationsTaken(queue.length));

    function show(req: NotificationRequest) {
      const text = plainText(req.message) || t('notification.files', { count: req.fileCount });
      const title = req.kind === 'direct' ? req.senderName : req.kind === 'reply' ? t('notification.reply', { channel: req.channelName }) : req.channelName;
      const body = req.kind === 'direct' ? text : t('notification.body', { name: req.senderName, message: text });
      try {
        const n = new window.Notification(title, { body, tag: req.postId, silent: req.silent, icon: `/api/v4/users/${encodeURIComponent(req.senderId)}/image` });
        n.onclick = () => {
          window.focus();
          n.close();
          void dispatch(openNotificationTarget(req));
        };
      } catch {
        // Some browsers only allow notifications from a service worker; the badge and title still tell.
      }
    }
  }, [queue, dispatch, t]);

  return null;
}

const DISMISSED = 'parley.notificationBanner';

/** A one-time offer to turn on desktop notifications (the permission prompt needs a click). */
export function NotificationBanner() {
  const t = useT();
  const level = useAppSelector((s) => s.session.me?.notify_props?.desktop);
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  const [dismissed, setDismissed] = useState(() => readLocal(DISMISSED) === 'dismissed');
  if (permission !== 'default' || dismissed || level === 'none') return null;
  const dismiss = () => {
    writeLocal(DISMISSED, 'dismissed');
    setDismissed(true);
  };
  return (
    <div className="notice-banner" role="region" aria-label={t('notification.banner.label')}>
      <BellIcon size={16} />
      <span>{t('notification.banner')}</span>
      <button type="button" className="button button--small button--primary" onClick={() => void requestNotificationPermission().then(setPermission)}>
        {t('notification.enable')}
      </button>
      <button type="button" className="icon-button icon-button--small" aria-label={t('notification.notNow')} title={t('notification.notNow')} onClick={dismiss}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
