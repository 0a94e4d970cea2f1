// Times as the reader wants them: in their time zone (IntlProvider's timeZone, from the user's timezone
// setting) and on their clock — 12- or 24-hour by display_settings/use_military_time, or the language's
// habit when they never chose.
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { useAppSelector } from '../store/hooks';
import type { RootState } from '../store/store';
import { PREF, prefKey } from '../store/preferences-slice';
import { dayKey } from '../app/post-rows';

export type ClockChoice = '12' | '24' | null;

export const selectClock = (s: RootState): ClockChoice => {
  const v = s.preferences.byKey[prefKey(PREF.display, PREF.clock)];
  return v === 'true' ? '24' : v === 'false' ? '12' : null;
};

/** Whether a language writes times on a 24-hour clock by default (de, ru, pl: yes; en-US: no). */
export function localeUses24h(locale: string): boolean {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h23' || cycle === 'h24';
}

export interface TimeFormat {
  /** 14:05 or 2:05 PM */
  time(at: number): string;
  /** Monday, 3 March 2025 at 14:05 */
  full(at: number): string;
  /** 3 Mar 2025, 14:05 */
  medium(at: number): string;
  uses24h: boolean;
  /** Whether two moments fall on the same day in the reader's time zone. */
  sameDay(a: number, b: number): boolean;
}

export function useTimeFormat(): TimeFormat {
  const intl = useIntl();
  const clock = useAppSelector(selectClock);
  return useMemo(() => {
    const uses24h = clock === null ? localeUses24h(intl.locale) : clock === '24';
    const hourCycle = uses24h ? ('h23' as const) : ('h12' as const);
    return {
      uses24h,
      sameDay: (a, b) => dayKey(a, intl.timeZone) === dayKey(b, intl.timeZone),
      time: (at) => intl.formatTime(at, { hour: 'numeric', minute: '2-digit', hourCycle }),
      full: (at) => intl.formatDate(at, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle }),
      medium: (at) => intl.formatDate(at, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle }),
    };
  }, [intl, clock]);
}
