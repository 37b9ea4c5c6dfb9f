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

  // One attempt owns the socket at a time: each connect has a generation, and one that finds a
  // newer attempt started while it waited for its ticket gives way. At most one retry is pending.
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const setOpen = (next: boolean) => {
    if (open === next) return;
    open = next;
    for (const listener of modeListeners) listener();
  };
  // Exponential backoff with jitter, so a fleet of consoles does not reconnect in step.
  const retryLater = () => {
    attempt += 1;
    clearTimeout(retryTimer);
    const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(() => void connect(), delay);
  };

  const connect = async (): Promise<void> => {
    if (options.url === undefined) return;
    clearTimeout(retryTimer);
    const mine = ++generation;
    let ticket: string | undefined;
    try {
      ticket = await options.ticket();
    } catch {
      if (mine === generation) retryLater();
      return;
    }
    if (mine !== generation || ticket === undefined) return;
    const previous = socket;
    const current = new WebSocket(`${options.url}?ticket=${encodeURIComponent(ticket)}`);
    socket = current;
    // Replaced on purpose (a renewed token): its close is ignored below, and it is never left open.
    previous?.close();
    current.addEventListener('open', () => {
      if (socket !== current) return;
      attempt = 0;
      setOpen(true);
      // What changed while it was down.
      notify();
    });
    current.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { topics?: unknown };
        if (Array.isArray(message.topics)) notify(message.topics as Topic[]);
      } catch {
        // Not ours: ignore it.
      }
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = undefined;
      setOpen(false);
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
      // ticket of the new token; the old socket closes once the new one is made.
      void connect();
    },
    onModeChange(listener) {
      modeListeners.add(listener);
      return () => modeListeners.delete(listener);
    },
  };
}
