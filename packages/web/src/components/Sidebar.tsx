import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { selectCurrentTeam, selectDisplayName, selectMyId, selectSidebar, dmPartnerId, groupMemberUsernames, type SidebarChannel } from '../store/selectors';
import { openThreadsView, selectChannel } from '../store/navigation-actions';
import { collapsedThreadsOn } from '../store/thread-actions';
import { draftKey } from '../store/drafts-slice';
import { dialogOpened } from '../store/ui-slice';
import { logout } from '../store/session-actions';
import { isSystemAdmin } from '../store/console-users';
import { consolePath, navigate } from '../app/url';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { ChevronDownIcon, GlobeIcon, HashIcon, LockIcon, PencilIcon, PlusIcon, ThreadsIcon } from './Icons';

export function Sidebar() {
  const t = useT();
  const dispatch = useAppDispatch();
  const team = useAppSelector(selectCurrentTeam);
  const sections = useAppSelector(selectSidebar);
  const me = useAppSelector((s) => s.session.me);
  const myName = useAppSelector((s) => selectDisplayName(s, s.session.me?.id ?? ''));
  const threadsOn = useAppSelector(collapsedThreadsOn);
  const admin = isSystemAdmin(me);

  const signOut = () => void dispatch(logout()).finally(() => window.location.assign('/'));

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar__header">
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className="sidebar__team-button">
            <span className="sidebar__team-name">{team?.display_name}</span>
            <ChevronDownIcon size={16} />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
              <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(dialogOpened('createChannel'))}>
                {t('sidebar.createChannel')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(dialogOpened('browseChannels'))}>
                {t('sidebar.browseChannels')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(dialogOpened('directMessage'))}>
                {t('sidebar.newMessage')}
              </DropdownMenu.Item>
              <DropdownMenu.Separator className="menu__separator" />
              <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(dialogOpened('createTeam'))}>
                {t('teams.add')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="menu__item" onSelect={() => dispatch(dialogOpened('settings'))}>
                {t('menu.settings')}
              </DropdownMenu.Item>
              {admin && (
                <DropdownMenu.Item className="menu__item" onSelect={() => navigate(consolePath('users'))}>
                  {t('console.title')}
                </DropdownMenu.Item>
              )}
              <DropdownMenu.Separator className="menu__separator" />
              <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={signOut}>
                {t('menu.logout')}
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </header>

      <div className="sidebar__scroll">
        {threadsOn && <ThreadsItem />}
        {sections.favorites.length > 0 && (
          <section className="sidebar__section" aria-labelledby="sidebar-favorites">
            <h2 className="sidebar__heading" id="sidebar-favorites">
              <span>{t('sidebar.favorites')}</span>
            </h2>
            <ul className="sidebar__list">
              {sections.favorites.map((entry) => (
                <SidebarItem key={entry.channel.id} entry={entry} />
              ))}
            </ul>
          </section>
        )}

        <section className="sidebar__section" aria-labelledby="sidebar-channels">
          <h2 className="sidebar__heading" id="sidebar-channels">
            <span>{t('sidebar.channels')}</span>
            <button type="button" className="icon-button icon-button--small" aria-label={t('sidebar.createChannel')} onClick={() => dispatch(dialogOpened('createChannel'))}>
              <PlusIcon size={16} />
            </button>
          </h2>
          <ul className="sidebar__list">
            {sections.channels.map((entry) => (
              <SidebarItem key={entry.channel.id} entry={entry} />
            ))}
          </ul>
          <button type="button" className="sidebar__more" onClick={() => dispatch(dialogOpened('browseChannels'))}>
            <GlobeIcon size={16} />
            {t('sidebar.browseChannels')}
          </button>
        </section>

        <section className="sidebar__section" aria-labelledby="sidebar-dms">
          <h2 className="sidebar__heading" id="sidebar-dms">
            <span>{t('sidebar.directMessages')}</span>
            <button type="button" className="icon-button icon-button--small" aria-label={t('sidebar.newMessage')} onClick={() => dispatch(dialogOpened('directMessage'))}>
              <PlusIcon size={16} />
            </button>
          </h2>
          <ul className="sidebar__list">
            {sections.direct.map((entry) => (
              <SidebarItem key={entry.channel.id} entry={entry} />
            ))}
          </ul>
          {sections.direct.length === 0 && <p className="sidebar__empty">{t('sidebar.noDirectMessages')}</p>}
        </section>
      </div>

      {me && (
        <footer className="sidebar__footer">
          <Avatar userId={me.id} size={28} />
          <span className="sidebar__me">{myName}</span>
          <button type="button" className="link-button" onClick={() => dispatch(dialogOpened('settings'))}>
            {t('menu.settings')}
          </button>
        </footer>
      )}
    </nav>
  );
}

function SidebarItem({ entry }: { entry: SidebarChannel }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const currentId = useAppSelector((s) => (s.ui.view === 'channel' ? s.channels.currentId : null));
  const myId = useAppSelector(selectMyId);
  const myUsername = useAppSelector((s) => s.session.me?.username ?? '');
  const { channel, title, mentions, muted } = entry;
  // Muted channels stay quiet: unread posts do not make them bold, only mentions show.
  const unread = entry.unread && !muted;
  const active = channel.id === currentId;
  const partner = dmPartnerId(channel, myId);
  const hasDraft = useAppSelector((s) => s.drafts.byKey[draftKey(channel.id, '')] !== undefined);
  const label = mentions > 0 ? t('sidebar.channelWithMentions', { name: title, count: mentions }) : unread ? t('sidebar.channelUnread', { name: title }) : title;
  return (
    <li>
      <button
        type="button"
        className={`sidebar-item${active ? ' sidebar-item--active' : ''}${unread && !active ? ' sidebar-item--unread' : ''}${muted ? ' sidebar-item--muted' : ''}`}
        aria-current={active ? 'page' : undefined}
        aria-label={label}
        data-channel-name={channel.name}
        onClick={() => void dispatch(selectChannel(channel.id))}
      >
        <span className="sidebar-item__icon">
          {partner ? <Avatar userId={partner} size={20} /> : channel.type === 'G' ? <span className="group-count">{groupMemberUsernames(channel, myUsername).length}</span> : channel.type === 'P' ? <LockIcon size={16} /> : <HashIcon size={16} />}
        </span>
        <span className="sidebar-item__name">{title}</span>
        {hasDraft && !active && <PencilIcon size={14} className="sidebar-item__draft" aria-hidden="true" />}
        {/* A space between name and count, as they look: the accessible name ("Town Square, 1 mention") then
            contains the visible text word for word (axe label-content-name-mismatch). */}
        {mentions > 0 && !active && ' '}
        {mentions > 0 && !active && <span className="badge">{mentions}</span>}
      </button>
    </li>
  );
}

/** "Threads" at the top of the sidebar: the followed threads, bold when some have unread replies. */
function ThreadsItem() {
  const t = useT();
  const dispatch = useAppDispatch();
  const active = useAppSelector((s) => s.ui.view === 'threads');
  const unread = useAppSelector((s) => s.threads.unreadThreads > 0);
  const mentions = useAppSelector((s) => s.threads.unreadMentions);
  const label = mentions > 0 ? t('sidebar.channelWithMentions', { name: t('threads.title'), count: mentions }) : unread ? t('sidebar.channelUnread', { name: t('threads.title') }) : t('threads.title');
  return (
    <ul className="sidebar__list sidebar__list--top">
      <li>
        <button
          type="button"
          className={`sidebar-item${active ? ' sidebar-item--active' : ''}${unread && !active ? ' sidebar-item--unread' : ''}`}
          aria-current={active ? 'page' : undefined}
          aria-label={label}
          onClick={() => void dispatch(openThreadsView())}
        >
          <span className="sidebar-item__icon">
            <ThreadsIcon size={16} />
          </span>
          <span className="sidebar-item__name">{t('threads.title')}</span>
          {mentions > 0 && !active && ' '}
          {mentions > 0 && !active && <span className="badge">{mentions}</span>}
        </button>
      </li>
    </ul>
  );
}
