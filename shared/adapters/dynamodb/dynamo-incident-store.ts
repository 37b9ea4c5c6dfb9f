import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { SEVERITIES, type Severity } from '../../domain/alerts/alert.ts';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import {
  INCIDENT_STATUSES,
  type Incident,
  type IncidentMember,
  MAX_INCIDENT_ALERTS,
  parseIncidentId,
} from '../../domain/incidents/incident.ts';
import type { IncidentFilter, IncidentStore, IncidentSummary } from '../../domain/incidents/incident-store.ts';
import { GroupCommit } from '../group-commit.ts';
import { collectPages } from './collect-pages.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import {
  firingAttribute,
  holdsLegacyMembers,
  incidentFromItems,
  incidentKeyOf,
  incidentSortKey,
  incidentToItem,
  memberSortKey,
  memberToItem,
} from './incident-item.ts';
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

/** The status, severity (the highest firing) and size of an incident's item as read. */
function summaryOf(tenant: string, id: string, attributes: Item): IncidentSummary {
  const status = INCIDENT_STATUSES.find((known) => known === attributes.status);
  if (status === undefined) throw new Error(`Incident ${id} answered an unexpected status`);
  const severity = SEVERITIES.find((s) => count(attributes, firingAttribute(s)) > 0) ?? 'info';
  return { tenant, id, status, severity, alertCount: count(attributes, 'alertCount') };
}

/** A filtered listing reads at most this many pages before answering a short page and a cursor. */
const MAX_LIST_ROUNDS = 5;

/** Incidents of a page (or alerts of a merge) read or written at once. */
const CONCURRENCY = 10;

/** A transaction is tried this many times when it met only other writes to the same items. */
const TRANSACTION_ATTEMPTS = 8;

/** Never on the incident's own item: a write that would replace or count it must move them first. */
const NO_LEGACY_MEMBERS = 'attribute_not_exists(members)';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why a transaction was cancelled, per item; undefined for any other error. */
function cancellationCodes(error: unknown): readonly string[] | undefined {
  return error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None')
    : undefined;
}

/** A cancellation only because another write held an item: trying again will do. */
const TRANSIENT = new Set(['None', 'TransactionConflict']);

/** An alert joining an incident (IncidentStore.addAlert). */
interface Join {
  readonly tenant: string;
  readonly id: string;
  readonly parsed: { readonly groupHash: string; readonly sequence: number };
  readonly member: IncidentMember;
  readonly quietSince: string;
}

/** A transaction takes 100 items: the incident's and 99 alerts'. */
const MAX_JOINS_TOGETHER = 99;

export class DynamoIncidentStore implements IncidentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  /**
   * Alerts of one outage join its incident at once (a triage batch is mostly one group): one
   * transaction for them all bills the incident's item once, not once per alert.
   */
  readonly #joins = new GroupCommit<Join, IncidentSummary>((joins) => this.#joinAll(joins), MAX_JOINS_TOGETHER);

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(tenant: string, id: string): Promise<Incident | undefined> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return undefined;
    return this.#read(tenant, incidentSortKey(parsed.groupHash, parsed.sequence), true);
  }

  async latestOfGroup(tenant: string, groupHash: string): Promise<Incident | undefined> {
    // The group's last key is its latest incident or one of that incident's alerts.
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :group)',
        ExpressionAttributeValues: { ':tenant': tenant, ':group': `incident#${groupHash}#` },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const sk = output.Items?.[0]?.sk;
    if (typeof sk !== 'string') return undefined;
    return this.#read(tenant, incidentKeyOf(sk), true);
  }

  async create(incident: Incident): Promise<void> {
    const codes = await this.#transact([
      { Put: { TableName: this.#table, Item: incidentToItem(incident), ConditionExpression: 'attribute_not_exists(sk)' } },
      ...Object.values(incident.alerts).map((member) => ({ Put: { TableName: this.#table, Item: memberToItem(incident, member) } })),
    ]);
    if (codes !== undefined) throw new ConflictError(`Incident ${incident.id} was opened meanwhile`);
  }

  async save(incident: Incident, changed: readonly IncidentMember[] = []): Promise<void> {
    await this.#movingLegacyMembers(incident.tenant, [incident], async () => {
      const codes = await this.#transact([
        this.#versioned(incident),
        ...changed.map((member) => ({ Put: { TableName: this.#table, Item: memberToItem(incident, member) } })),
      ]);
      if (codes !== undefined) throw new ConflictError(`Incident ${incident.id} changed meanwhile`);
    });
  }

  addAlert(tenant: string, id: string, member: IncidentMember, quietSince: string): Promise<IncidentSummary> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return Promise.reject(new ConflictError(`No incident ${id}`));
    return this.#joins.submit(`${tenant}/${id}`, { tenant, id, parsed, member, quietSince });
  }

  /** Alerts joining one incident at once: together in one transaction, or else each alone. */
  async #joinAll(joins: readonly Join[]): Promise<readonly PromiseSettledResult<IncidentSummary>[]> {
    const [first] = joins;
    const distinct = new Set(joins.map(({ member }) => member.alertId)).size === joins.length;
    if (first !== undefined && joins.length > 1 && distinct && (await this.#joinTogether(joins))) {
      const summary = await this.#summaryNow(first);
      return joins.map(() => ({ status: 'fulfilled', value: summary }));
    }
    // Refused together (nothing was written: one of them is there already, or the incident no
    // longer takes alerts): each alone, for its own answer.
    return Promise.allSettled(joins.map((join) => this.#joinAlone(join)));
  }

  /** True when the incident took them all; false when a condition refused the transaction. */
  async #joinTogether(joins: readonly Join[]): Promise<boolean> {
    const [first] = joins;
    if (first === undefined) return true;
    try {
      const codes = await this.#transact([this.#joiningUpdate(first, joins), ...joins.map((join) => this.#memberPut(join))]);
      return codes === undefined;
    } catch (error: unknown) {
      // Busy after all the tries: alone, each retries as after any race.
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async #joinAlone(join: Join): Promise<IncidentSummary> {
    const { tenant, id, parsed, member } = join;
    const joining = [this.#joiningUpdate(join, [join]), this.#memberPut(join)];
    await this.#movingLegacyMembers(tenant, [parsed], async () => {
      let codes = await this.#transact(joining);
      const blocked = codes?.[0] !== 'ConditionalCheckFailed' && codes?.[1] === 'ConditionalCheckFailed';
      const hidden = blocked ? await this.#hiddenCopy(tenant, parsed, member.alertId) : undefined;
      if (hidden !== undefined) {
        // A merge that never happened left a copy of this alert here: it joins in its place.
        const [incident, alert] = joining;
        codes = await this.#transact([
          incident as TransactItem,
          {
            Put: { ...alert?.Put, ConditionExpression: 'via = :hidden', ExpressionAttributeValues: { ':hidden': hidden } },
          } as TransactItem,
        ]);
      }
      if (codes !== undefined) throw new ConflictError(`Incident ${id} no longer takes alert ${member.alertId}`);
    });
    return this.#summaryNow(join);
  }

  /** A transaction returns nothing: the counts as they are now (other alerts may have joined since). */
  async #summaryNow({ tenant, id, parsed }: Join): Promise<IncidentSummary> {
    const key = { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) };
    const { Item: item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }));
    return summaryOf(tenant, id, item ?? {});
  }

  /**
   * The incident's item counting `joins` in, if it still takes alerts: open or acknowledged, room
   * for them all, and an alert firing or the last one joined at or after the latest `quietSince`.
   */
  #joiningUpdate({ tenant, parsed }: Join, joins: readonly Join[]): TransactItem {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':at': joins.map(({ member }) => member.joinedAt).reduce((a, b) => (a > b ? a : b)),
      ':joined': joins.length,
      ':one': 1,
      ':open': 'open',
      ':acknowledged': 'acknowledged',
      ':room': MAX_INCIDENT_ALERTS - joins.length,
      ':zero': 0,
      ':quietSince': joins.map(({ quietSince }) => quietSince).reduce((a, b) => (a > b ? a : b)),
    };
    const adds = ['alertCount :joined', 'version :one'];
    for (const [i, severity] of SEVERITIES.entries()) {
      const firing = joins.filter(({ member }) => member.severity === severity).length;
      if (firing === 0) continue;
      names[`#firing${i}`] = firingAttribute(severity);
      values[`:firing${i}`] = firing;
      adds.push(`#firing${i} :firing${i}`);
    }
    const sources = new Set(joins.flatMap(({ member }) => (member.source === undefined ? [] : [member.source])));
    if (sources.size > 0) {
      values[':sources'] = sources;
      adds.push('sources :sources');
    }
    const firing = SEVERITIES.map((severity) => `${firingAttribute(severity)} > :zero`).join(' OR ');
    return {
      Update: {
        TableName: this.#table,
        Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
        UpdateExpression: `SET lastAlertAt = :at, updatedAt = :at ADD ${adds.join(', ')}`,
        ConditionExpression: `attribute_exists(sk) AND ${NO_LEGACY_MEMBERS} AND #status IN (:open, :acknowledged) AND alertCount <= :room AND (${firing} OR lastAlertAt >= :quietSince)`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  #memberPut({ tenant, parsed, member }: Join): TransactItem {
    return {
      Put: { TableName: this.#table, Item: memberToItem({ tenant, ...parsed }, member), ConditionExpression: 'attribute_not_exists(sk)' },
    };
  }

  async resolveAlert(tenant: string, id: string, alertId: string, revision: number, at: string): Promise<Incident | undefined> {
    const current = await this.get(tenant, id);
    const member = current?.alerts[alertId];
    if (current === undefined || member === undefined || member.revision !== revision || member.status !== 'firing') return undefined;
    const resolving: TransactItem[] = [
      {
        Update: {
          TableName: this.#table,
          Key: { tenant, sk: memberSortKey(current.groupHash, current.sequence, alertId) },
          UpdateExpression: 'SET #state = :resolved, resolvedAt = :at',
          ConditionExpression: 'revision = :revision AND #state = :firing',
          ExpressionAttributeNames: { '#state': 'status' },
          ExpressionAttributeValues: { ':resolved': 'resolved', ':firing': 'firing', ':at': at, ':revision': revision },
        },
      },
      {
        Update: {
          TableName: this.#table,
          Key: { tenant, sk: incidentSortKey(current.groupHash, current.sequence) },
          UpdateExpression: 'SET updatedAt = :at ADD #firing :minus, version :one',
          ConditionExpression: `attribute_exists(sk) AND ${NO_LEGACY_MEMBERS}`,
          ExpressionAttributeNames: { '#firing': firingAttribute(member.severity) },
          ExpressionAttributeValues: { ':at': at, ':minus': -1, ':one': 1 },
        },
      },
    ];
    // Refused by its conditions (and not for a map of alerts, which is moved first): resolved
    // meanwhile by another copy of the message. A busy incident's ConflictError goes on up.
    let refused = false;
    try {
      await this.#movingLegacyMembers(tenant, [current], async () => {
        refused = false;
        refused = (await this.#transact(resolving)) !== undefined;
        if (refused) throw new ConflictError(`Alert ${alertId} is not firing in ${id}`);
      });
    } catch (error: unknown) {
      if (refused && error instanceof ConflictError) return undefined;
      throw error;
    }
    // Read again, not worked out from the read before: of alerts resolving at once, the last one's
    // read must see all of them resolved, so that it closes the incident.
    return this.get(tenant, id);
  }

  async addApproval(tenant: string, id: string, approvalId: string, at: string): Promise<void> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return;
    // Through #transact, as alerts joining in transactions hold the item: a plain write would be
    // refused while they do. Refused by its condition: listed already (or the incident is gone).
    await this.#transact([
      {
        Update: {
          TableName: this.#table,
          Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
          UpdateExpression: 'SET approvals = list_append(approvals, :approval), updatedAt = :at ADD version :one',
          ConditionExpression: 'attribute_exists(sk) AND NOT contains(approvals, :id)',
          ExpressionAttributeValues: { ':approval': [approvalId], ':id': approvalId, ':at': at, ':one': 1 },
        },
      },
    ]);
  }

  /** The source named by the incident's item for this alert, when it is a copy of a merge that never happened. */
  async #hiddenCopy(
    tenant: string,
    { groupHash, sequence }: { groupHash: string; sequence: number },
    alertId: string,
  ): Promise<string | undefined> {
    const read = async (sk: string) =>
      (await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, sk }, ConsistentRead: true }))).Item;
    const [incident, alert] = await Promise.all([
      read(incidentSortKey(groupHash, sequence)),
      read(memberSortKey(groupHash, sequence, alertId)),
    ]);
    const via = alert?.via;
    const merged: unknown[] = Array.isArray(incident?.mergedFrom) ? incident.mergedFrom : [];
    return typeof via === 'string' && !merged.includes(via) ? via : undefined;
  }

  async saveMerge(merge: { readonly target: Incident; readonly sources: readonly Incident[] }): Promise<void> {
    const { target, sources } = merge;
    // The sources' alerts are copied to the target first, marked with where they came from; they
    // count only once the transaction below lists their source in mergedFrom (see incidentFromItems).
    // A merge that fails in between leaves copies no reader counts, and its retry writes them again.
    // An alert the target has of its own is never overwritten (it stays as the target has it).
    const copies = sources.flatMap((source) => Object.values(source.alerts).map((member) => memberToItem(target, member, source.id)));
    await pMap(copies, (item) => this.#putUnlessOwn(item), { concurrency: CONCURRENCY });
    await this.#movingLegacyMembers(target.tenant, [target, ...sources], async () => {
      const codes = await this.#transact([target, ...sources].map((incident) => this.#versioned(incident)));
      if (codes !== undefined) throw new ConflictError('An incident changed meanwhile');
    });
  }

  /** Writes an alert's item unless the incident holds one of its own there (a merge's copy may be replaced). */
  async #putUnlessOwn(item: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(sk) OR attribute_exists(via)' }),
      );
    } catch (error: unknown) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** The incident's item and its alerts' items: one Query, as they share a key prefix. */
  async #read(tenant: string, sk: string, consistent: boolean): Promise<Incident | undefined> {
    const { items } = await collectPages(
      (start) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :sk)',
            ExpressionAttributeValues: { ':tenant': tenant, ':sk': sk },
            ConsistentRead: consistent,
            ExclusiveStartKey: start,
          }),
        ),
      (item) => item,
    );
    // A key sorts before every key it is the prefix of: the incident's own item comes first.
    const [head, ...members] = items;
    return head?.sk === sk ? incidentFromItems(head, members) : undefined;
  }

  /** The incident's own item, written if the stored version is still the one before. */
  #versioned(incident: Incident): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: incidentToItem(incident),
        ConditionExpression: `version = :previous AND ${NO_LEGACY_MEMBERS}`,
        ExpressionAttributeValues: { ':previous': incident.version - 1 },
      },
    };
  }

  /**
   * Runs a transaction: undefined when written, else the cancellation codes, one per item. One
   * cancelled only because other writes held its items (an outage's alerts joining one incident
   * at once) is tried again after a jittered backoff.
   */
  async #transact(items: TransactItem[]): Promise<readonly string[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return undefined;
      } catch (error: unknown) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes.includes('ConditionalCheckFailed')) return codes;
        if (!codes.every((code) => TRANSIENT.has(code))) throw error;
        // Still held after all the tries: the caller reads again and retries, as after any race.
        if (attempt >= TRANSACTION_ATTEMPTS) throw new ConflictError('The incident is busy; read it again', { cause: error });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
      }
    }
  }

  /**
   * Runs a write that refuses an incident still holding its alerts in the map of before; when it
   * is refused for that, moves them to items and runs it once more.
   */
  async #movingLegacyMembers(
    tenant: string,
    incidents: readonly Pick<Incident, 'groupHash' | 'sequence'>[],
    write: () => Promise<void>,
  ): Promise<void> {
    try {
      await write();
    } catch (error: unknown) {
      if (!(error instanceof ConflictError)) throw error;
      const moved = await Promise.all(incidents.map((i) => this.#moveLegacyMembers(tenant, incidentSortKey(i.groupHash, i.sequence))));
      if (!moved.includes(true)) throw error;
      await write();
    }
  }

  /** Moves an incident's alerts from its item's map to items of their own; false if it had none. */
  async #moveLegacyMembers(tenant: string, sk: string): Promise<boolean> {
    const { Item: item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, sk }, ConsistentRead: true }));
    if (item === undefined || !holdsLegacyMembers(item)) return false;
    const incident = incidentFromItems(item, []);
    // An alert with an item of its own already was written since: that one is newer (a merge's copy is not).
    await pMap(Object.values(incident.alerts), (member) => this.#putUnlessOwn(memberToItem(incident, member)), {
      concurrency: CONCURRENCY,
    });
    // Refused by its condition: another writer moved them first.
    await this.#transact([
      {
        Update: {
          TableName: this.#table,
          Key: { tenant, sk },
          UpdateExpression: 'REMOVE members',
          ConditionExpression: 'attribute_exists(members)',
        },
      },
    ]);
    return true;
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
    const found = await pMap(keys, (sk) => this.#read(tenant, sk, false), { concurrency: CONCURRENCY });
    const bySortKey = new Map(
      found.flatMap((incident) =>
        incident === undefined ? [] : [[incidentSortKey(incident.groupHash, incident.sequence), incident] as const],
      ),
    );
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
