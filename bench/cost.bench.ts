/**
 * npm run bench:cost — what alertgate costs per million alerts at AWS list prices. A realistic
 * run goes end to end through the real handlers, in process, on DynamoDB Local, fauxqs and the
 * local Step Functions endpoint: 1,000 alerts in ten Alertmanager notifications of 100 (10 % of
 * them new, 90 % repeats of alerts the tenant already has), the triage consumer fed by the
 * project's SQS event source, the audit writer by its FIFO queue in Lambda's batches of up to 10
 * (fifo-batches.ts), and one approval per 100 alerts taken through the remediation workflow
 * (RequestApproval → an approver's POST …/approve → ExecuteAction, dry-run → RecordOutcome).
 * Only that run is counted, not the tenant's setup and warm-up.
 *
 * Prints the AWS requests counted (per service, call and function), Lambda time by function,
 * DynamoDB units by table, and the bill: line, quantity, unit price, cost, cost per million
 * alerts and share, the dominating line marked; then whether the total meets the aim.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, mintDevToken } from '../scripts/local/dev-keys.ts';
import { localFunctionName } from '../scripts/local/functions-yml.ts';
import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import { startLocalStack } from '../scripts/local/local-stack.ts';
import { sqsEventSources, startSqsEventSources } from '../scripts/local/sqs-event-source.ts';
import { approvalIdFor, executionNameFor } from '../shared/domain/remediation/remediation.ts';
import { alertmanagerNotification, type FiringAlert } from './alertmanager-notification.ts';
import { HTTP_API_METERED_BYTES } from './aws-prices.ts';
import { AwsRequestCounter } from './aws-request-counter.ts';
import { printDynamoDb, printLambdas, printRequests } from './cost-breakdown.ts';
import { costLines, lambdaGbSeconds, loggedBytes } from './cost-lines.ts';
import { printCostTable } from './cost-report.ts';
import { DynamoCapacityMeter } from './dynamodb-capacity.ts';
import { deliverFifoBacklog } from './fifo-batches.ts';
import { FunctionOutput } from './function-output.ts';
import { readFunctionSettings } from './function-settings.ts';
import { httpApiEvent } from './http-event.ts';
import { InProcessLambdas } from './in-process-lambdas.ts';
import { useLocalLambdaEnvironment } from './lambda-env.ts';
import { startLocalWorkflow } from './local-workflow.ts';
import type { MeasuredRun } from './measured-run.ts';
import { SqsRequestMeter } from './sqs-requests.ts';
import { stateTransitions, type TaskCall } from './state-transitions.ts';
import { catalogueAlert, crashLoopingAlert, groupLabels } from './tenant-alerts.ts';

const NOTIFICATIONS = 10;
const ALERTS_PER_NOTIFICATION = 100;
/** First-time fingerprints per notification (10 %); the rest repeat alerts already stored. */
const NEW_PER_NOTIFICATION = 10;
/** Of the new ones, those whose proposed action the tenant's policy sends for approval: 1 per 100 alerts. */
const APPROVALS_PER_NOTIFICATION = 1;
const AIM_USD_PER_MILLION_ALERTS = 3;
const SETTLE_TIMEOUT_MS = 60_000;
/** Audit batches the warm-up delivers before dropping the rest of its backlog. */
const WARM_UP_AUDIT_BATCHES = 30;

const root = join(import.meta.dirname, '..');
const stage = 'benchcost';
const TENANT = 'costbench';
const fail = (message: string): never => {
  throw new Error(message);
};

const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-bench-cost-'));
const stack = await startLocalStack({ root, stage });
const cleanups: (() => Promise<void> | void)[] = [() => stack.stop(), () => rmSync(keysDir, { recursive: true, force: true })];
try {
  const keys = await ensureDevKeys(keysDir);
  const lambdas = new InProcessLambdas(await readFunctionSettings(root), { root, stage });
  const scope = () => lambdas.current() ?? '(outside functions)';

  // The remediation workflow; its tasks run the real task functions. Calls kept by execution for its transitions.
  const taskCalls = new Map<string, TaskCall[]>();
  const executionOf = z.union([z.object({ request: z.object({ execution: z.string() }) }), z.object({ execution: z.string() })]);
  const { sfn, definitions } = await startLocalWorkflow(stack, (functionName, payload) => {
    const parsed = executionOf.parse(payload);
    const execution = 'request' in parsed ? parsed.request.execution : parsed.execution;
    taskCalls.set(execution, [...(taskCalls.get(execution) ?? []), { functionName, payload }]);
    // The state machine names functions in kebab case (request-approval), resources/functions.yml in camel case.
    return lambdas.invoke(
      functionName.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
      payload,
    );
  });
  cleanups.unshift(() => sfn.stop());
  const remediationArn = sfn.stateMachineArn('remediation');

  useLocalLambdaEnvironment(stack, stage, {
    AUTH_LOCAL_JWKS_FILE: keys.jwksFile,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    AUTH_ALGORITHMS: 'ES256',
    AWS_ENDPOINT_URL_SFN: sfn.endpoint,
    REMEDIATION_STATE_MACHINE_ARN: remediationArn,
    // As deployed: INFO logs and EMF metrics on (the local stack turns metrics off), and a live-updates
    // API whose connections the audit writer looks up (no console is connected, so nothing is posted).
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'false',
    LIVE_API_ENDPOINT: 'http://127.0.0.1:9/bench',
  });

  // The container's clients every function uses, metered; made now, after the environment.
  const clients = await import('../shared/entry/compose/aws.ts');
  const requests = new AwsRequestCounter(scope);
  const capacity = new DynamoCapacityMeter({
    scopeOf: scope,
    reader: new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.region, credentials: LOCAL_CREDENTIALS }),
    ownWork: (work) => lambdas.excluding(work),
  });
  const sqsRequests = new SqsRequestMeter(scope);
  requests.attach(clients.dynamodb(), 'dynamodb');
  requests.attach(clients.sfn(), 'sfn');
  sqsRequests.attach(clients.sqs());
  const output = new FunctionOutput(() => lambdas.current());
  output.start();
  cleanups.unshift(() => output.stop());

  const api = { requests: 0, metered: 0 };
  const httpResult = z.object({ statusCode: z.number(), body: z.string().default('') });
  /** A request through API Gateway to the function `key`: its status and JSON body. */
  async function call(
    key: string,
    request: {
      method: string;
      path: string;
      routeKey: string;
      pathParameters?: Record<string, string>;
      token: string;
      json?: unknown;
      headers?: Record<string, string>;
    },
  ) {
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const event = httpApiEvent({
      method: request.method,
      routeKey: request.routeKey,
      path: request.path,
      pathParameters: request.pathParameters,
      headers: {
        authorization: `Bearer ${request.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body,
      requestId: `cost-${api.requests}`,
    });
    const result = httpResult.parse(await lambdas.invoke(key, event));
    api.requests++;
    api.metered += Math.max(1, Math.ceil((Buffer.byteLength(body ?? '') + Buffer.byteLength(result.body)) / HTTP_API_METERED_BYTES));
    const json: unknown = result.body === '' ? {} : JSON.parse(result.body);
    return { status: result.statusCode, json };
  }

  // The tenant: only crash loops get a proposal that waits for an approver; everything else is notify-only.
  const admin = await mintDevToken(keys, { tenant: TENANT, roles: ['admin'], subject: 'admin' });
  const configured = await call('putTenantConfig', {
    method: 'PUT',
    path: `/v1/tenants/${TENANT}/config`,
    routeKey: 'PUT /v1/tenants/{tenant}/config',
    pathParameters: { tenant: TENANT },
    token: admin,
    headers: { 'if-match': '"v0"' },
    json: { policies: { rules: [{ matchers: ['alertname="KubePodCrashLooping"'], mode: 'approval' }, { mode: 'notify-only' }] } },
  });
  if (configured.status !== 200) fail(`PUT config: ${configured.status} ${JSON.stringify(configured.json)}`);
  // Alertmanager sends with an integration key (its http_config bearer credentials).
  const issued = await call('createIntegrationKey', {
    method: 'POST',
    path: '/v1/integration-keys',
    routeKey: 'POST /v1/integration-keys',
    token: admin,
    json: { name: 'alertmanager', sources: ['alertmanager'] },
  });
  const integrationKey = z.object({ key: z.string() }).parse(issued.json).key;
  const approver = await mintDevToken(keys, { tenant: TENANT, roles: ['approver'], subject: 'alice' });

  // Lambda's SQS event source mappings, delivering to the functions in process; the polling billed
  // per batch. Standard queues through the project's local event source; FIFO queues here, since
  // fauxqs gives those one message per invocation (see fifo-batches.ts).
  const mappings = await sqsEventSources(root, stage);
  const prefix = localFunctionName(stage, '');
  const queueFailures: string[] = [];
  const batches = new Map<string, { batches: number; records: number }>();
  async function deliver(functionName: string, event: SQSEvent) {
    const key = functionName.slice(prefix.length);
    const result = z.object({ batchItemFailures: z.array(z.unknown()) }).parse(await lambdas.invoke(key, event));
    sqsRequests.polled(`${key} (event source)`, event.Records, result.batchItemFailures.length);
    const delivered = batches.get(key) ?? { batches: 0, records: 0 };
    batches.set(key, { batches: delivered.batches + 1, records: delivered.records + event.Records.length });
    if (result.batchItemFailures.length > 0)
      queueFailures.push(`${key}: ${result.batchItemFailures.length} of ${event.Records.length} failed`);
    return result;
  }
  const polled = mappings.filter((mapping) => !mapping.queueName.endsWith('.fifo'));
  const fifo = mappings.filter((mapping) => mapping.queueName.endsWith('.fifo'));
  cleanups.unshift(startSqsEventSources(stack, polled, deliver));

  // Uncounted clients of the bench's own, to see when the work is done and to drain the FIFO queues.
  const watcher = new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: stack.region,
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  const sfnWatcher = new SFNClient({ endpoint: sfn.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS });
  const queueOf = (mapping: { queueName: string }) => ({
    url: stack.queues[mapping.queueName] ?? fail(`no queue ${mapping.queueName}`),
    arn: `arn:aws:sqs:${stack.region}:000000000000:${mapping.queueName}`,
    region: stack.region,
  });
  /** Delivers the FIFO queues' backlogs; how many batches that took. */
  async function deliverFifo(maxBatches?: number): Promise<number> {
    let delivered = 0;
    for (const mapping of fifo) {
      const onQueue = (event: SQSEvent) => deliver(mapping.functionName, event);
      delivered += await deliverFifoBacklog(watcher, queueOf(mapping), mapping.batchSize, onQueue, maxBatches);
    }
    return delivered;
  }
  async function queuesEmpty(): Promise<boolean> {
    for (const mapping of polled) {
      const { Attributes = {} } = await watcher.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueOf(mapping).url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      if (Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) > 0)
        return false;
    }
    return true;
  }
  /**
   * Until no function runs or waits, the polled queues are empty and `done` holds, twice in a row;
   * then the FIFO queues' backlogs are delivered (unless `fifo` is false), and so on until nothing moves.
   */
  async function settle(what: string, done: () => Promise<boolean> | boolean = () => true, options = { fifo: true }): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let quiet = 0; quiet < 2; ) {
      if (queueFailures.length > 0) fail(`records failed: ${queueFailures.join('; ')}\n${output.problems.join('\n')}`);
      if (Date.now() > deadline) fail(`timed out waiting for ${what}\n${output.problems.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      quiet = lambdas.idle() && (await queuesEmpty()) && (await done()) ? quiet + 1 : 0;
      if (quiet === 2 && options.fifo && (await deliverFifo()) > 0) quiet = 0;
    }
  }
  const executionArn = (name: string) => `${remediationArn.replace(':stateMachine:', ':execution:')}:${name}`;
  async function allSucceeded(executions: readonly string[]): Promise<boolean> {
    for (const name of executions) {
      const { status } = await sfnWatcher.send(new DescribeExecutionCommand({ executionArn: executionArn(name) }));
      if (status === 'RUNNING') return false;
      if (status !== 'SUCCEEDED') fail(`execution ${name} ended ${status}\n${output.problems.join('\n')}`);
    }
    return true;
  }

  const ingested = z.object({
    created: z.number(),
    updated: z.number(),
    alerts: z.array(z.object({ id: z.string(), revision: z.number() })),
  });
  /** Posts a notification; the executions of the approvals its crash loops (at `approvalAt`) ask for. */
  async function post(group: number, alerts: readonly FiringAlert[], approvalAt: readonly number[] = []) {
    const posted = await call('ingestWebhook', {
      method: 'POST',
      path: '/v1/webhooks/alertmanager',
      routeKey: 'POST /v1/webhooks/{source}',
      pathParameters: { source: 'alertmanager' },
      token: integrationKey,
      json: alertmanagerNotification(alerts, groupLabels(group)),
    });
    if (posted.status !== 202) fail(`webhook: ${posted.status} ${JSON.stringify(posted.json)}`);
    const result = ingested.parse(posted.json);
    const executions = approvalAt.map((index) => {
      const alert = result.alerts[index] ?? fail(`no alert ${index} in the response`);
      return executionNameFor(TENANT, alert.id, alert.revision);
    });
    return { ...result, executions };
  }
  async function approveAll(executions: readonly string[], options = { fifo: true }): Promise<void> {
    const requested = () => executions.every((name) => (taskCalls.get(name) ?? []).some((c) => c.functionName === 'request-approval'));
    await settle('the approvals to be requested', requested, options);
    for (const execution of executions) {
      const id = approvalIdFor(execution);
      const approved = await call('approveApproval', {
        method: 'POST',
        path: `/v1/approvals/${id}/approve`,
        routeKey: 'POST /v1/approvals/{id}/approve',
        pathParameters: { id },
        token: approver,
      });
      if (approved.status !== 200) fail(`approve ${id}: ${approved.status} ${JSON.stringify(approved.json)}`);
    }
    await settle('the approved actions and their audit', () => allSucceeded(executions), options);
  }

  // Warm-up, not counted: each group's alerts that the run repeats, triaged (two of them crash
  // loops, approved, so every code path has run once), then each group's notification sent again:
  // a firing group is sent every group_interval, so the alerts a notification repeats have most
  // often been repeated before. Their audit backlog is dropped once the writer has warmed up on
  // part of it: the chain just goes on from where it got to.
  const repeats = ALERTS_PER_NOTIFICATION - NEW_PER_NOTIFICATION;
  const seen = Array.from({ length: NOTIFICATIONS }, (_, group) =>
    Array.from({ length: repeats }, (_, i) =>
      group === 0 && i < 2 ? crashLoopingAlert(1000 + i, group) : catalogueAlert(group * repeats + i, group),
    ),
  );
  const warmups: string[] = [];
  for (const [group, alerts] of seen.entries()) warmups.push(...(await post(group, alerts, group === 0 ? [0, 1] : [])).executions);
  for (const [group, alerts] of seen.entries()) await post(group, alerts);
  await approveAll(warmups, { fifo: false });
  await deliverFifo(WARM_UP_AUDIT_BATCHES);
  for (const mapping of fifo) await watcher.send(new PurgeQueueCommand({ QueueUrl: queueOf(mapping).url }));
  await settle('the warm-up');

  // The measured run.
  for (const meter of [lambdas, requests, sqsRequests, output]) meter.reset();
  api.requests = 0;
  api.metered = 0;
  taskCalls.clear();
  batches.clear();
  // Metered from here only: it reads the items each transaction replaces, which the warm-up need not wait for.
  capacity.attach(clients.dynamodb());
  const executions: string[] = [];
  let created = 0;
  let updated = 0;
  for (let n = 0; n < NOTIFICATIONS; n++) {
    const fresh = Array.from({ length: NEW_PER_NOTIFICATION }, (_, i) =>
      i < APPROVALS_PER_NOTIFICATION
        ? crashLoopingAlert(n * NEW_PER_NOTIFICATION + i, n)
        : catalogueAlert(10_000 + n * NEW_PER_NOTIFICATION + i, n),
    );
    const result = await post(
      n,
      [...(seen[n] ?? []), ...fresh],
      Array.from({ length: APPROVALS_PER_NOTIFICATION }, (_, i) => repeats + i),
    );
    created += result.created;
    updated += result.updated;
    executions.push(...result.executions);
  }
  await approveAll(executions);
  await settle('the run');
  output.stop();
  const alerts = NOTIFICATIONS * ALERTS_PER_NOTIFICATION;
  if (created !== NOTIFICATIONS * NEW_PER_NOTIFICATION || updated !== alerts - created)
    fail(
      `expected ${NOTIFICATIONS * NEW_PER_NOTIFICATION} new and ${alerts - NOTIFICATIONS * NEW_PER_NOTIFICATION} repeated alerts, got ${created} and ${updated}`,
    );

  const run: MeasuredRun = {
    alerts,
    tablePrefix: `alertgate-${stage}-`,
    lambdas,
    output,
    requests,
    capacity,
    sqs: sqsRequests,
    api,
    stateTransitions: [...taskCalls.values()].reduce(
      (sum, calls) => sum + stateTransitions(definitions.remediation?.definition ?? {}, calls),
      0,
    ),
  };

  console.log(
    `\nbench:cost — ${alerts.toLocaleString('en-US')} alerts in ${NOTIFICATIONS} Alertmanager notifications of ${ALERTS_PER_NOTIFICATION} ` +
      `(${created} new, ${updated} repeats), ${executions.length} approvals through the remediation workflow; the real handlers in process on ` +
      `DynamoDB Local, fauxqs and the local Step Functions endpoint. Node ${process.version}, ${new Date().toISOString()}`,
  );
  printRequests(run);
  printLambdas(run);
  printDynamoDb(run);
  console.log('\nThe bill at AWS list prices (us-east-1, on-demand, first tier, no free tier):');
  const summary = printCostTable(costLines(run), alerts, AIM_USD_PER_MILLION_ALERTS);

  const logged = loggedBytes(run);
  const printed = [...output.byScope.values()];
  const delivered = [...batches].map(([key, b]) => `${key}: ${b.records} records in ${b.batches} batches`).join(', ');
  console.log(
    [
      '',
      'How it is counted:',
      `- API Gateway: ${api.requests} requests (${NOTIFICATIONS} webhooks, ${executions.length} approvals), metered in 512 KB increments of request + response body.`,
      `- Lambda: every invocation of the run (HTTP, SQS batches, workflow tasks); GB-s = duration measured in process, rounded up to 1 ms per invocation as AWS bills, ` +
        `× the function's memorySize (unrounded: ${lambdaGbSeconds(run, false).toFixed(3)} GB-s). Measured on this machine against local emulators, one ` +
        "invocation at a time; Lambda's own CPU and DynamoDB's latency differ. Cold starts (INIT) not included.",
      `- DynamoDB: ReturnConsumedCapacity from DynamoDB Local (AWS's engine) on every call of the functions' client, index writes included; transactions (which ` +
        'DynamoDB Local under-reports) from the sizes of the items written and replaced, table writes ×2; BatchGetItem at least 0.5 RRU per key, Query at ' +
        `least 0.5 per call; failed conditional writes (${requests.failed} calls failed) estimated from the item sent.`,
      "- SQS: the functions' calls plus what the event source mapping does per batch: 1 ReceiveMessage (assuming long polling with messages flowing " +
        'returns one batch per call) and 1 DeleteMessageBatch; FIFO batches as Lambda takes a backlog, up to 10 of the group (fauxqs hands out one at a ' +
        `time) (${delivered}); empty polls (about 5 pollers × 3 a minute per queue, idle or not: a fixed cost, not per alert) excluded. Each 64 KB chunk of payload is 1 request.`,
      `- Step Functions: ${taskCalls.size} Standard executions, ${run.stateTransitions} transitions (${(run.stateTransitions / Math.max(1, taskCalls.size)).toFixed(1)} each), ` +
        'the states entered along resources/statemachines/remediation.asl.json, walked from the Task calls each execution made (retries count).',
      `- CloudWatch Logs: ${printed.reduce((s, l) => s + l.emfLines, 0)} EMF lines (${logged.emf} B) and ${printed.reduce((s, l) => s + l.logLines, 0)} log lines ` +
        `(${logged.logs} B) the functions printed at POWERTOOLS_LOG_LEVEL=INFO with metrics on, plus Lambda's START/END/REPORT lines (${logged.platform} B). ` +
        'Not included: custom-metric charges for the EMF metrics (per metric-month, not per alert), log storage, X-Ray traces, scheduled functions (fixed per month).',
    ].join('\n'),
  );
  if (output.problems.length > 0) console.log(`\nWarnings and errors the functions logged:\n${output.problems.join('\n')}`);
  if (!summary.meetsAim)
    console.log(`\nAbove the aim of $${AIM_USD_PER_MILLION_ALERTS} per million alerts: ${summary.dominant} dominates.`);
  watcher.destroy();
  sfnWatcher.destroy();
} finally {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error: unknown) {
      console.warn('cleaning up after bench:cost failed:', error);
    }
  }
}
