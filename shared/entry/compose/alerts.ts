/** The alert reading routes, wired. */
import { alertStore, api } from './parts.ts';

export function alertsApi() {
  const { config, authenticator } = api(['ALERTS_TABLE']);
  return { authenticator, alerts: alertStore(config) };
}
