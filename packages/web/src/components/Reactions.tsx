import * as Tooltip from '@radix-ui/react-tooltip';
import type { Reaction } from '../store/model';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { toggleReaction } from '../store/post-thunks';
import { emojiFor } from '../markdown/emoji';
import { selectNameFormat, userDisplayName } from '../store/selectors';
import { useT } from '../i18n/use-t';
import { ReactionPicker } from './ReactionPicker';
import { SmileIcon } from './Icons';

interface Group {
  name: string;
  userIds: string[];
  first: number;
}

function groupReactions(reactions: readonly Reaction[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of reactions) {
    const g = groups.get(r.emoji_name) ?? { name: r.emoji_name, userIds: [], first: r.create_at };
    g.userIds.push(r.user_id);
    g.first = Math.min(g.first, r.create_at);
    groups.set(r.emoji_name, g);
  }
  return [...groups.values()].sort((a, b) => a.first - b.first);
}

export function Reactions({ postId, reactions }: { postId: string; reactions: readonly Reaction[] }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const myId = useAppSelector((s) => s.session.me?.id ?? '');
  const users = useAppSelector((s) => s.users.byId);
  const format = useAppSelector(selectNameFormat);
  if (reactions.length === 0) return null;
  return (
    <div className="reactions">
      {groupReactions(reactions).map((g) => {
        const mine = g.userIds.includes(myId);
        const names = g.userIds.map((id) => (id === myId ? t('reactions.you') : userDisplayName(users[id], format)));
        const who = t('reactions.who', { names: names.join(', '), count: names.length, emoji: `:${g.name}:` });
        return (
          <Tooltip.Root key={g.name}>
            <Tooltip.Trigger asChild>
              <button type="button" className={`reaction${mine ? ' reaction--mine' : ''}`} aria-pressed={mine} aria-label={who} onClick={() => void dispatch(toggleReaction(postId, g.name))}>
                <span className="reaction__emoji">{emojiFor(g.name) ?? `:${g.name}:`}</span>
                <span className="reaction__count">{g.userIds.length}</span>
              </button>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={4}>
                {who}
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
        );
      })}
      <ReactionPicker label={t('reactions.add')} onPick={(name) => void dispatch(toggleReaction(postId, name))}>
        <button type="button" className="reaction reaction--add">
          <SmileIcon size={16} />
        </button>
      </ReactionPicker>
    </div>
  );
}
