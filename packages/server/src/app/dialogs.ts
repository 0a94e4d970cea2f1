// Interactive dialogs and the trigger ids that open them (Mattermost's OpenInteractiveDialog,
// SubmitInteractiveDialog, GenerateTriggerId / DecodeAndVerifyTriggerId in app/integration_action.go and
// model/integration_action.go).
//
// A trigger id is handed to an integration when a user clicks a button or runs a slash command; the
// integration may spend it, once and soon, to open a dialog on that user's screen. Mattermost signs it with
// an ECDSA key; Parley uses an HMAC-SHA256 under a per-installation secret kept in `systems`, which every
// node of a cluster shares.
import crypto from 'node:crypto';
import { makeEvent } from '../events/event.js';
import { badRequest } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import { callIntegration } from './post-actions.js';
import type { AuthSession } from './session.js';

/** How long a trigger id may be used after it was issued. */
export const TRIGGER_ID_LIFETIME_MS = 3 * 60 * 1000;
const SECRET_KEY = 'InteractiveTriggerSecret';

export interface IssuedTrigger {
  /** The id the client sees (in the action or command response). */
  clientTriggerId: string;
  /** The signed token the integration receives. */
  triggerId: string;
}

export interface OpenDialogRequest {
  trigger_id: string;
  url: string;
  dialog: Record<string, unknown>;
}

export interface SubmitDialogRequest {
  url: string;
  callback_id?: string;
  state?: string;
  channel_id?: string;
  team_id?: string;
  submission?: Record<string, unknown>;
  cancelled?: boolean;
}

export interface SubmitDialogResponse {
  error?: string;
  errors?: Record<string, string>;
  type?: string;
  form?: Record<string, unknown>;
}

const triggerError = (id: string, message: string) => badRequest(id, message);
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(value: string): Buffer | undefined {
  return BASE64_RE.test(value) ? Buffer.from(value, 'base64') : undefined;
}

// ---- dialog validation (Mattermost's Dialog.IsValid / DialogElement.IsValid limits) ----------------------

const TITLE_MAX = 24;
const ELEMENT_DISPLAY_NAME_MAX = 24;
const ELEMENT_NAME_MAX = 300;
const ELEMENT_HELP_TEXT_MAX = 150;
const TEXT_MAX = 150;
const TEXTAREA_MAX = 3000;
const SELECT_MAX = 3000;
const BOOL_MAX = 150;
const TEXT_SUBTYPES = new Set(['', 'text', 'email', 'number', 'tel', 'url', 'password']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function optionValues(options: unknown): string[] {
  return Array.isArray(options) ? options.map((o) => (o && typeof o === 'object' ? str((o as Record<string, unknown>).value) : '')) : [];
}

/** The problems with a dialog, empty when it is valid. Dates are left to the client. */
export function dialogProblems(dialog: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const title = str(dialog.title);
  if (title === '' || title.length > TITLE_MAX) problems.push(`invalid dialog title "${title}"`);
  const icon = str(dialog.icon_url);
  if (icon !== '' && !/^https?:\/\/\S+$/i.test(icon)) problems.push('invalid icon url');
  const elements = dialog.elements ?? [];
  if (!Array.isArray(elements)) return [...problems, 'elements must be a list'];
  const names = new Set<string>();
  for (const raw of elements) {
    if (!raw || typeof raw !== 'object') {
      problems.push('element must be an object');
      continue;
    }
    const e = raw as Record<string, unknown>;
    const name = str(e.name);
    if (names.has(name)) problems.push(`duplicate dialog element "${name}"`);
    names.add(name);
    const bad = (why: string) => problems.push(`"${name}" field is not valid: ${why}`);
    const maxLen = (field: string, value: string, max: number) => {
      if (value.length > max) bad(`${field} cannot be longer than ${max} characters`);
    };
    if (str(e.display_name) === '') bad('DisplayName cannot be empty');
    if (name === '') bad('Name cannot be empty');
    maxLen('DisplayName', str(e.display_name), ELEMENT_DISPLAY_NAME_MAX);
    maxLen('Name', name, ELEMENT_NAME_MAX);
    maxLen('HelpText', str(e.help_text), ELEMENT_HELP_TEXT_MAX);
    if (num(e.min_length) < 0) bad('min length cannot be negative');
    if (num(e.min_length) > num(e.max_length)) bad('min length should be less than max length');
    const type = str(e.type);
    if (e.multiselect === true && type !== 'select') bad('multiselect can only be used with select elements');
    const def = str(e.default);
    const values = optionValues(e.options);
    switch (type) {
      case 'text':
      case 'textarea': {
        const max = type === 'text' ? TEXT_MAX : TEXTAREA_MAX;
        maxLen('Default', def, max);
        maxLen('Placeholder', str(e.placeholder), max);
        if (!TEXT_SUBTYPES.has(str(e.subtype))) bad(`invalid subtype "${str(e.subtype)}"`);
        break;
      }
      case 'select': {
        maxLen('Default', def, SELECT_MAX);
        maxLen('Placeholder', str(e.placeholder), SELECT_MAX);
        const source = str(e.data_source);
        if (!['', 'users', 'channels', 'dynamic'].includes(source)) bad(`invalid data source "${source}"`);
        if (source === '' && def !== '') {
          const wanted = e.multiselect === true ? def.replaceAll(' ', '').split(',').filter(Boolean) : [def];
          if (wanted.some((v) => !values.includes(v))) bad(`default value "${def}" doesn't exist in options`);
        }
        break;
      }
      case 'bool':
        if (def !== '' && def !== 'true' && def !== 'false') bad('invalid default of bool');
        maxLen('Placeholder', str(e.placeholder), BOOL_MAX);
        break;
      case 'radio':
        if (def !== '' && !values.includes(def)) bad(`default value "${def}" doesn't exist in options`);
        break;
      case 'date':
      case 'datetime':
        maxLen('Default', def, TEXT_MAX);
        maxLen('Placeholder', str(e.placeholder), TEXT_MAX);
        break;
      default:
        bad(`invalid element type: "${type}"`);
    }
  }
  return problems;
}

export class DialogService {
  private secret: Buffer | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** The per-installation signing secret: made once; the first node to store it wins. */
  private async signingSecret(): Promise<Buffer> {
    if (this.secret) return this.secret;
    const system = this.ctx.store.system;
    await system.insertIfAbsent(SECRET_KEY, crypto.randomBytes(32).toString('base64'));
    this.secret = Buffer.from((await system.get(SECRET_KEY))!, 'base64');
    return this.secret;
  }

  private sign(secret: Buffer, data: string): Buffer {
    return crypto.createHmac('sha256', secret).update(data).digest();
  }

  /**
   * A trigger id for this user: base64 of `<client id>:<user id>:<millis>:<base64 signature>`, the layout
   * of Mattermost's. `at` is the issue time (the clock's now unless a test says otherwise).
   */
  async generateTriggerId(userId: string, at = this.ctx.clock.now()): Promise<IssuedTrigger> {
    const clientTriggerId = newId();
    const data = `${clientTriggerId}:${userId}:${at}:`;
    const signature = this.sign(await this.signingSecret(), data).toString('base64');
    return { clientTriggerId, triggerId: Buffer.from(data + signature).toString('base64') };
  }

  /** The client trigger id and user a trigger id was issued to, if it is genuine and not expired. */
  async verifyTriggerId(triggerId: string): Promise<{ clientTriggerId: string; userId: string }> {
    const bytes = decodeBase64(triggerId);
    if (!bytes || triggerId === '') throw triggerError('interactive_message.decode_trigger_id.base64_decode_failed', 'Failed to decode base64 for trigger ID for interactive dialog.');
    const parts = bytes.toString('utf8').split(':');
    if (parts.length !== 4) throw triggerError('interactive_message.decode_trigger_id.missing_data', 'Trigger ID missing required data for interactive dialog.');
    const [clientTriggerId, userId, stamp, sig] = parts as [string, string, string, string];
    const issuedAt = /^\d{1,16}$/.test(stamp) ? Number(stamp) : 0;
    if (this.ctx.clock.now() - issuedAt > TRIGGER_ID_LIFETIME_MS) {
      throw triggerError('interactive_message.decode_trigger_id.expired', `Trigger ID for interactive dialog is expired. Trigger IDs live for a maximum of ${TRIGGER_ID_LIFETIME_MS / 1000}s.`);
    }
    const signature = decodeBase64(sig);
    if (!signature) throw triggerError('interactive_message.decode_trigger_id.base64_decode_failed_signature', 'Failed to decode base64 for signature of trigger ID for interactive dialog.');
    const expected = this.sign(await this.signingSecret(), `${clientTriggerId}:${userId}:${stamp}:`);
    if (signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
      throw triggerError('interactive_message.decode_trigger_id.verify_signature_failed', 'Signature verification failed of trigger ID for interactive dialog.');
    }
    return { clientTriggerId, userId };
  }

  /**
   * POST /actions/dialogs/open: no session — the trigger id is the authority. The dialog goes to the
   * sockets of the user the trigger id was issued to, and nowhere else.
   */
  async openDialog(req: OpenDialogRequest): Promise<void> {
    if (!req.url) throw badRequest('api.context.invalid_param.app_error', 'Invalid url parameter.');
    const { clientTriggerId, userId } = await this.verifyTriggerId(req.trigger_id ?? '');
    const dialog = req.dialog && typeof req.dialog === 'object' && !Array.isArray(req.dialog) ? req.dialog : {};
    const problems = dialogProblems(dialog);
    if (problems.length > 0) {
      throw badRequest('api.dialog.open.invalid_dialog.app_error', 'The interactive dialog is not valid.', problems.slice(0, 10).join('; '));
    }
    const payload = { trigger_id: clientTriggerId, url: req.url, dialog };
    await this.ctx.bus.publish(makeEvent('open_dialog', { dialog: JSON.stringify(payload) }, { userId }));
  }

  /**
   * POST /actions/dialogs/submit: the caller must be able to read the channel (and see the team); the
   * submission goes to the integration's URL, whose answer (validation errors included) is returned.
   */
  async submitDialog(session: AuthSession, req: SubmitDialogRequest): Promise<SubmitDialogResponse> {
    if (!req.url) throw badRequest('api.context.invalid_param.app_error', 'Invalid url parameter.');
    await this.app.authz.requireChannel(session, req.channel_id ?? '', 'read_channel');
    if (req.team_id) await this.app.authz.requireTeam(session, req.team_id, 'view_team');
    const body = {
      type: 'dialog_submission',
      callback_id: req.callback_id ?? '',
      state: req.state ?? '',
      user_id: session.userId,
      channel_id: req.channel_id ?? '',
      team_id: req.team_id ?? '',
      submission: req.submission ?? {},
      cancelled: req.cancelled === true,
    };
    const text = await callIntegration(this.app, this.ctx, req.url, body);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // Mattermost ignores an answer it cannot decode: an empty response is acceptable.
      parsed = {};
    }
    const out: SubmitDialogResponse = {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const p = parsed as Record<string, unknown>;
      if (typeof p.error === 'string' && p.error) out.error = p.error;
      if (p.errors && typeof p.errors === 'object' && !Array.isArray(p.errors)) {
        const errors = Object.fromEntries(Object.entries(p.errors).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        if (Object.keys(errors).length > 0) out.errors = errors;
      }
      if (typeof p.type === 'string' && p.type) out.type = p.type;
      if (p.form && typeof p.form === 'object' && !Array.isArray(p.form)) out.form = p.form as Record<string, unknown>;
    }
    return out;
  }
}
