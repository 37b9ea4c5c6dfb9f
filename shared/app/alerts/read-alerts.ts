/** Reading alerts, always within the caller's tenant: another tenant's id is simply not found. */
import * as z from 'zod';
import { ALERT_STATUSES, SEVERITIES, SOURCES } from '../../domain/alerts/alert.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AlertStore, Page } from '../../domain/alerts/alert-store.ts';
import { NotFoundError } from '../../domain/errors.ts';

export const listAlertsQuery = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  source: z.enum(SOURCES).optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value).toISOString())
    .optional()
    .meta({ description: 'Alerts whose status or content changed at or after this time (updatedAt); a plain repeat is not a change' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export type ListAlertsQuery = z.output<typeof listAlertsQuery>;

export async function listAlerts(store: AlertStore, tenant: string, query: ListAlertsQuery): Promise<Page<AlertRecord>> {
  const { limit, cursor, ...filter } = query;
  return store.list(tenant, filter, limit, cursor);
}

export async function getAlert(store: AlertStore, tenant: string, id: string | undefined): Promise<AlertRecord> {
  const record = id === undefined || id.length > 128 ? undefined : await store.get(tenant, id);
  if (record === undefined) throw new NotFoundError(`No alert ${JSON.stringify(id ?? '')}`);
  return record;
}
