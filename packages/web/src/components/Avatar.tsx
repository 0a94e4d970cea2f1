import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { watchStatus } from '../store/presence';
import { useT } from '../i18n/use-t';

/** Keeps a user's presence current while something on screen shows it. */
export function usePresence(userId: string, enabled = true): string | undefined {
  const dispatch = useAppDispatch();
  useEffect(() => (enabled ? dispatch(watchStatus(userId)) : undefined), [dispatch, userId, enabled]);
  return useAppSelector((s) => (enabled ? s.users.statuses[userId] : undefined));
}

/** Whether the user uploaded a picture: last_picture_update is 0 before, and negative after a reset. */
export function hasOwnPicture(lastPictureUpdate: number | undefined): boolean {
  return (lastPictureUpdate ?? 0) > 0;
}

/**
 * A user's picture as Mattermost clients ask for it: `_=last_picture_update` makes every new picture (and
 * every reset) a new address, so no cache shows the old one.
 */
export function avatarUrl(userId: string, lastPictureUpdate: number | undefined): string {
  return `/api/v4/users/${encodeURIComponent(userId)}/image?_=${lastPictureUpdate ?? 0}`;
}

/**
 * A user's picture (the server generates a default one), with their initial while it loads or if it fails,
 * and their presence as a dot.
 */
export function Avatar({ userId, size = 36, status = true }: { userId: string; size?: number; status?: boolean }) {
  const t = useT();
  const user = useAppSelector((s) => s.users.byId[userId]);
  const presence = usePresence(userId, status);
  const letter = (user?.username ?? '?').charAt(0).toUpperCase();
  const src = avatarUrl(userId, user?.last_picture_update);
  // Remembered per address: a new picture is a new address, which gets its own chance to load.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const failed = failedSrc === src;
  return (
    <span className="avatar" style={{ width: size, height: size, fontSize: Math.round(size * 0.42) }}>
      {!failed && <img src={src} alt="" width={size} height={size} loading="lazy" onError={() => setFailedSrc(src)} />}
      {/* The server's default picture is a plain colour meant to carry the initial on top. */}
      {(failed || !hasOwnPicture(user?.last_picture_update)) && (
        <span className="avatar__letter" aria-hidden="true">
          {letter}
        </span>
      )}
      {status && presence && <span className={`status-dot status-dot--${presence}`} role="img" aria-label={t('status.label', { status: presence })} title={t('status.label', { status: presence })} />}
    </span>
  );
}
