import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { useAction, useClientRequest } from './use-console';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof LOG_LEVELS)[number] | 'all';

/** How many of the newest lines the screen asks for (the server keeps a bounded ring of them). */
const LINES = 1000;

export interface LogLine {
  time: string;
  level: string;
  message: string;
  raw: string;
}

/** pino's numeric levels (Parley's logger) by the names Mattermost's console uses. */
const PINO_LEVELS: Record<number, string> = { 10: 'debug', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

/**
 * One line of the server's log as the console shows it: structured (JSON) lines give their time, level and
 * message; anything else is shown as it came.
 */
export function parseLogLine(raw: string): LogLine {
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const pick = (...keys: string[]) => keys.map((k) => o[k]).find((v) => typeof v === 'string' || typeof v === 'number');
    const time = pick('timestamp', 'time', 'ts');
    const level = pick('level');
    return {
      time: typeof time === 'number' ? new Date(time).toISOString() : (time ?? ''),
      level: typeof level === 'number' ? (PINO_LEVELS[level] ?? String(level)) : String(level ?? '').toLowerCase(),
      message: String(pick('msg', 'message') ?? raw),
      raw,
    };
  } catch {
    return { time: '', level: '', message: raw, raw };
  }
}

/** What the logs route answered, as lines: a list of lines (some servers answer a list per node). */
export function logLines(answer: unknown): string[] {
  if (Array.isArray(answer)) return answer.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
  if (answer && typeof answer === 'object') return Object.values(answer).flatMap((v) => logLines(v));
  return [];
}

/** Lines at a level (or all), and containing the text when one is given. */
export function filterLog(lines: readonly LogLine[], level: Level, text: string): LogLine[] {
  const q = text.trim().toLowerCase();
  return lines.filter((l) => (level === 'all' || l.level === level) && (!q || l.raw.toLowerCase().includes(q)));
}

/** The newest lines of the server's log, by level. */
export function LogsPanel() {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [level, setLevel] = useState<Level>('all');
  const [text, setText] = useState('');
  const [lines, setLines] = useState<LogLine[] | null>(null);

  // Page 0 is the newest lines, oldest first; shown newest first.
  const load = async () => setLines(logLines(await request((c) => c.getPlainLogs(0, LINES))).map(parseLogLine).reverse());

  useEffect(() => {
    void action.run(load).then((ok) => !ok && setLines([]));
    // Loaded once per visit; "Refresh" asks again.
  }, []);

  const shown = filterLog(lines ?? [], level, text);

  return (
    <section className="console__panel">
      <div className="console__toolbar">
        <label className="console__filter">
          <span>{t('console.logs.level')}</span>
          <select className="input" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            {(['all', ...LOG_LEVELS] as const).map((l) => (
              <option key={l} value={l}>
                {t('console.logs.levelName', { level: l })}
              </option>
            ))}
          </select>
        </label>
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={text} placeholder={t('console.logs.filter')} aria-label={t('console.logs.filter')} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="button" className="button" disabled={action.busy} onClick={() => void action.run(load)}>
          {t('console.refresh')}
        </button>
      </div>
      <Feedback status="" error={action.error} />
      {lines === null ? (
        <span className="spinner" />
      ) : shown.length === 0 ? (
        <p className="muted empty-state">{t('console.logs.none')}</p>
      ) : (
        <ol className="console-logs" aria-label={t('console.section', { section: 'logs' })}>
          {shown.map((l, i) => (
            <li key={i} className={`console-logs__line console-logs__line--${l.level || 'plain'}`}>
              {l.time && <span className="console-logs__time">{l.time}</span>}
              {l.level && <span className="console-logs__level">{l.level}</span>}
              <span>{l.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
