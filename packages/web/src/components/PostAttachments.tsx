import { useState, type CSSProperties, type ReactNode } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { doPostAction } from '../store/interactive-actions';
import { useErrorText, useT } from '../i18n/use-t';
import { Markdown } from './Markdown';

// Slack-style message attachments (post.props.attachments) as Mattermost shows them. The payload comes from
// webhooks and bots, so every field is read defensively, text goes through the escaping markdown renderer or
// into React text nodes, and links and images must be http(s).

interface Field {
  title: string;
  value: string;
  short: boolean;
}

interface Option {
  text: string;
  value: string;
}

interface Action {
  id: string;
  name: string;
  type: 'button' | 'select';
  style: string;
  options: Option[];
  dataSource: string;
  defaultOption: string;
  disabled: boolean;
}

interface Attachment {
  color: string;
  pretext: string;
  authorName: string;
  authorLink: string;
  authorIcon: string;
  title: string;
  titleLink: string;
  text: string;
  fields: Field[];
  imageUrl: string;
  thumbUrl: string;
  footer: string;
  footerIcon: string;
  actions: Action[];
}

/** Slack's named colors, as Mattermost draws them. */
const NAMED_COLORS: Record<string, string> = { good: '#339970', warning: '#cc8f00', danger: '#cc3239' };
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const BUTTON_STYLES = new Set(['default', 'primary', 'danger', 'good', 'success', 'warning']);

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** An absolute http(s) URL, or '' (javascript:, data:, relative and malformed URLs are dropped). */
export function safeHttpUrl(v: unknown): string {
  const s = str(v).trim();
  if (s === '') return '';
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

function color(v: unknown): string {
  const s = str(v).trim();
  return NAMED_COLORS[s] ?? (HEX_COLOR.test(s) ? s : '');
}

function toAction(v: unknown): Action | null {
  const a = record(v);
  if (!a) return null;
  const id = str(a.id);
  const type = str(a.type) === 'select' ? 'select' : 'button';
  if (id === '') return null;
  const style = str(a.style);
  return {
    id,
    name: str(a.name),
    type,
    style: BUTTON_STYLES.has(style) ? style : 'default',
    options: (Array.isArray(a.options) ? a.options : []).map(record).filter((o) => o !== null).map((o) => ({ text: str(o.text), value: str(o.value) })),
    dataSource: str(a.data_source),
    defaultOption: str(a.default_option),
    disabled: a.disabled === true,
  };
}

export function toAttachments(v: unknown): Attachment[] {
  if (!Array.isArray(v)) return [];
  return v
    .map(record)
    .filter((a) => a !== null)
    .map((a) => ({
      color: color(a.color),
      pretext: str(a.pretext),
      authorName: str(a.author_name),
      authorLink: safeHttpUrl(a.author_link),
      authorIcon: safeHttpUrl(a.author_icon),
      title: str(a.title),
      titleLink: safeHttpUrl(a.title_link),
      text: str(a.text),
      fields: (Array.isArray(a.fields) ? a.fields : [])
        .map(record)
        .filter((f) => f !== null)
        .map((f) => ({ title: str(f.title), value: str(f.value), short: f.short === true }))
        .filter((f) => f.title !== '' || f.value !== ''),
      imageUrl: safeHttpUrl(a.image_url),
      thumbUrl: safeHttpUrl(a.thumb_url),
      footer: str(a.footer),
      footerIcon: safeHttpUrl(a.footer_icon),
      actions: (Array.isArray(a.actions) ? a.actions : []).map(toAction).filter((x) => x !== null),
    }));
}

function ExternalLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a href={href} className={className} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** Fields in rows: a short field shares its row with the next short one, a long one takes a row alone. */
function rows(fields: Field[]): Field[][] {
  const out: Field[][] = [];
  for (const f of fields) {
    const last = out[out.length - 1];
    if (f.short && last && last.length === 1 && last[0]!.short) last.push(f);
    else out.push([f]);
  }
  return out;
}

export function PostAttachments({ postId, attachments: raw }: { postId: string; attachments: unknown }) {
  const me = useAppSelector((s) => s.session.me?.username ?? '');
  const attachments = toAttachments(raw);
  if (attachments.length === 0) return null;
  return (
    <div className="message-attachments">
      {attachments.map((a, i) => (
        <AttachmentView key={i} postId={postId} attachment={a} myUsername={me} />
      ))}
    </div>
  );
}

function AttachmentView({ postId, attachment: a, myUsername }: { postId: string; attachment: Attachment; myUsername: string }) {
  const style = a.color ? ({ borderInlineStartColor: a.color } as CSSProperties) : undefined;
  return (
    <div className="message-attachment">
      {a.pretext && (
        <div className="message-attachment__pretext" dir="auto">
          <Markdown text={a.pretext} myUsername={myUsername} />
        </div>
      )}
      <div className="message-attachment__box" style={style}>
        <div className="message-attachment__content">
          <div className="message-attachment__main">
            {a.authorName && (
              <div className="message-attachment__author">
                {a.authorIcon && <img className="message-attachment__author-icon" src={a.authorIcon} alt="" width={14} height={14} />}
                {a.authorLink ? <ExternalLink href={a.authorLink}>{a.authorName}</ExternalLink> : <span>{a.authorName}</span>}
              </div>
            )}
            {a.title && <h4 className="message-attachment__title">{a.titleLink ? <ExternalLink href={a.titleLink}>{a.title}</ExternalLink> : a.title}</h4>}
            {a.text && (
              <div className="message-attachment__text" dir="auto">
                <Markdown text={a.text} myUsername={myUsername} />
              </div>
            )}
            {a.fields.length > 0 && (
              <div className="message-attachment__fields">
                {rows(a.fields).map((row, i) => (
                  <div key={i} className="message-attachment__field-row">
                    {row.map((f, j) => (
                      <div key={j} className={`message-attachment__field${f.short ? ' message-attachment__field--short' : ''}`}>
                        {f.title && <div className="message-attachment__field-title">{f.title}</div>}
                        <div className="message-attachment__field-value" dir="auto">
                          <Markdown text={f.value} myUsername={myUsername} />
                        </div>
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </div>
          {a.thumbUrl && <img className="message-attachment__thumb" src={a.thumbUrl} alt="" width={75} height={75} />}
        </div>
        {a.imageUrl && <img className="message-attachment__image" src={a.imageUrl} alt={a.title} loading="lazy" />}
        {a.actions.length > 0 && (
          <div className="message-attachment__actions">
            {a.actions.map((action) => (action.type === 'select' ? <ActionMenu key={action.id} postId={postId} action={action} /> : <ActionButton key={action.id} postId={postId} action={action} />))}
          </div>
        )}
        {a.footer && (
          <div className="message-attachment__footer">
            {a.footerIcon && <img className="message-attachment__footer-icon" src={a.footerIcon} alt="" width={16} height={16} />}
            <span>{a.footer}</span>
          </div>
        )}
      </div>
    </div>
  );
}

/** Runs an action with the control disabled meanwhile; a failure is kept to show beside it. */
function useRunAction(postId: string, actionId: string) {
  const dispatch = useAppDispatch();
  const errorText = useErrorText();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');
  const run = async (selected?: string) => {
    setPending(true);
    setError('');
    try {
      await dispatch(doPostAction(postId, actionId, selected));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setPending(false);
    }
  };
  return { pending, error, run };
}

function ActionError({ error }: { error: string }) {
  return error ? (
    <span className="message-attachment__action-error" role="alert">
      {error}
    </span>
  ) : null;
}

function ActionButton({ postId, action }: { postId: string; action: Action }) {
  const { pending, error, run } = useRunAction(postId, action.id);
  return (
    <span className="message-attachment__action">
      <button type="button" className={`attachment-button attachment-button--${action.style}`} disabled={pending || action.disabled} aria-busy={pending || undefined} onClick={() => void run()}>
        {action.name}
      </button>
      <ActionError error={error} />
    </span>
  );
}

/** A menu's options: static ones, or the users or channels this client knows of. */
function useMenuOptions(action: Action): Option[] {
  const users = useAppSelector((s) => (action.dataSource === 'users' ? s.users.byId : null));
  const channels = useAppSelector((s) => (action.dataSource === 'channels' ? s.channels.byId : null));
  if (users) return Object.values(users).filter((u) => u.delete_at === 0).map((u) => ({ text: u.username, value: u.id }));
  if (channels) return Object.values(channels).filter((c) => c.type === 'O' || c.type === 'P').map((c) => ({ text: c.display_name, value: c.id }));
  return action.options;
}

function ActionMenu({ postId, action }: { postId: string; action: Action }) {
  const t = useT();
  const { pending, error, run } = useRunAction(postId, action.id);
  const options = useMenuOptions(action);
  const [value, setValue] = useState(action.defaultOption);
  return (
    <span className="message-attachment__action">
      <select
        className="attachment-select"
        aria-label={action.name || t('attachment.menu')}
        value={value}
        disabled={pending || action.disabled}
        aria-busy={pending || undefined}
        onChange={(e) => {
          setValue(e.target.value);
          if (e.target.value !== '') void run(e.target.value);
        }}
      >
        <option value="">{action.name || t('attachment.menu')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
      <ActionError error={error} />
    </span>
  );
}
