import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { submitDialog, type DialogElement, type DialogValues } from '../store/interactive-actions';
import { interactiveDialogClosed, type OpenInteractiveDialog } from '../store/ui-slice';
import { useErrorText, useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/locales';
import { Modal } from './Modal';
import { Markdown } from './Markdown';

type Problem = { id: MessageId; values?: Record<string, number> } | string;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function initialValues(elements: DialogElement[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of elements) out[e.name] = e.type === 'bool' ? (e.default === 'true' ? 'true' : 'false') : e.default;
  return out;
}

/** Mattermost's checks before a dialog goes to the integration: required, length, and the text subtypes. */
export function checkElement(e: DialogElement, value: string): Problem | null {
  if (e.type === 'bool') return !e.optional && value !== 'true' ? { id: 'dialog.required' } : null;
  if (value === '') return e.optional ? null : { id: 'dialog.required' };
  if (e.type === 'text' || e.type === 'textarea') {
    if (e.min_length > 0 && value.length < e.min_length) return { id: 'dialog.minLength', values: { min: e.min_length } };
    if (e.max_length > 0 && value.length > e.max_length) return { id: 'dialog.maxLength', values: { max: e.max_length } };
    if (e.subtype === 'number' && !Number.isFinite(Number(value))) return { id: 'dialog.number' };
    if (e.subtype === 'email' && !EMAIL.test(value)) return { id: 'dialog.email' };
    if (e.subtype === 'url' && !/^https?:\/\//i.test(value)) return { id: 'dialog.url' };
  }
  if ((e.type === 'select' || e.type === 'radio') && e.data_source === '' && !e.options.some((o) => o.value === value)) return { id: 'dialog.option' };
  return null;
}

/** What the integration receives: text as typed, numbers as numbers, checkboxes as booleans. */
function submissionOf(elements: DialogElement[], values: Record<string, string>): DialogValues {
  const out: DialogValues = {};
  for (const e of elements) {
    const v = values[e.name] ?? '';
    if (e.type === 'bool') out[e.name] = v === 'true';
    else if (e.subtype === 'number' && v !== '') out[e.name] = Number(v) as unknown as string;
    else out[e.name] = v;
  }
  return out;
}

/** The dialog an integration opened, if any (the `open_dialog` event). */
export function InteractiveDialogHost() {
  const open = useAppSelector((s) => s.ui.interactiveDialog ?? null);
  // A new dialog (even with the same fields) starts with its own defaults.
  return open ? <InteractiveDialog key={`${open.triggerId}:${open.dialog.callback_id}`} open={open} /> : null;
}

export function InteractiveDialog({ open }: { open: OpenInteractiveDialog }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const { dialog } = open;
  const [values, setValues] = useState(() => initialValues(dialog.elements));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [general, setGeneral] = useState('');
  const [busy, setBusy] = useState(false);

  const say = (p: Problem) => (typeof p === 'string' ? p : t(p.id, p.values));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, Problem> = {};
    for (const el of dialog.elements) {
      const p = checkElement(el, values[el.name] ?? '');
      if (p) found[el.name] = p;
    }
    setProblems(found);
    setGeneral('');
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const outcome = await dispatch(submitDialog(open, submissionOf(dialog.elements, values)));
      setProblems(outcome.errors);
      setGeneral(outcome.error);
    } catch (err) {
      setGeneral(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    if (dialog.notify_on_cancel) void dispatch(submitDialog(open, {}, true)).catch(() => {});
    dispatch(interactiveDialogClosed());
  };

  return (
    <Modal open onClose={cancel} title={dialog.title || t('dialog.untitled')}>
      <form className="form interactive-dialog" onSubmit={(e) => void submit(e)} noValidate>
        {general && (
          <p className="form__error" role="alert">
            {general}
          </p>
        )}
        {dialog.introduction_text && (
          <div className="interactive-dialog__intro">
            <Markdown text={dialog.introduction_text} myUsername="" />
          </div>
        )}
        {dialog.elements.map((el) => (
          <ElementField key={el.name} element={el} value={values[el.name] ?? ''} problem={problems[el.name] ? say(problems[el.name]!) : ''} onChange={(v) => setValues((old) => ({ ...old, [el.name]: v }))} />
        ))}
        <div className="modal__actions">
          <button type="button" className="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {dialog.submit_label || t('dialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ElementField({ element: e, value, problem, onChange }: { element: DialogElement; value: string; problem: string; onChange: (v: string) => void }) {
  const t = useT();
  const id = `dialog-el-${e.name}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [problem ? errorId : '', e.help_text ? helpId : ''].filter(Boolean).join(' ') || undefined;
  const label = (
    <>
      {e.display_name}
      {e.optional && <span className="interactive-dialog__optional"> {t('dialog.optional')}</span>}
    </>
  );
  const invalid = problem ? true : undefined;
  const options = useElementOptions(e);
  let control;
  if (e.type === 'textarea') {
    control = <textarea id={id} className="input" value={value} placeholder={e.placeholder} maxLength={e.max_length || undefined} aria-invalid={invalid} aria-describedby={describedBy} onChange={(ev) => onChange(ev.target.value)} />;
  } else if (e.type === 'select') {
    control = (
      <select id={id} className="input" value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(ev) => onChange(ev.target.value)}>
        <option value="">{e.placeholder || t('dialog.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  } else if (e.type === 'bool') {
    return (
      <div className="field">
        <span className="field__label">{label}</span>
        <label className="checkbox">
          <input type="checkbox" id={id} checked={value === 'true'} aria-invalid={invalid} aria-describedby={describedBy} onChange={(ev) => onChange(ev.target.checked ? 'true' : 'false')} />
          {e.placeholder || e.display_name}
        </label>
        <FieldNotes problem={problem} help={e.help_text} errorId={errorId} helpId={helpId} />
      </div>
    );
  } else if (e.type === 'radio') {
    return (
      <fieldset className="choice-group" aria-describedby={describedBy}>
        <legend className="field__label">{label}</legend>
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input type="radio" name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.text}
          </label>
        ))}
        <FieldNotes problem={problem} help={e.help_text} errorId={errorId} helpId={helpId} />
      </fieldset>
    );
  } else {
    // A number field stays type="text" (inputMode gives the keypad): a browser's number input reports
    // what it cannot parse as empty, which would read as "required" instead of "must be a number".
    const type = ['email', 'password', 'tel', 'url'].includes(e.subtype) ? e.subtype : 'text';
    control = <input id={id} className="input" type={type} inputMode={e.subtype === 'number' ? 'decimal' : undefined} value={value} placeholder={e.placeholder} maxLength={e.max_length || undefined} aria-invalid={invalid} aria-describedby={describedBy} onChange={(ev) => onChange(ev.target.value)} />;
  }
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {control}
      <FieldNotes problem={problem} help={e.help_text} errorId={errorId} helpId={helpId} />
    </div>
  );
}

function FieldNotes({ problem, help, errorId, helpId }: { problem: string; help: string; errorId: string; helpId: string }) {
  return (
    <>
      {problem && (
        <p id={errorId} className="form__error" role="alert">
          {problem}
        </p>
      )}
      {help && (
        <p id={helpId} className="field__hint">
          {help}
        </p>
      )}
    </>
  );
}

/** A select's or radio's choices: its static options, or the users or channels this client knows of. */
function useElementOptions(e: DialogElement): { text: string; value: string }[] {
  const users = useAppSelector((s) => (e.data_source === 'users' ? s.users.byId : null));
  const channels = useAppSelector((s) => (e.data_source === 'channels' ? s.channels.byId : null));
  if (users) return Object.values(users).filter((u) => u.delete_at === 0).map((u) => ({ text: u.username, value: u.id }));
  if (channels) return Object.values(channels).filter((c) => c.type === 'O' || c.type === 'P').map((c) => ({ text: c.display_name, value: c.id }));
  return e.options;
}
