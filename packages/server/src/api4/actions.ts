// Interactive messages: POST /posts/{id}/actions/{action_id} (Client4 doPostAction), and dialogs —
// POST /actions/dialogs/open (called by integrations with a trigger id, no session) and
// /actions/dialogs/submit (Client4 submitInteractiveDialog). Mattermost's api4/integration_action.go.
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { invalidUrlParam } from '../platform/errors.js';
import { requireSession } from './auth.js';
import { idParam } from './params.js';
import { STATUS_OK, type Router } from './router.js';

type P = { post_id: string; action_id: string };

/** Integrations choose their own action ids; Mattermost's route takes letters and digits only. */
function actionIdParam(value: string | undefined): string {
  if (!value || value.length > 128 || !/^[A-Za-z0-9]+$/.test(value)) throw invalidUrlParam('action_id');
  return value;
}

const DoActionBody = Type.Object({
  selected_option: Type.Optional(Type.String({ maxLength: 4096 })),
  cookie: Type.Optional(Type.String({ maxLength: 65536 })),
});

const OpenDialogBody = Type.Object({
  trigger_id: Type.Optional(Type.String({ maxLength: 4096 })),
  url: Type.Optional(Type.String({ maxLength: 4096 })),
  dialog: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const SubmitDialogBody = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 4096 })),
  callback_id: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 65536 })),
  channel_id: Type.Optional(Type.String({ maxLength: 64 })),
  team_id: Type.Optional(Type.String({ maxLength: 64 })),
  submission: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  cancelled: Type.Optional(Type.Boolean()),
});

export function registerActionRoutes(r: Router, app: App): void {
  r.post('/api/v4/posts/:post_id/actions/:action_id', { schema: { body: Type.Optional(DoActionBody) } }, async (req) => {
    const s = requireSession(req);
    const params = req.params as P;
    const postId = idParam(params.post_id, 'post_id');
    const actionId = actionIdParam(params.action_id);
    const result = await app.postActions.doPostAction(s, postId, actionId, req.body?.selected_option ?? '');
    return { status: 'OK', ...result };
  });

  r.post('/api/v4/actions/dialogs/open', { schema: { body: OpenDialogBody }, config: { auth: 'none' } }, async (req) => {
    await app.dialogs.openDialog({ trigger_id: req.body.trigger_id ?? '', url: req.body.url ?? '', dialog: req.body.dialog ?? {} });
    return STATUS_OK;
  });

  r.post('/api/v4/actions/dialogs/submit', { schema: { body: SubmitDialogBody } }, async (req) => {
    const s = requireSession(req);
    return app.dialogs.submitDialog(s, { ...req.body, url: req.body.url ?? '' });
  });
}
