import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { MessageId } from './locales';

type RichValue = string | number | boolean | Date | null | undefined | ReactNode | ((chunks: ReactNode[]) => ReactNode);

/** A message that may contain markup tags (`<b>…</b>`) filled by functions in values. */
export function Msg({ id, values }: { id: MessageId; values?: Record<string, RichValue> }) {
  return <FormattedMessage id={id} values={values} />;
}
