// Drafts as Mattermost sends them (model.Draft).
import type { Draft as WireDraftType } from '@mattermost/types/drafts';
import type { Draft } from '../store/store.js';

export type WireDraft = WireDraftType;

export function presentDraft(d: Draft): WireDraft {
  const out: WireDraft = {
    create_at: d.create_at,
    update_at: d.update_at,
    delete_at: d.delete_at,
    user_id: d.user_id,
    channel_id: d.channel_id,
    root_id: d.root_id,
    message: d.message,
    props: d.props ?? {},
    file_ids: d.file_ids ?? [],
  };
  if (d.type) out.type = d.type as WireDraft['type'];
  if (d.priority) out.priority = d.priority as WireDraft['priority'];
  return out;
}
