import { useState } from 'react';
import { useAppSelector } from '../store/hooks';

/** A user's picture (the server generates a default one), with their initial while it loads or if it fails. */
export function Avatar({ userId, size = 36, status = false }: { userId: string; size?: number; status?: boolean }) {
  const user = useAppSelector((s) => s.users.byId[userId]);
  const presence = useAppSelector((s) => (status ? s.users.statuses[userId] : undefined));
  const [failed, setFailed] = useState(false);
  const letter = (user?.username ?? '?').charAt(0).toUpperCase();
  const src = `/api/v4/users/${encodeURIComponent(userId)}/image?_=${user?.last_picture_update ?? 0}`;
  return (
    <span className="avatar" style={{ width: size, height: size, fontSize: Math.round(size * 0.42) }} aria-hidden="true">
      {!failed && <img src={src} alt="" width={size} height={size} loading="lazy" onError={() => setFailed(true)} />}
      {/* The server's default picture is a plain colour meant to carry the initial on top. */}
      {(failed || !user?.last_picture_update) && <span className="avatar__letter">{letter}</span>}
      {status && presence && <span className={`status-dot status-dot--${presence}`} />}
    </span>
  );
}
