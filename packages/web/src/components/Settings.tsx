import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { changeGender, changeLocale, type Gender } from '../store/session-actions';
import { toastShown } from '../store/ui-slice';
import { errorInfo } from '../store/errors';
import { LOCALES, LOCALE_NAMES, isLocale } from '../i18n/locales';
import { useT } from '../i18n/use-t';

/** Display settings: language, and the grammatical gender some languages need to talk about you. */
export function Settings() {
  const t = useT();
  const dispatch = useAppDispatch();
  const locale = useAppSelector((s) => s.session.locale);
  const me = useAppSelector((s) => s.session.me);
  const stored = me?.props?.gender;
  const [gender, setGender] = useState<Gender>(stored === 'female' || stored === 'male' ? stored : 'other');

  const fail = (err: unknown) => dispatch(toastShown(errorInfo(err).message));

  return (
    <div className="form">
      <label className="field">
        <span className="field__label">{t('settings.language')}</span>
        <select className="input" name="locale" value={locale} onChange={(e) => isLocale(e.target.value) && void dispatch(changeLocale(e.target.value)).catch(fail)}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
        <span className="field__hint">{t('settings.language.hint')}</span>
      </label>
      <fieldset className="choice-group">
        <legend className="field__label">{t('settings.gender')}</legend>
        {(['other', 'female', 'male'] as const).map((g) => (
          <label key={g} className="radio">
            <input
              type="radio"
              name="gender"
              checked={gender === g}
              onChange={() => {
                setGender(g);
                void dispatch(changeGender(g)).catch(fail);
              }}
            />
            <span>{t('settings.gender.option', { gender: g })}</span>
          </label>
        ))}
        <span className="field__hint">{t('settings.gender.hint')}</span>
      </fieldset>
    </div>
  );
}
