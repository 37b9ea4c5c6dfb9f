/**
 * The routing categories, from the alert catalogue's groups (awesome-prometheus-alerts, CC BY 4.0):
 * every triage decision files an alert under exactly one.
 */
export const CATEGORIES = [
  'Basic resource monitoring',
  'Databases',
  'Message brokers',
  'Proxies, load balancers and service meshes',
  'Runtimes',
  'Orchestrators',
  'Network and security',
  'Storage',
  'Observability',
  'CI/CD',
  'Data engineering',
  'Cloud providers',
  'Other',
] as const;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
