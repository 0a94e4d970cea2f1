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

/**
 * A user's picture (the server generates a default one), with their initial while it loads or if it fails,
 * and their presence as a dot.
 */
export function Avatar({ userId, size = 36, status = true }: { userId: string; size?: number; status?: boolean }) {
  const t = useT();
  const user = useAppSelector((s) => s.users.byId[userId]);
  const presence = usePresence(userId, status);
  const [failed, setFailed] = useState(false);
  const letter = (user?.username ?? '?').charAt(0).toUpperCase();
  const src = `/api/v4/users/${encodeURIComponent(userId)}/image?_=${user?.last_picture_update ?? 0}`;
  return (
    <span className="avatar" style={{ width: size, height: size, fontSize: Math.round(size * 0.42) }}>
      {!failed && <img src={src} alt="" width={size} height={size} loading="lazy" onError={() => setFailed(true)} />}
      {/* The server's default picture is a plain colour meant to carry the initial on top. */}
      {(failed || !user?.last_picture_update) && (
        <span className="avatar__letter" aria-hidden="true">
          {letter}
        </span>
      )}
      {status && presence && <span className={`status-dot status-dot--${presence}`} role="img" aria-label={t('status.label', { status: presence })} title={t('status.label', { status: presence })} />}
    </span>
  );
}
