// What the store's thunks reach the outside world through. Tests pass fakes; the app passes the real
// Client4 and WebSocketClient, the only way this client talks to the server.
import mattermostClient from '@mattermost/client';

const { Client4, WebSocketClient } = mattermostClient;

export type Client = InstanceType<typeof Client4>;
export type Socket = InstanceType<typeof WebSocketClient>;

export interface Services {
  client: Client;
  socket: Socket;
  /** Whether the person can see the page: a post arriving in a hidden tab stays unread. */
  isVisible(): boolean;
  now(): number;
  setTimer(fn: () => void, ms: number): void;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

export function createBrowserServices(origin: string): Services {
  const client = new Client4();
  client.setUrl(origin);
  // Cookie sessions (MMAUTHTOKEN + MMCSRF): the token never sits in JavaScript-readable storage.
  client.setIncludeCookies(true);
  const socket = new WebSocketClient({ minWebSocketRetryTime: 1000, reconnectJitterRange: 1000 });
  let storage: Services['storage'];
  try {
    storage = window.localStorage;
  } catch {
    // Storage can be disabled (privacy settings); remembering the last channel is optional.
    storage = null;
  }
  return {
    client,
    socket,
    isVisible: () => document.visibilityState === 'visible',
    now: () => Date.now(),
    setTimer: (fn, ms) => {
      window.setTimeout(fn, ms);
    },
    storage,
  };
}

export function webSocketUrl(client: Client): string {
  return client.getWebSocketUrl().replace(/^http/, 'ws');
}
