import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { Provider } from 'react-redux';
import { IntlProvider } from 'react-intl';
import * as Tooltip from '@radix-ui/react-tooltip';
import type { AppStore } from '../store/store';
import en from '../i18n/en.json';
import ru from '../i18n/ru.json';

const catalogs: Record<string, Record<string, string>> = { en, ru };

export function renderWith(store: AppStore, ui: ReactElement, locale = 'en') {
  return render(
    <Provider store={store}>
      <IntlProvider locale={locale} messages={catalogs[locale]} defaultLocale="en">
        <Tooltip.Provider>{ui}</Tooltip.Provider>
      </IntlProvider>
    </Provider>,
  );
}
