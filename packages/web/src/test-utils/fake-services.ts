// Test doubles for the store's services: a client whose methods are vi.fn()s (only what a test sets up
// answers), a socket that records what it sends, a settable clock and timers run on demand.
import { vi } from 'vitest';
import type { Client, Services, Socket } from '../api/services';
import { makeStore } from '../store/store';

export type FakeClient = Record<string, ReturnType<typeof vi.fn>>;

export interface FakeServices extends Services {
  fakeClient: FakeClient;
  sent: { action: string; data: unknown }[];
  clock: { now: number };
  runTimers(): void;
  visible: boolean;
}

export function fakeServices(): FakeServices {
  const fakeClient: FakeClient = {};
  // Unconfigured calls resolve to something harmless so background requests don't throw in tests.
  const client = new Proxy(fakeClient, {
    get(target, prop: string) {
      target[prop] ??= vi.fn(async () => ({}));
      return target[prop];
    },
  }) as unknown as Client;
  const sent: FakeServices['sent'] = [];
  const socket = {
    userTyping: (channelId: string, parentId: string) => sent.push({ action: 'user_typing', data: { channel_id: channelId, parent_id: parentId } }),
    initialize: () => {},
    close: () => {},
    addMessageListener: () => {},
    addMissedMessageListener: () => {},
    addCloseListener: () => {},
    addReconnectListener: () => {},
    addFirstConnectListener: () => {},
  } as unknown as Socket;
  const timers: (() => void)[] = [];
  const clock = { now: 1_700_000_000_000 };
  const services: FakeServices = {
    client,
    socket,
    fakeClient,
    sent,
    clock,
    visible: true,
    isVisible: () => services.visible,
    now: () => clock.now,
    setTimer: (fn) => {
      timers.push(fn);
    },
    runTimers: () => {
      for (const fn of timers.splice(0)) fn();
    },
    storage: null,
  };
  return services;
}

export function testStore(services: FakeServices = fakeServices()) {
  return { services, store: makeStore(services) };
}
