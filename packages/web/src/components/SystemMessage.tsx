import type { UserProfile } from '@mattermost/types/users';
import type { Post } from '../store/model';
import { useAppSelector } from '../store/hooks';
import { useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/locales';

function prop(post: Post, key: string): string {
  const v = post.props[key];
  return typeof v === 'string' ? v : '';
}

function genderOf(user: UserProfile | undefined): string {
  const g = user?.props?.gender;
  return g === 'female' || g === 'male' ? g : 'other';
}

const SIMPLE: Record<string, MessageId> = {
  system_join_channel: 'system.joinChannel',
  system_leave_channel: 'system.leaveChannel',
  system_join_team: 'system.joinTeam',
  system_leave_team: 'system.leaveTeam',
  system_channel_deleted: 'system.archived',
  system_channel_restored: 'system.unarchived',
};

/** Server-made messages, written in the reader's language from the post's type and props. */
export function SystemMessage({ post }: { post: Post }) {
  const t = useT();
  const actor = useAppSelector((s) => s.users.byId[post.user_id]);
  const name = prop(post, 'username') || actor?.username || '';
  const gender = genderOf(actor);
  const simple = SIMPLE[post.type];
  if (simple) return <>{t(simple, { name, gender })}</>;
  switch (post.type) {
    case 'system_add_to_channel':
      return <>{t('system.addToChannel', { actor: name, name: prop(post, 'addedUsername'), gender })}</>;
    case 'system_add_to_team':
      return <>{t('system.addToTeam', { actor: name, name: prop(post, 'addedUsername'), gender })}</>;
    case 'system_remove_from_channel':
      return <>{t('system.removeFromChannel', { name: prop(post, 'removedUsername') })}</>;
    case 'system_remove_from_team':
      return <>{t('system.removeFromTeam', { name })}</>;
    case 'system_header_change':
    case 'system_purpose_change': {
      const which = post.type === 'system_header_change' ? 'header' : 'purpose';
      const value = prop(post, `new_${which}`);
      return <>{value ? t('system.setField', { name, gender, field: which, value }) : t('system.clearField', { name, gender, field: which })}</>;
    }
    case 'system_displayname_change':
      return <>{t('system.renamed', { name, gender, value: prop(post, 'new_displayname') })}</>;
    case 'system_change_chan_privacy':
      return <>{post.message}</>;
    default:
      return <>{post.message}</>;
  }
}
