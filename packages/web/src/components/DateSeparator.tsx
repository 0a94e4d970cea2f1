import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t';
import { dayKey } from '../app/post-rows';

export function DateSeparator({ at }: { at: number }) {
  const intl = useIntl();
  const t = useT();
  const now = Date.now();
  // "Today" in the reader's time zone, the one IntlProvider formats in.
  const zone = intl.timeZone;
  const key = dayKey(at, zone);
  const sameYear = dayKey(at, zone).slice(0, 4) === dayKey(now, zone).slice(0, 4);
  let label: string;
  if (key === dayKey(now, zone)) label = t('date.today');
  else if (key === dayKey(now - 86_400_000, zone)) label = t('date.yesterday');
  else label = intl.formatDate(at, { weekday: 'long', month: 'long', day: 'numeric', year: sameYear ? undefined : 'numeric' });
  return (
    <div className="date-separator" role="separator" aria-label={label}>
      <span>{label}</span>
    </div>
  );
}
