import { useState, type ReactNode } from 'react';
import * as Popover from '@radix-ui/react-popover';
import { QUICK_REACTIONS, emojiFor } from '../markdown/emoji';
import { useT } from '../i18n/use-t';

export function ReactionPicker({ onPick, children, label }: { onPick: (name: string) => void; children: ReactNode; label: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild aria-label={label}>
        {children}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="emoji-picker" sideOffset={6} align="end" aria-label={t('reactions.pick')}>
          {QUICK_REACTIONS.map((name) => (
            <button
              key={name}
              type="button"
              className="emoji-picker__choice"
              title={`:${name}:`}
              aria-label={`:${name}:`}
              onClick={() => {
                setOpen(false);
                onPick(name);
              }}
            >
              {emojiFor(name)}
            </button>
          ))}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
