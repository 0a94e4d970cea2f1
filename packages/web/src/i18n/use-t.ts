import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId } from './locales';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** A translator bound to the current locale; message ids are checked against the English catalog. */
export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}
