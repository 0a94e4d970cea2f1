import { useState, type FormEvent } from 'react';
import { useAppDispatch } from '../store/hooks';
import { createChannel } from '../store/team-thunks';
import { toSlug } from '../app/slug';
import { useErrorText, useT } from '../i18n/use-t';

export function CreateChannelForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const [displayName, setDisplayName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = displayName.trim();
    if (!name) return;
    setBusy(true);
    setError(null);
    try {
      await dispatch(createChannel({ displayName: name, name: toSlug(name, 'c'), purpose: purpose.trim(), private: isPrivate }));
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        <span className="field__label">{t('createChannel.name')}</span>
        <input className="input" name="channelName" required autoFocus maxLength={64} value={displayName} placeholder={t('createChannel.placeholder')} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">{t('createChannel.purpose')}</span>
        <input className="input" name="purpose" maxLength={250} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        <span className="field__hint">{t('createChannel.purpose.hint')}</span>
      </label>
      <fieldset className="choice-group">
        <legend className="field__label">{t('createChannel.visibility')}</legend>
        <label className="radio">
          <input type="radio" name="visibility" checked={!isPrivate} onChange={() => setPrivate(false)} />
          <span>
            <strong>{t('createChannel.public')}</strong>
            <span className="field__hint">{t('createChannel.public.hint')}</span>
          </span>
        </label>
        <label className="radio">
          <input type="radio" name="visibility" checked={isPrivate} onChange={() => setPrivate(true)} />
          <span>
            <strong>{t('createChannel.private')}</strong>
            <span className="field__hint">{t('createChannel.private.hint')}</span>
          </span>
        </label>
      </fieldset>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="modal__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy || displayName.trim() === ''}>
          {t('createChannel.submit')}
        </button>
      </div>
    </form>
  );
}
