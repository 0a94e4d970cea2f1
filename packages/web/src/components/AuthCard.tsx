import type { ReactNode } from 'react';
import { useAppSelector } from '../store/hooks';

/** The centred card the signed-out screens share. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const siteName = useAppSelector((s) => s.session.siteName);
  return (
    <div className="auth">
      <main className="auth__card">
        <div className="auth__brand">
          <div className="brand-mark" aria-hidden="true">
            {siteName.slice(0, 1).toUpperCase()}
          </div>
          <span className="auth__site">{siteName}</span>
        </div>
        <h1 className="auth__title">{title}</h1>
        {subtitle && <p className="auth__subtitle">{subtitle}</p>}
        {children}
      </main>
    </div>
  );
}
