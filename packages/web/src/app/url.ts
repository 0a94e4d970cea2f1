// The client's URLs, Mattermost style: /<team>/channels/<channel>, and /<team>/threads for the Threads
// view. The server answers every non-API path with index.html, so these survive a reload and can be shared.
export interface Route {
  teamName: string | null;
  channelName: string | null;
  threads?: boolean;
  /** A permalink, /<team>/pl/<post_id>: open the post's channel scrolled to it. */
  postId?: string | null;
}

const NAME = /^[a-z0-9_.-]+$/i;
// Mattermost ids: 26 characters of lowercase base32.
const POST_ID = /^[a-z0-9]{26}$/;

/** The system console's sections, in the order its navigation lists them. */
export const CONSOLE_SECTIONS = ['users', 'teams', 'channels', 'config', 'audits', 'logs', 'stats', 'permissions'] as const;
export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number];
const CONSOLE_ROOT = 'admin_console';

/**
 * The console section a path opens (/admin_console/<section>, Mattermost's prefix), the first one for the
 * bare prefix or an unknown section, or null when the path is not the console's.
 */
export function consoleSection(pathname: string): ConsoleSection | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== CONSOLE_ROOT) return null;
  const wanted = parts[1] ?? '';
  return (CONSOLE_SECTIONS as readonly string[]).includes(wanted) ? (wanted as ConsoleSection) : CONSOLE_SECTIONS[0];
}

export function consolePath(section: ConsoleSection): string {
  return `/${CONSOLE_ROOT}/${section}`;
}

/** Moves the address without a reload and tells the app, as the browser's back button would. */
export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function parseRoute(pathname: string): Route {
  // The console is no team: signing in there opens the remembered team behind it.
  if (consoleSection(pathname)) return { teamName: null, channelName: null, threads: false };
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const teamName = parts[0] && NAME.test(parts[0]) ? parts[0] : null;
  const channelName = teamName && parts[1] === 'channels' && parts[2] && NAME.test(parts[2]) ? parts[2] : null;
  const postId = teamName && parts[1] === 'pl' && parts[2] && POST_ID.test(parts[2]) ? parts[2] : null;
  return { teamName, channelName, threads: teamName !== null && parts[1] === 'threads', ...(postId ? { postId } : {}) };
}

export function buildPath(teamName: string | null, channelName: string | null, threads = false): string {
  if (!teamName) return '/';
  if (threads) return `/${encodeURIComponent(teamName)}/threads`;
  if (!channelName) return `/${encodeURIComponent(teamName)}`;
  return `/${encodeURIComponent(teamName)}/channels/${encodeURIComponent(channelName)}`;
}

/** The shareable link to one post, as Mattermost shapes it. */
export function buildPermalink(teamName: string, postId: string): string {
  return `/${encodeURIComponent(teamName)}/pl/${encodeURIComponent(postId)}`;
}
