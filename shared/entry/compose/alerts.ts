/** The alert reading routes, wired. */
import { alertStore, api } from './parts.ts';

export function alertsApi() {
  const { config, http } = api(['ALERTS_TABLE']);
  return { http, alerts: alertStore(config) };
}
