import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { AnalyticsRow } from '@mattermost/types/admin';
import { useT } from '../../i18n/use-t';
import { Feedback } from './Feedback';
import { useAction, useClientRequest } from './use-console';

/** The "standard" analytics rows the console names, in Mattermost's order; others show by their name. */
export const STANDARD_STATS = ['unique_user_count', 'inactive_user_count', 'team_count', 'channel_open_count', 'channel_private_count', 'post_count', 'daily_active_users', 'monthly_active_users', 'total_websocket_connections'] as const;

/** Days oldest first (the server lists them newest first), with numeric values. */
export function dailySeries(rows: readonly AnalyticsRow[]): { day: string; value: number }[] {
  return rows
    .map((r) => ({ day: String(r.name), value: Number(r.value) || 0 }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** Site statistics: totals as cards, posts per day as bars. */
export function StatsPanel() {
  const t = useT();
  const intl = useIntl();
  const request = useClientRequest();
  const action = useAction();
  const [standard, setStandard] = useState<AnalyticsRow[] | null>(null);
  const [posts, setPosts] = useState<{ day: string; value: number }[]>([]);

  useEffect(() => {
    void action.run(async () => {
      const [rows, daily] = await Promise.all([request((c) => c.getAnalytics('standard')), request((c) => c.getAnalytics('post_counts_day')).catch(() => [])]);
      setStandard(rows);
      setPosts(dailySeries(daily));
    }).then((ok) => !ok && setStandard([]));
    // Loaded once per visit.
  }, []);

  const known = (name: string) => (STANDARD_STATS as readonly string[]).includes(name);
  const cards = [...(standard ?? [])].sort((a, b) => STANDARD_STATS.indexOf(a.name as never) - STANDARD_STATS.indexOf(b.name as never));

  return (
    <section className="console__panel">
      <Feedback status="" error={action.error} />
      {standard === null ? (
        <span className="spinner" />
      ) : (
        <>
          <dl className="console-stats">
            {cards.map((row) => (
              <div key={row.name} className="console-stats__card">
                <dt>{known(row.name) ? t('console.stats.name', { name: row.name }) : row.name}</dt>
                <dd>{intl.formatNumber(Number(row.value) || 0)}</dd>
              </div>
            ))}
          </dl>
          <h2 className="console__subtitle">{t('console.stats.postsPerDay')}</h2>
          {posts.length === 0 ? <p className="muted">{t('console.stats.noPosts')}</p> : <BarChart data={posts} label={t('console.stats.postsPerDay')} />}
        </>
      )}
    </section>
  );
}

/** Simple SVG bars; the numbers are also in a visually hidden table for screen readers. */
function BarChart({ data, label }: { data: { day: string; value: number }[]; label: string }) {
  const t = useT();
  const intl = useIntl();
  const max = Math.max(1, ...data.map((d) => d.value));
  const width = 640;
  const height = 160;
  const gap = 4;
  const bar = Math.max(2, (width - gap * data.length) / data.length);
  return (
    <figure className="console-chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={label} preserveAspectRatio="none">
        {data.map((d, i) => {
          const h = Math.round((d.value / max) * height);
          return (
            <rect key={d.day} x={i * (bar + gap)} y={height - h} width={bar} height={h} className="console-chart__bar">
              <title>{`${d.day}: ${intl.formatNumber(d.value)}`}</title>
            </rect>
          );
        })}
        <text x={0} y={height + 16} className="console-chart__axis">
          {data[0]!.day}
        </text>
        <text x={width} y={height + 16} textAnchor="end" className="console-chart__axis">
          {data[data.length - 1]!.day}
        </text>
      </svg>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.stats.day')}</th>
            <th scope="col">{t('console.stats.posts')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
