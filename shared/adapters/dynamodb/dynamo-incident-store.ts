import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { SEVERITIES, type Severity } from '../../domain/alerts/alert.ts';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import { type Incident, type IncidentMember, MAX_INCIDENT_ALERTS, parseIncidentId } from '../../domain/incidents/incident.ts';
import type { IncidentFilter, IncidentStore, IncidentSummary } from '../../domain/incidents/incident-store.ts';
import { batchGetAll } from './batch-get-all.ts';
import { collectPages } from './collect-pages.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { firingAttribute, incidentFromItem, incidentSortKey, incidentToItem } from './incident-item.ts';
import { count, type Item } from './item-fields.ts';

/**
 * An incident's severity is the highest of its firing alerts (their counts are kept per
 * severity, as joins update them atomically); with none firing, the one written when it closed.
 */
function severityCondition(severity: Severity, names: Record<string, string>, values: Record<string, unknown>): string {
  const rank = SEVERITIES.indexOf(severity);
  const zero = (s: Severity) => `${firingAttribute(s)} = :zero`;
  const higher = SEVERITIES.slice(0, rank).map(zero);
  values[':zero'] = 0;
  values[':severity'] = severity;
  names['#severity'] = 'severity';
  const firing = [...higher, `${firingAttribute(severity)} > :zero`].join(' AND ');
  const quiet = [...SEVERITIES.map(zero), '#severity = :severity'].join(' AND ');
  return `((${firing}) OR (${quiet}))`;
}

/** The status, severity (the highest firing) and size an UPDATED_NEW answer gives. */
function summaryOf(tenant: string, id: string, attributes: Item): IncidentSummary {
  const status = attributes.status;
  if (status !== 'open' && status !== 'acknowledged') throw new Error(`Incident ${id} answered an unexpected status`);
  const severity = SEVERITIES.find((s) => count(attributes, firingAttribute(s)) > 0) ?? 'info';
  return { tenant, id, status, severity, alertCount: count(attributes, 'alertCount') };
}

/** A filtered listing reads at most this many pages before answering a short page and a cursor. */
const MAX_LIST_ROUNDS = 5;

export class DynamoIncidentStore implements IncidentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(tenant: string, id: string): Promise<Incident | undefined> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return undefined;
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : incidentFromItem(item);
  }

  async latestOfGroup(tenant: string, groupHash: string): Promise<Incident | undefined> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :group)',
        ExpressionAttributeValues: { ':tenant': tenant, ':group': `incident#${groupHash}#` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = output.Items?.[0];
    return item === undefined ? undefined : incidentFromItem(item);
  }

  async create(incident: Incident): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: incidentToItem(incident), ConditionExpression: 'attribute_not_exists(sk)' }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Incident ${incident.id} was opened meanwhile`, { cause: error });
      throw error;
    }
  }

  async save(incident: Incident): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: incidentToItem(incident),
          ConditionExpression: 'version = :previous',
          ExpressionAttributeValues: { ':previous': incident.version - 1 },
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Incident ${incident.id} changed meanwhile`, { cause: error });
      throw error;
    }
  }

  async addAlert(tenant: string, id: string, member: IncidentMember, quietSince: string): Promise<IncidentSummary> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) throw new ConflictError(`No incident ${id}`);
    const firing = SEVERITIES.map((severity) => `${firingAttribute(severity)} > :zero`).join(' OR ');
    const others = SEVERITIES.filter((severity) => severity !== member.severity)
      .map((severity) => `${firingAttribute(severity)} = ${firingAttribute(severity)}`)
      .join(', ');
    try {
      const output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
          // The other counts and the status are set to themselves so that UPDATED_NEW returns them.
          UpdateExpression: `SET members.#alert = :member, lastAlertAt = :at, updatedAt = :at, #status = #status, ${others} ADD alertCount :one, #firing :one, version :one${member.source === undefined ? '' : ', sources :source'}`,
          ConditionExpression: `attribute_exists(sk) AND #status IN (:open, :acknowledged) AND alertCount < :max AND attribute_not_exists(members.#alert) AND (${firing} OR lastAlertAt >= :quietSince)`,
          ExpressionAttributeNames: { '#alert': member.alertId, '#firing': firingAttribute(member.severity), '#status': 'status' },
          ExpressionAttributeValues: {
            ':member': member,
            ':at': member.joinedAt,
            ':one': 1,
            ':open': 'open',
            ':acknowledged': 'acknowledged',
            ':max': MAX_INCIDENT_ALERTS,
            ':zero': 0,
            ':quietSince': quietSince,
            ...(member.source === undefined ? {} : { ':source': new Set([member.source]) }),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return summaryOf(tenant, id, output.Attributes ?? {});
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Incident ${id} no longer takes alert ${member.alertId}`, { cause: error });
      throw error;
    }
  }

  async resolveAlert(tenant: string, id: string, alertId: string, revision: number, at: string): Promise<Incident | undefined> {
    const current = await this.get(tenant, id);
    const member = current?.alerts[alertId];
    const parsed = parseIncidentId(id);
    if (
      current === undefined ||
      parsed === undefined ||
      member === undefined ||
      member.revision !== revision ||
      member.status !== 'firing'
    ) {
      return undefined;
    }
    try {
      const output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
          UpdateExpression:
            'SET members.#alert.#state = :resolved, members.#alert.resolvedAt = :at, updatedAt = :at ADD #firing :minus, version :one',
          ConditionExpression: 'members.#alert.revision = :revision AND members.#alert.#state = :firing',
          ExpressionAttributeNames: { '#alert': alertId, '#state': 'status', '#firing': firingAttribute(member.severity) },
          ExpressionAttributeValues: {
            ':resolved': 'resolved',
            ':firing': 'firing',
            ':at': at,
            ':minus': -1,
            ':one': 1,
            ':revision': revision,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes === undefined ? undefined : incidentFromItem(output.Attributes);
    } catch (error: unknown) {
      // Resolved meanwhile by another copy of the message.
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async addApproval(tenant: string, id: string, approvalId: string, at: string): Promise<void> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
          UpdateExpression: 'SET approvals = list_append(approvals, :approval), updatedAt = :at ADD version :one',
          ConditionExpression: 'attribute_exists(sk) AND NOT contains(approvals, :id)',
          ExpressionAttributeValues: { ':approval': [approvalId], ':id': approvalId, ':at': at, ':one': 1 },
        }),
      );
    } catch (error: unknown) {
      // Listed already (or the incident is gone): nothing to add.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async saveAll(incidents: readonly Incident[]): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: incidents.map((incident) => ({
            Put: {
              TableName: this.#table,
              Item: incidentToItem(incident),
              ConditionExpression: 'version = :previous',
              ExpressionAttributeValues: { ':previous': incident.version - 1 },
            },
          })),
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error) || (error instanceof Error && error.name === 'TransactionCanceledException')) {
        throw new ConflictError('An incident changed meanwhile', { cause: error });
      }
      throw error;
    }
  }

  async list(tenant: string, filter: IncidentFilter, limit: number, cursor: string | undefined): Promise<Page<Incident>> {
    let startKey: Item | undefined;
    if (cursor !== undefined) {
      const position = decodeCursor(cursor, ['sk', 'openedAt']);
      if (!position.sk?.startsWith('incident#') || (position.openedAt ?? '') === '') {
        throw new BadRequestError('The cursor is not one this API issued');
      }
      startKey = { tenant, sk: position.sk, openedAt: position.openedAt };
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':tenant': tenant };
    const conditions: string[] = [];
    if (filter.severity !== undefined) conditions.push(severityCondition(filter.severity, names, values));
    for (const field of ['status', 'category', 'team'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      conditions.push(`#${field} = :${field}`);
    }
    if (filter.source !== undefined) {
      values[':source'] = filter.source;
      conditions.push('contains(sources, :source)');
    }
    if (filter.since !== undefined) values[':since'] = filter.since;
    const { items: keys, lastKey } = await collectPages(
      (start, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'listByOpenedAt',
            KeyConditionExpression: filter.since === undefined ? 'tenant = :tenant' : 'tenant = :tenant AND openedAt >= :since',
            ...(conditions.length === 0 ? {} : { FilterExpression: conditions.join(' AND ') }),
            ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: remaining,
            ExclusiveStartKey: start,
          }),
        ),
      (item) => (typeof item.sk === 'string' ? item.sk : undefined),
      { limit, maxRounds: MAX_LIST_ROUNDS, ...(startKey === undefined ? {} : { startKey }) },
    );
    // The index holds the filtered attributes only: the page's incidents are read from the table.
    const found = await batchGetAll(
      this.#client,
      this.#table,
      keys.map((sk) => ({ tenant, sk })),
      { consistent: false },
    );
    const bySortKey = new Map(found.map((item) => [item.sk, incidentFromItem(item)]));
    // One that changed between the index and the read is shown as it is now, if it still matches
    // (its severity as the index had it: the stored rule for a quiet incident is the index's).
    const matches = (incident: Incident) =>
      (['status', 'category', 'team'] as const).every((field) => filter[field] === undefined || incident[field] === filter[field]) &&
      (filter.source === undefined || Object.values(incident.alerts).some((member) => member.source === filter.source));
    return {
      items: keys.flatMap((sk) => bySortKey.get(sk) ?? []).filter(matches),
      ...(lastKey === undefined ? {} : { cursor: encodeCursor({ sk: String(lastKey.sk), openedAt: String(lastKey.openedAt) }) }),
    };
  }
}
