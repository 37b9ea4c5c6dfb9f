/** What every page reaches: the signed-in session, the API client and the live feed. */
import { createContext } from 'preact';
import type { ApiClient } from './api.ts';
import type { Session } from './auth.ts';
import type { LiveFeed } from './live/live-feed.ts';

export interface AppServices {
  readonly session: Session;
  readonly api: ApiClient;
  readonly live: LiveFeed;
}

export const AppContext = createContext<AppServices>(undefined as unknown as AppServices);
