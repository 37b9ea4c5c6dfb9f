/**
 * Live updates: pages subscribe to what they show (alerts, incidents, approvals) and reload
 * when it changes. Changes arrive by WebSocket when the deployment has one (`liveUrl`), with
 * reconnection and backoff; while it is down, and where there is none, every subscriber is
 * polled instead, and only while the page is visible.
 */
export type Topic = 'alerts' | 'incidents' | 'approvals' | 'audit';

export interface LiveFeed {
  /** Calls `changed` when a topic changes (or on each poll); returns the unsubscribe. */
  subscribe(topics: readonly Topic[], changed: () => void): () => void;
  /** `live` while the WebSocket is open, `polling` otherwise. */
  readonly mode: () => 'live' | 'polling';
}

const POLL_MS = 5_000;
const SLOW_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

interface Subscriber {
  readonly topics: readonly Topic[];
  readonly changed: () => void;
}

export function createLiveFeed(options: { url?: string; token: () => string | undefined }): LiveFeed {
  const subscribers = new Set<Subscriber>();
  let socket: WebSocket | undefined;
  let open = false;
  let attempt = 0;
  const notify = (topic?: Topic) => {
    for (const subscriber of subscribers) if (topic === undefined || subscriber.topics.includes(topic)) subscriber.changed();
  };
  // While the socket is open, a slow poll still catches anything a missed message would lose.
  const tick = () => {
    if (document.visibilityState === 'visible') notify();
    setTimeout(tick, open ? SLOW_POLL_MS : POLL_MS);
  };
  setTimeout(tick, POLL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') notify();
  });

  const connect = () => {
    const token = options.token();
    if (options.url === undefined || token === undefined) return;
    socket = new WebSocket(`${options.url}?token=${encodeURIComponent(token)}`);
    socket.addEventListener('open', () => {
      open = true;
      attempt = 0;
    });
    socket.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { topic?: Topic };
        if (message.topic !== undefined) notify(message.topic);
      } catch {
        // Not ours: ignore it.
      }
    });
    socket.addEventListener('close', () => {
      open = false;
      attempt += 1;
      // Exponential backoff with jitter, so a fleet of consoles does not reconnect in step.
      const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    });
  };
  connect();

  return {
    subscribe(topics, changed) {
      const subscriber = { topics, changed };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    mode: () => (open ? 'live' : 'polling'),
  };
}
