import type { Suggestion } from '../store/autocomplete-actions';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { AtIcon, HashIcon, LockIcon } from './Icons';

/**
 * The completions offered above the message box. The box keeps focus (aria-activedescendant points here);
 * the mouse works too, without taking focus from the box.
 */
export function SuggestionList({ id, items, active, onPick, onHover }: { id: string; items: readonly Suggestion[]; active: number; onPick: (s: Suggestion) => void; onHover: (i: number) => void }) {
  const t = useT();
  return (
    <ul className="suggestions" id={id} role="listbox" aria-label={t('composer.suggestions')}>
      {items.map((s, i) => (
        <li
          key={s.key}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={`suggestion${i === active ? ' suggestion--active' : ''}`}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(s);
          }}
          onMouseEnter={() => onHover(i)}
        >
          <SuggestionBody s={s} />
        </li>
      ))}
    </ul>
  );
}

function SuggestionBody({ s }: { s: Suggestion }) {
  const t = useT();
  switch (s.kind) {
    case 'user':
      return (
        <>
          <Avatar userId={s.userId} size={22} />
          <span className="suggestion__main">@{s.username}</span>
          {s.fullName && <span className="suggestion__sub">{s.fullName}</span>}
          {s.outOfChannel && <span className="suggestion__note">{t('composer.notInChannel')}</span>}
        </>
      );
    case 'special':
      return (
        <>
          <span className="suggestion__icon">
            <AtIcon size={16} />
          </span>
          <span className="suggestion__main">@{s.name}</span>
          <span className="suggestion__sub">{t('composer.special', { name: s.name })}</span>
        </>
      );
    case 'channel':
      return (
        <>
          <span className="suggestion__icon">{s.type === 'P' ? <LockIcon size={16} /> : <HashIcon size={16} />}</span>
          <span className="suggestion__main">{s.displayName}</span>
          <span className="suggestion__sub">~{s.name}</span>
        </>
      );
    case 'emoji':
      return (
        <>
          <span className="suggestion__icon suggestion__emoji" aria-hidden="true">
            {s.char}
          </span>
          <span className="suggestion__main">:{s.name}:</span>
        </>
      );
  }
}
