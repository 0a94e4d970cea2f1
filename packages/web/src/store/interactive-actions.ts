// Interactive messages: buttons and menus in a post's attachments call the integration through the server
// (POST /posts/{id}/actions/{action_id}); integrations open dialogs (the `open_dialog` event) whose answers
// go back through POST /actions/dialogs/submit.
import type { AppThunk } from './store';
import { toPost, type IncomingPost } from './model';
import { postsUpserted } from './posts-slice';
import { interactiveDialogClosed, interactiveDialogOpened, type OpenInteractiveDialog } from './ui-slice';

/** Runs an attachment's button or menu; rejects with the server's error so the control can show it. */
export const doPostAction =
  (postId: string, actionId: string, selectedOption = ''): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.doPostAction(postId, actionId, selectedOption);
  };

/**
 * A post only this user sees (an action's ephemeral_text, a slash command's answer). The server keeps no copy;
 * it is shown in the channel, under the post it answers, until the page reloads.
 */
export const ephemeralPostReceived =
  (wire: IncomingPost): AppThunk =>
  (dispatch) => {
    dispatch(postsUpserted([{ ...toPost(wire), root_id: '' }]));
  };

export function isEphemeral(post: { type: string }): boolean {
  return post.type === 'system_ephemeral';
}

export type DialogElementType = 'text' | 'textarea' | 'select' | 'bool' | 'radio';

export interface DialogElement {
  display_name: string;
  name: string;
  type: DialogElementType;
  subtype: string;
  default: string;
  placeholder: string;
  help_text: string;
  optional: boolean;
  min_length: number;
  max_length: number;
  data_source: string;
  options: { text: string; value: string }[];
}

export interface InteractiveDialog {
  callback_id: string;
  title: string;
  introduction_text: string;
  elements: DialogElement[];
  submit_label: string;
  notify_on_cancel: boolean;
  state: string;
}

const ELEMENT_TYPES = new Set<string>(['text', 'textarea', 'select', 'bool', 'radio']);

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0;
}

function options(v: unknown): { text: string; value: string }[] {
  if (!Array.isArray(v)) return [];
  return v.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null).map((o) => ({ text: str(o.text), value: str(o.value) }));
}

/** The `open_dialog` event's `dialog` field (a JSON string), read defensively; null when unusable. */
export function parseOpenDialog(raw: unknown): OpenInteractiveDialog | null {
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (typeof v !== 'object' || v === null) return null;
  const outer = v as Record<string, unknown>;
  const d = outer.dialog;
  if (typeof d !== 'object' || d === null || typeof outer.url !== 'string') return null;
  const dialog = d as Record<string, unknown>;
  const elements = Array.isArray(dialog.elements) ? dialog.elements : [];
  return {
    url: outer.url,
    triggerId: str(outer.trigger_id),
    dialog: {
      callback_id: str(dialog.callback_id),
      title: str(dialog.title),
      introduction_text: str(dialog.introduction_text),
      submit_label: str(dialog.submit_label),
      notify_on_cancel: dialog.notify_on_cancel === true,
      state: str(dialog.state),
      elements: elements
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && ELEMENT_TYPES.has(str((e as Record<string, unknown>).type)))
        .map((e) => ({
          display_name: str(e.display_name),
          name: str(e.name),
          type: str(e.type) as DialogElementType,
          subtype: str(e.subtype),
          default: typeof e.default === 'boolean' ? String(e.default) : str(e.default),
          placeholder: str(e.placeholder),
          help_text: str(e.help_text),
          optional: e.optional === true,
          min_length: int(e.min_length),
          max_length: int(e.max_length),
          data_source: str(e.data_source),
          options: options(e.options),
        })),
    },
  };
}

export const openDialogReceived =
  (raw: unknown): AppThunk =>
  (dispatch) => {
    const open = parseOpenDialog(raw);
    if (open) dispatch(interactiveDialogOpened(open));
  };

export type DialogValues = Record<string, string | boolean>;

/** What the integration answered: errors per element name and/or a general one; none means done. */
export interface DialogOutcome {
  errors: Record<string, string>;
  error: string;
}

/** Sends the dialog's answers (or, with `cancelled`, that it was dismissed); closes it unless the integration found errors. */
export const submitDialog =
  (open: OpenInteractiveDialog, submission: DialogValues, cancelled = false): AppThunk<Promise<DialogOutcome>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const channelId = state.channels.currentId ?? '';
    const teamId = state.teams.currentId ?? '';
    const answer = (await client.submitInteractiveDialog({
      url: open.url,
      callback_id: open.dialog.callback_id,
      state: open.dialog.state,
      submission: submission as Record<string, string>,
      user_id: state.session.me?.id ?? '',
      channel_id: channelId,
      team_id: teamId,
      cancelled,
    })) as { errors?: unknown; error?: unknown } | null;
    const errors: Record<string, string> = {};
    if (answer && typeof answer.errors === 'object' && answer.errors !== null) {
      for (const [k, v] of Object.entries(answer.errors)) if (typeof v === 'string' && v !== '') errors[k] = v;
    }
    const error = typeof answer?.error === 'string' ? answer.error : '';
    if (cancelled || (error === '' && Object.keys(errors).length === 0)) dispatch(interactiveDialogClosed());
    return { errors, error };
  };
