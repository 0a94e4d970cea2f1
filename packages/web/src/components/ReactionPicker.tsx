import { useMemo, useState, type ReactNode } from 'react';
import * as Popover from '@radix-ui/react-popover';
import { QUICK_REACTIONS, emojiFor, emojiNames, findEmoji } from '../markdown/emoji';
import { useT } from '../i18n/use-t';
import { SearchIcon } from './Icons';

/** The emoji picker for reactions: the usual ones first, every known emoji below, found by name as you type. */
export function ReactionPicker({ onPick, children, label }: { onPick: (name: string) => void; children: ReactNode; label: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState('');
  const q = term.trim().toLowerCase().replace(/^:|:$/g, '');
  const all = useMemo(() => (q ? findEmoji(q, 400) : emojiNames().filter((n) => !QUICK_REACTIONS.includes(n))), [q]);
  const pick = (name: string) => {
    setOpen(false);
    setTerm('');
    onPick(name);
  };
  const choice = (name: string) => (
    <button key={name} type="button" className="emoji-picker__choice" title={`:${name}:`} aria-label={`:${name}:`} onClick={() => pick(name)}>
      {emojiFor(name)}
    </button>
  );
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild aria-label={label}>
        {children}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="emoji-picker" sideOffset={6} align="end" collisionPadding={8} aria-label={t('reactions.pick')}>
          <label className="search-field emoji-picker__search">
            <SearchIcon size={14} />
            <input
              className="input input--bare"
              autoFocus
              value={term}
              placeholder={t('reactions.search')}
              aria-label={t('reactions.search')}
              onChange={(e) => setTerm(e.target.value)}
              onKeyDown={(e) => {
                const first = q ? all[0] : undefined;
                if (e.key === 'Enter' && first) {
                  e.preventDefault();
                  pick(first);
                }
              }}
            />
          </label>
          <div className="emoji-picker__scroll">
            {!q && (
              <>
                <p className="emoji-picker__heading">{t('reactions.frequent')}</p>
                <div className="emoji-picker__grid">{QUICK_REACTIONS.map(choice)}</div>
                <p className="emoji-picker__heading">{t('reactions.all')}</p>
              </>
            )}
            <div className="emoji-picker__grid">{all.map(choice)}</div>
            {q && all.length === 0 && <p className="muted emoji-picker__none">{t('reactions.none')}</p>}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
