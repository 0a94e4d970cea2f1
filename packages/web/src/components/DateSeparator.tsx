import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t';
import { dayKey } from '../app/post-rows';

export function DateSeparator({ at }: { at: number }) {
  const intl = useIntl();
  const t = useT();
  const now = Date.now();
  const key = dayKey(at);
  let label: string;
  if (key === dayKey(now)) label = t('date.today');
  else if (key === dayKey(now - 86_400_000)) label = t('date.yesterday');
  else label = intl.formatDate(at, { weekday: 'long', month: 'long', day: 'numeric', year: new Date(at).getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric' });
  return (
    <div className="date-separator" role="separator">
      <span>{label}</span>
    </div>
  );
}
