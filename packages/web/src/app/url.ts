// The client's URLs, Mattermost style: /<team>/channels/<channel>, and /<team>/threads for the Threads
// view. The server answers every non-API path with index.html, so these survive a reload and can be shared.
export interface Route {
  teamName: string | null;
  channelName: string | null;
  threads?: boolean;
}

const NAME = /^[a-z0-9_.-]+$/i;

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const teamName = parts[0] && NAME.test(parts[0]) ? parts[0] : null;
  const channelName = teamName && parts[1] === 'channels' && parts[2] && NAME.test(parts[2]) ? parts[2] : null;
  return { teamName, channelName, threads: teamName !== null && parts[1] === 'threads' };
}

export function buildPath(teamName: string | null, channelName: string | null, threads = false): string {
  if (!teamName) return '/';
  if (threads) return `/${encodeURIComponent(teamName)}/threads`;
  if (!channelName) return `/${encodeURIComponent(teamName)}`;
  return `/${encodeURIComponent(teamName)}/channels/${encodeURIComponent(channelName)}`;
}
