import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { ResourceMap } from './resource-templates.ts';

/** What {@link createResources} made (or found already there). */
export type CreatedResources = {
  /** Table names. */
  tables: string[];
  /** Queue URL by queue name. */
  queues: Record<string, string>;
};

/**
 * Creates the `AWS::DynamoDB::Table` and `AWS::SQS::Queue` resources of a {@link ResourceMap} on the
 * local emulators. Idempotent: a table or queue that already exists is kept (a table is not migrated
 * if its template changed; a queue gets the template's attributes again).
 *
 * Other resource types throw, so a resource added to `resources/*.yml` cannot be silently missing
 * locally. Cloud-only settings (PITR, SSE, tags, deletion protection…) are ignored.
 *
 * The SQS client must be built with `endpoint` and `useQueueUrlAsEndpoint: false`.
 */
export async function createResources(
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient },
  resources: ResourceMap,
): Promise<CreatedResources> {
  // Validate every resource before creating any, so a bad template leaves nothing half-made.
  const tableDefinitions: [string, TableProperties][] = [];
  const queueDefinitions = new Map<string, QueueProperties>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::DynamoDB::Table') {
      tableDefinitions.push([logicalId, parseProperties(tableProperties, logicalId, resource.Properties)]);
    } else if (resource.Type === 'AWS::SQS::Queue') {
      queueDefinitions.set(logicalId, parseProperties(queueProperties, logicalId, resource.Properties));
    } else {
      throw new Error(`${logicalId}: the local stack cannot create ${resource.Type} resources`);
    }
  }
  const queueOrder = dependencyOrder(queueDefinitions);

  const tables: string[] = [];
  for (const [logicalId, properties] of tableDefinitions) tables.push(await createTable(clients.dynamodb, logicalId, properties));
  const created = new Map<string, CreatedQueue>();
  for (const logicalId of queueOrder) {
    const properties = queueDefinitions.get(logicalId);
    if (properties !== undefined) created.set(logicalId, await createQueue(clients.sqs, logicalId, properties, created));
  }
  const queues = Object.fromEntries([...created.values()].map((queue) => [queue.name, queue.url]));
  return { tables, queues };
}

// ---------------------------------------------------------------------------------------------
// DynamoDB

/** Accepted where CloudFormation accepts it, dropped because DynamoDB Local has no use for it. */
const cloudOnly = z.unknown().optional();
const integer = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const keySchema = z.array(z.strictObject({ AttributeName: z.string(), KeyType: z.enum(['HASH', 'RANGE']) })).min(1);
const projection = z.strictObject({
  ProjectionType: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']).optional(),
  NonKeyAttributes: z.array(z.string()).optional(),
});
const provisionedThroughput = z.strictObject({ ReadCapacityUnits: integer, WriteCapacityUnits: integer });
const secondaryIndex = {
  IndexName: z.string(),
  KeySchema: keySchema,
  Projection: projection,
  ContributorInsightsSpecification: cloudOnly,
};

const tableProperties = z.strictObject({
  TableName: z.string({ error: 'TableName is required locally (CloudFormation would generate one)' }),
  AttributeDefinitions: z.array(z.strictObject({ AttributeName: z.string(), AttributeType: z.enum(['S', 'N', 'B']) })),
  KeySchema: keySchema,
  BillingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).optional(),
  ProvisionedThroughput: provisionedThroughput.optional(),
  GlobalSecondaryIndexes: z
    .array(
      z.strictObject({
        ...secondaryIndex,
        ProvisionedThroughput: provisionedThroughput.optional(),
        OnDemandThroughput: cloudOnly,
        WarmThroughput: cloudOnly,
      }),
    )
    .optional(),
  LocalSecondaryIndexes: z.array(z.strictObject(secondaryIndex)).optional(),
  StreamSpecification: z
    .strictObject({ StreamViewType: z.enum(['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY']), ResourcePolicy: cloudOnly })
    .optional(),
  TimeToLiveSpecification: z.strictObject({ AttributeName: z.string().optional(), Enabled: z.boolean() }).optional(),
  PointInTimeRecoverySpecification: cloudOnly,
  SSESpecification: cloudOnly,
  Tags: cloudOnly,
  DeletionProtectionEnabled: cloudOnly,
  ContributorInsightsSpecification: cloudOnly,
  TableClass: cloudOnly,
  KinesisStreamSpecification: cloudOnly,
  ResourcePolicy: cloudOnly,
  OnDemandThroughput: cloudOnly,
  WarmThroughput: cloudOnly,
});
type TableProperties = z.infer<typeof tableProperties>;

async function createTable(client: DynamoDBClient, logicalId: string, properties: TableProperties): Promise<string> {
  const { TableName, TimeToLiveSpecification: ttl } = properties;
  const input: CreateTableCommandInput = {
    TableName,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    BillingMode: properties.BillingMode ?? 'PROVISIONED',
    ProvisionedThroughput: properties.ProvisionedThroughput,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      ProvisionedThroughput: index.ProvisionedThroughput,
    })),
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
      IndexName,
      KeySchema,
      Projection,
    })),
    StreamSpecification:
      properties.StreamSpecification === undefined
        ? undefined
        : { StreamEnabled: true, StreamViewType: properties.StreamSpecification.StreamViewType },
  };
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error: unknown) {
    if (!(error instanceof ResourceInUseException)) throw new Error(`${logicalId}: CreateTable ${TableName} failed`, { cause: error });
  }

  if (ttl?.Enabled === true) {
    if (ttl.AttributeName === undefined) throw new Error(`${logicalId}: TimeToLiveSpecification.AttributeName is required when Enabled`);
    const { TimeToLiveDescription: current } = await client.send(new DescribeTimeToLiveCommand({ TableName }));
    // UpdateTimeToLive rejects enabling TTL that is already enabled (a second run, or a persisted table).
    const enabled = current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING';
    if (!enabled) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }),
      );
    } else if (current?.AttributeName !== ttl.AttributeName) {
      throw new Error(`${logicalId}: TTL is already enabled on ${current?.AttributeName}, the template says ${ttl.AttributeName}`);
    }
  }
  return TableName;
}

// ---------------------------------------------------------------------------------------------
// SQS

const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform(String);
const seconds = integer.transform(String);
/** Redrive policies may reference other queues: `{ deadLetterTargetArn: !GetAtt Dlq.Arn, … }`. */
const policy = z.union([z.string(), z.record(z.string(), z.unknown())]);

const queueProperties = z.strictObject({
  QueueName: z.string({ error: 'QueueName is required locally (CloudFormation would generate one)' }),
  VisibilityTimeout: seconds.optional(),
  MessageRetentionPeriod: seconds.optional(),
  DelaySeconds: seconds.optional(),
  ReceiveMessageWaitTimeSeconds: seconds.optional(),
  MaximumMessageSize: seconds.optional(),
  FifoQueue: flag.optional(),
  ContentBasedDeduplication: flag.optional(),
  DeduplicationScope: z.enum(['messageGroup', 'queue']).optional(),
  FifoThroughputLimit: z.enum(['perQueue', 'perMessageGroupId']).optional(),
  RedrivePolicy: policy.optional(),
  RedriveAllowPolicy: policy.optional(),
  SqsManagedSseEnabled: cloudOnly,
  KmsMasterKeyId: cloudOnly,
  KmsDataKeyReusePeriodSeconds: cloudOnly,
  Tags: cloudOnly,
});
type QueueProperties = z.infer<typeof queueProperties>;

/** CloudFormation property → SQS attribute; the names are the same, the values strings. */
const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'MaximumMessageSize',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

type CreatedQueue = { name: string; url: string; arn: string };

async function createQueue(
  client: SQSClient,
  logicalId: string,
  properties: QueueProperties,
  created: ReadonlyMap<string, CreatedQueue>,
): Promise<CreatedQueue> {
  const name = properties.QueueName;
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = properties[key];
    if (value !== undefined) attributes[key] = value;
  }
  for (const key of ['RedrivePolicy', 'RedriveAllowPolicy'] as const) {
    const value = properties[key];
    if (value === undefined) continue;
    const resolved = resolveQueueReferences(value, created, `${logicalId}.${key}`);
    attributes[key] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  }

  let url: string;
  try {
    ({ QueueUrl: url = '' } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })));
  } catch (error: unknown) {
    if (!isQueueNameTaken(error)) {
      throw new Error(`${logicalId}: CreateQueue ${name} failed`, { cause: error });
    }
    // Exists with other attributes (the template changed since it was created): apply the template's.
    ({ QueueUrl: url = '' } = await client.send(new GetQueueUrlCommand({ QueueName: name })));
    const { FifoQueue: _immutable, ...settable } = attributes;
    await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: settable }));
  }
  if (url === '') throw new Error(`${logicalId}: CreateQueue ${name} returned no QueueUrl`);

  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`${logicalId}: GetQueueAttributes returned no QueueArn for ${url}`);
  return { name, url, arn };
}

/**
 * AWS answers `QueueNameExists`; fauxqs names it `AWS.SimpleQueueService.QueueNameExists`, which
 * the SDK does not map to its class.
 */
function isQueueNameTaken(error: unknown): boolean {
  if (error instanceof QueueNameExists) return true;
  return error instanceof Error && /(^|\.)(QueueNameExists|QueueAlreadyExists)$/.test(error.name);
}

/** Queue logical IDs ordered so that every queue comes after the queues its policies reference. */
function dependencyOrder(queues: ReadonlyMap<string, QueueProperties>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (logicalId: string, path: readonly string[]): void => {
    if (state.get(logicalId) === 'done') return;
    if (state.get(logicalId) === 'visiting') throw new Error(`Queues reference each other in a cycle: ${[...path, logicalId].join(' → ')}`);
    const properties = queues.get(logicalId);
    if (properties === undefined)
      throw new Error(`${path.at(-1) ?? logicalId} references ${logicalId}, which is not an AWS::SQS::Queue in resources/`);
    state.set(logicalId, 'visiting');
    for (const dependency of referencedLogicalIds([properties.RedrivePolicy, properties.RedriveAllowPolicy])) {
      visit(dependency, [...path, logicalId]);
    }
    state.set(logicalId, 'done');
    order.push(logicalId);
  };
  for (const logicalId of queues.keys()) visit(logicalId, []);
  return order;
}

function referencedLogicalIds(value: unknown): string[] {
  const reference = asReference(value);
  if (reference !== undefined) return [reference.logicalId];
  if (Array.isArray(value)) return value.flatMap(referencedLogicalIds);
  if (isRecord(value)) return Object.values(value).flatMap(referencedLogicalIds);
  return [];
}

/** Replaces `Fn::GetAtt [Queue, Arn | QueueName | QueueUrl]` and `Ref Queue` (its URL) with local values. */
function resolveQueueReferences(value: unknown, created: ReadonlyMap<string, CreatedQueue>, where: string): unknown {
  const reference = asReference(value);
  if (reference !== undefined) {
    const queue = created.get(reference.logicalId);
    if (queue === undefined) throw new Error(`${where}: ${reference.logicalId} is not a queue created before it`);
    switch (reference.attribute) {
      case 'Ref':
      case 'QueueUrl':
        return queue.url;
      case 'Arn':
        return queue.arn;
      case 'QueueName':
        return queue.name;
      default:
        throw new Error(`${where}: unsupported attribute Fn::GetAtt ${reference.logicalId}.${reference.attribute}`);
    }
  }
  if (Array.isArray(value)) return value.map((item, index) => resolveQueueReferences(item, created, `${where}[${index}]`));
  if (isRecord(value)) {
    const intrinsic = Object.keys(value).find((key) => key.startsWith('Fn::'));
    if (intrinsic !== undefined) throw new Error(`${where}: the local stack does not evaluate ${intrinsic}`);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveQueueReferences(item, created, `${where}.${key}`)]));
  }
  return value;
}

/** `{ Ref: X }` → X and 'Ref'; `{ 'Fn::GetAtt': [X, Attr] }` (or `'X.Attr'`) → X and Attr. */
function asReference(value: unknown): { logicalId: string; attribute: string } | undefined {
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  const { Ref: ref, 'Fn::GetAtt': getAtt } = value;
  if (typeof ref === 'string') return { logicalId: ref, attribute: 'Ref' };
  const [logicalId, attribute] = typeof getAtt === 'string' ? getAtt.split(/\.(.*)/s) : Array.isArray(getAtt) ? getAtt : [];
  if (typeof logicalId === 'string' && typeof attribute === 'string') return { logicalId, attribute };
  return undefined;
}

// ---------------------------------------------------------------------------------------------

function parseProperties<Schema extends z.ZodType>(schema: Schema, logicalId: string, raw: Record<string, unknown>): z.output<Schema> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new Error(`${logicalId}: unsupported or invalid Properties\n${z.prettifyError(result.error)}`);
  return result.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
