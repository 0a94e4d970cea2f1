// FileInfo as Mattermost sends it (model/file_info.go): storage paths and content never leave the server;
// width, height, post_id and mini_preview are omitted when empty (Go omitempty).
import type { FileInfo as MmFileInfo } from '@mattermost/types/files';
import type { FileInfo } from '../store/store.js';

export type WireFileInfo = Omit<MmFileInfo, 'clientId' | 'width' | 'height'> & { width?: number; height?: number; remote_id: string };

export function presentFileInfo(f: FileInfo): WireFileInfo {
  const out: WireFileInfo = {
    id: f.id,
    user_id: f.creator_id,
    channel_id: f.channel_id,
    create_at: f.create_at,
    update_at: f.update_at,
    delete_at: f.delete_at,
    name: f.name,
    extension: f.extension,
    size: f.size,
    mime_type: f.mime_type,
    has_preview_image: f.has_preview_image,
    remote_id: f.remote_id,
    archived: f.archived,
  };
  if (f.width) out.width = f.width;
  if (f.height) out.height = f.height;
  if (f.post_id) out.post_id = f.post_id;
  if (f.mini_preview) out.mini_preview = f.mini_preview;
  return out;
}
