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
  onModeChange(listener: () => void): () => void;
  /** The session's token was renewed. */
  renewed(): void;
}

const POLL_MS = 5_000;
const SLOW_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
/** However fast changes come (an alert storm), a page reloads at most this often. */
const RELOAD_INTERVAL_MS = 2_000;

/** Calls `call` at once, then at most once per interval: a burst ends in one trailing call. */
function throttled(call: () => void, intervalMs: number): () => void {
  let last = 0;
  let pending = false;
  const fire = () => {
    pending = false;
    last = Date.now();
    call();
  };
  return () => {
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) fire();
    else if (!pending) {
      pending = true;
      setTimeout(fire, wait);
    }
  };
}

interface Subscriber {
  readonly topics: readonly Topic[];
  readonly changed: () => void;
}

export interface LiveFeedOptions {
  /** The WebSocket API's URL; none: polling only. */
  readonly url?: string;
  /**
   * A single-use ticket for the next connection (POST /v1/live/tickets): the bearer token never
   * goes in the socket's URL. Undefined when signed out; a throw (the API unreachable) is retried.
   */
  readonly ticket: () => Promise<string | undefined>;
}

export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const subscribers = new Set<Subscriber>();
  let socket: WebSocket | undefined;
  let open = false;
  let attempt = 0;
  // Each subscriber once, however many of its topics changed; one without topics (a form being
  // edited) is never reloaded under its user, not even by a poll.
  const notify = (topics?: readonly Topic[]) => {
    for (const subscriber of subscribers) {
      const wanted = topics === undefined ? subscriber.topics.length > 0 : subscriber.topics.some((topic) => topics.includes(topic));
      if (wanted) subscriber.changed();
    }
  };
  const modeListeners = new Set<() => void>();
  // While the socket is open, a slow poll still catches anything a missed message would lose.
  const tick = () => {
    if (document.visibilityState === 'visible') notify();
    setTimeout(tick, open ? SLOW_POLL_MS : POLL_MS);
  };
  setTimeout(tick, POLL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') notify();
  });

  // Exponential backoff with jitter, so a fleet of consoles does not reconnect in step.
  const retryLater = () => {
    attempt += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
    setTimeout(() => void connect(), delay);
  };

  const connect = async (): Promise<void> => {
    if (options.url === undefined) return;
    let ticket: string | undefined;
    try {
      ticket = await options.ticket();
    } catch {
      retryLater();
      return;
    }
    if (ticket === undefined) return;
    const mine = new WebSocket(`${options.url}?ticket=${encodeURIComponent(ticket)}`);
    socket = mine;
    mine.addEventListener('open', () => {
      if (socket !== mine) return;
      open = true;
      attempt = 0;
      for (const listener of modeListeners) listener();
      // What changed while it was down.
      notify();
    });
    mine.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { topics?: unknown };
        if (Array.isArray(message.topics)) notify(message.topics as Topic[]);
      } catch {
        // Not ours: ignore it.
      }
    });
    mine.addEventListener('close', () => {
      // A socket replaced on purpose (a renewed token) says nothing about the connection.
      if (socket !== mine) return;
      const wasOpen = open;
      open = false;
      if (wasOpen) for (const listener of modeListeners) listener();
      retryLater();
    });
  };
  void connect();

  return {
    subscribe(topics, changed) {
      const subscriber = { topics, changed: throttled(changed, RELOAD_INTERVAL_MS) };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    mode: () => (open ? 'live' : 'polling'),
    renewed() {
      // The register forgets a connection when the token it opened with expires: open one with a
      // ticket of the new token, then close the old one (on purpose: its close is not a failure).
      const previous = socket;
      void connect().finally(() => {
        // No new socket (the ticket could not be had; a retry is on its way): polling meanwhile.
        if (socket === previous) {
          socket = undefined;
          if (open) {
            open = false;
            for (const listener of modeListeners) listener();
          }
        }
        previous?.close();
      });
    },
    onModeChange(listener) {
      modeListeners.add(listener);
      return () => modeListeners.delete(listener);
    },
  };
}
