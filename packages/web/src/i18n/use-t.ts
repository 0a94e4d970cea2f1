import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId } from './locales';
import type { ToastMessage } from '../store/ui-slice';
import { errorInfo, errorMessageId } from '../store/errors';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** A translator bound to the current locale; message ids are checked against the English catalog. */
export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}

/** Words the store left for the UI: a server's text as it came, or a catalog message to translate. */
export function useMessageText(): (message: ToastMessage) => string {
  const t = useT();
  return useCallback((message: ToastMessage) => (typeof message === 'string' ? message : t(message.id, message.values)), [t]);
}

/** What to say about a failed request: our translation for known errors, the server's message otherwise. */
export function useErrorText(): (err: unknown) => string {
  const t = useT();
  return useCallback(
    (err: unknown) => {
      const info = errorInfo(err);
      const id = errorMessageId(info);
      return id ? t(id) : info.message;
    },
    [t],
  );
}
