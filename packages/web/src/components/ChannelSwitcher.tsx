import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { selectSidebar, selectNameFormat, userDisplayName, userFullName, dmPartnerId, selectMyId, type SidebarChannel } from '../store/selectors';
import { selectChannel } from '../store/navigation-actions';
import { findPublicChannels, joinChannel, openConversation, searchUsers } from '../store/team-thunks';
import type { Channel } from '../store/channels-slice';
import { useErrorText, useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { GlobeIcon, HashIcon, LockIcon, SearchIcon, UsersIcon } from './Icons';

type Item =
  | { kind: 'channel'; key: string; entry: SidebarChannel }
  | { kind: 'person'; key: string; user: UserProfile }
  | { kind: 'public'; key: string; channel: Pick<Channel, 'id' | 'name' | 'display_name' | 'purpose'> };

const MAX = 30;

/**
 * Ctrl/Cmd+K: jump to any of your channels and conversations by typing part of the name; people without a
 * conversation yet and public channels you have not joined are found too.
 */
export function ChannelSwitcher({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const sections = useAppSelector(selectSidebar);
  const format = useAppSelector(selectNameFormat);
  const myId = useAppSelector(selectMyId);
  const listId = useId();
  const [term, setTerm] = useState('');
  const [people, setPeople] = useState<UserProfile[]>([]);
  const [publics, setPublics] = useState<Item[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const q = term.trim().toLowerCase().replace(/^[@~#]/, '');

  const mine = useMemo(() => {
    const all = [...sections.favorites, ...sections.channels, ...sections.direct];
    if (q === '') {
      // Nothing typed: what needs attention first, then the most recently active.
      return all.sort((a, b) => Number(b.mentions > 0) - Number(a.mentions > 0) || Number(b.unread) - Number(a.unread) || b.channel.last_post_at - a.channel.last_post_at).slice(0, MAX);
    }
    const hit = (e: SidebarChannel) => e.title.toLowerCase().includes(q) || e.channel.name.toLowerCase().includes(q);
    return all.filter(hit).sort((a, b) => Number(!a.title.toLowerCase().startsWith(q)) - Number(!b.title.toLowerCase().startsWith(q)) || a.title.localeCompare(b.title));
  }, [sections, q]);

  // People and public channels come from the server as you type.
  useEffect(() => {
    if (q === '') {
      setPeople([]);
      setPublics([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      dispatch(searchUsers(q)).then(
        (users) => live && setPeople(users),
        () => live && setPeople([]),
      );
      dispatch(findPublicChannels(q)).then(
        (found) => live && setPublics(found.map((c) => ({ kind: 'public' as const, key: `p:${c.id}`, channel: c }))),
        () => live && setPublics([]),
      );
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [dispatch, q]);

  const items: Item[] = useMemo(() => {
    const haveDm = new Set(mine.map((e) => dmPartnerId(e.channel, myId)).filter(Boolean));
    const joined = new Set(mine.map((e) => e.channel.id));
    return [
      ...mine.map((entry): Item => ({ kind: 'channel', key: `c:${entry.channel.id}`, entry })),
      ...people.filter((u) => !haveDm.has(u.id)).map((user): Item => ({ kind: 'person', key: `u:${user.id}`, user })),
      ...publics.filter((p) => p.kind === 'public' && !joined.has(p.channel.id)),
    ].slice(0, MAX);
  }, [mine, people, publics, myId]);

  useEffect(() => setActive(0), [q]);

  async function choose(item: Item | undefined) {
    if (!item) return;
    try {
      if (item.kind === 'channel') await dispatch(selectChannel(item.entry.channel.id));
      else if (item.kind === 'person') await dispatch(openConversation([item.user.id]));
      else await dispatch(joinChannel(item.channel.id));
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (items.length > 0) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void choose(items[active]);
    }
  }

  return (
    <div className="switcher">
      <label className="search-field">
        <SearchIcon size={16} />
        <input
          className="input input--bare"
          autoFocus
          value={term}
          placeholder={t('switcher.placeholder')}
          aria-label={t('switcher.placeholder')}
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items[active] ? `${listId}-${active}` : undefined}
          onChange={(e) => setTerm(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </label>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <ul className="switcher__list" id={listId} role="listbox" aria-label={t('switcher.results')}>
        {items.map((item, i) => (
          <li
            key={item.key}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`switcher__item${i === active ? ' switcher__item--active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => {
              e.preventDefault();
              void choose(item);
            }}
          >
            {item.kind === 'channel' ? (
              <>
                <span className="switcher__icon">
                  {item.entry.channel.type === 'D' ? (
                    <Avatar userId={dmPartnerId(item.entry.channel, myId) ?? ''} size={20} />
                  ) : item.entry.channel.type === 'G' ? (
                    <UsersIcon size={16} />
                  ) : item.entry.channel.type === 'P' ? (
                    <LockIcon size={16} />
                  ) : (
                    <HashIcon size={16} />
                  )}
                </span>
                <span className={`switcher__name${item.entry.unread && !item.entry.muted ? ' switcher__name--unread' : ''}`}>{item.entry.title}</span>
                {item.entry.channel.type === 'O' || item.entry.channel.type === 'P' ? <span className="switcher__sub">~{item.entry.channel.name}</span> : null}
                {item.entry.mentions > 0 && <span className="badge">{item.entry.mentions}</span>}
              </>
            ) : item.kind === 'person' ? (
              <>
                <span className="switcher__icon">
                  <Avatar userId={item.user.id} size={20} />
                </span>
                <span className="switcher__name">{userDisplayName(item.user, format)}</span>
                <span className="switcher__sub">@{item.user.username}{userFullName(item.user) && format === 'username' ? ` · ${userFullName(item.user)}` : ''}</span>
              </>
            ) : (
              <>
                <span className="switcher__icon">
                  <GlobeIcon size={16} />
                </span>
                <span className="switcher__name">{item.channel.display_name}</span>
                <span className="switcher__sub">{t('switcher.join')}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="muted empty-state">{t('switcher.none')}</p>}
      <p className="switcher__hint muted">{t('switcher.hint')}</p>
    </div>
  );
}
