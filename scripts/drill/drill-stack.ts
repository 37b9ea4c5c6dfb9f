/**
 * alertgate on the embedded emulators, set up for the fault drills: a stage of its own, fauxqs
 * persisted to disk (so SQS can be stopped and started again with its messages), an OpenAI-compatible
 * stand-in the drills can make hang, and a notification target they can make fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Role } from '../../shared/domain/roles.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../test/helpers/fake-llm-servers.ts';
import { type LocalAlertgate, startLocalAlertgate } from '../local/alertgate-local.ts';
import { mintDevToken } from '../local/dev-keys.ts';
import { drillSqs } from './drill-sqs.ts';
import { type FlakyWebhook, startFlakyWebhook } from './flaky-webhook.ts';

export const DRILL_STAGE = 'drill';
/** The env var behind the stand-in provider's `apiKeyRef`. */
const LLM_KEY_VAR = 'ALERTGATE_LLM_DRILL_KEY';
export const EXECUTOR_WEBHOOK_ID = 'drill-exec';
export const EXECUTOR_WEBHOOK_SECRET_REF = 'env:ALERTGATE_WEBHOOK_DRILL';
/** The ExecuteAction task's timeout on the drill stack. */
export const DRILL_EXECUTE_TIMEOUT_SECONDS = 3;

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

export interface DrillStack {
  readonly alertgate: LocalAlertgate;
  /** The tenants' LLM provider: answers at once unless a drill makes it hang. */
  readonly llm: FakeLlmServer;
  /** The tenants' notification target. */
  readonly hook: FlakyWebhook;
  /** The remediation webhook `invoke_webhook` calls, as `EXECUTOR_WEBHOOK_ID` with `EXECUTOR_WEBHOOK_SECRET_REF`. */
  readonly executorTarget: FlakyWebhook;
  /** One request to the HTTP API as `subject` of `tenant` with `roles`. */
  api(
    method: string,
    path: string,
    as: { readonly tenant: string; readonly roles: readonly Role[]; readonly subject?: string },
    json?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
  /** Gives a fresh tenant the drill configuration: the stand-in LLM provider and the notification target. */
  configureTenant(tenant: string, extra?: Record<string, unknown>): Promise<void>;
  /** How many times the functions have logged `message` for `tenant` (e.g. a redelivery recognised as done). */
  logged(message: string, tenant: string): number;
  stop(): Promise<void>;
}

export async function startDrillStack(options: { readonly log?: (chunk: string) => void } = {}): Promise<DrillStack> {
  const root = join(import.meta.dirname, '..', '..');
  const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-drill-keys-'));
  const sqsDataDir = mkdtempSync(join(tmpdir(), 'alertgate-drill-sqs-'));
  const llm = await startFakeLlmServer('openai');
  const hook = await startFlakyWebhook();
  const executorTarget = await startFlakyWebhook();
  // The functions' JSON log lines, counted by message and tenant: what a drill reads of what went on inside.
  const logCounts = new Map<string, number>();
  let partial = '';
  const tap = (chunk: string) => {
    options.log?.(chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const message = /"message":"([^"]*)"/.exec(line)?.[1];
      const tenant = /"tenant":"([^"]*)"/.exec(line)?.[1];
      if (message !== undefined && tenant !== undefined)
        logCounts.set(`${message}\n${tenant}`, (logCounts.get(`${message}\n${tenant}`) ?? 0) + 1);
    }
  };
  let alertgate: LocalAlertgate | undefined;
  try {
    alertgate = await startLocalAlertgate({
      root,
      stage: DRILL_STAGE,
      keysDir,
      sqsDataDir,
      log: tap,
      // A webhook action that outlasts this is timed out by Step Functions (in the cloud: 120 s, above the function's 100).
      stepFunctionsTaskTimeouts: { ExecuteAction: DRILL_EXECUTE_TIMEOUT_SECONDS },
      // The drills send more than one tenant's ceilings allow in a minute: their 429s would be deliberate, not the fault's.
      env: {
        LIMIT_TENANT_WEBHOOK_PER_MINUTE: '1000000',
        LIMIT_TENANT_API_PER_MINUTE: '1000000',
        LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
        LIMIT_UNAUTHENTICATED_PER_MINUTE: '1000000',
        // Failed notifications are sent again after seconds, not minutes: the drill waits for them.
        ALERTGATE_NOTIFICATION_RETRY_DELAYS: '1,2,4,8,8',
        [LLM_KEY_VAR]: 'drill-key',
        [EXECUTOR_WEBHOOK_SECRET_REF.slice('env:'.length)]: 'drill-webhook-signing-secret',
      },
    });
    await shortenTriageVisibility(alertgate);
  } catch (error) {
    await Promise.allSettled([alertgate?.stop(), llm.close(), hook.close(), executorTarget.close()]);
    throw error;
  }

  const api: DrillStack['api'] = async (method, path, as, json, headers = {}) => {
    const token = await mintDevToken(alertgate.keys, { tenant: as.tenant, roles: as.roles, subject: as.subject ?? `${as.tenant}-drill` });
    const response = await fetch(`${alertgate.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text === '' || !(response.headers.get('content-type') ?? '').includes('json') ? {} : JSON.parse(text);
    } catch {
      body = {};
    }
    return { status: response.status, headers: response.headers, body, text };
  };

  return {
    alertgate,
    llm,
    hook,
    executorTarget,
    api,
    async configureTenant(tenant, extra = {}) {
      const config = {
        providers: [
          {
            id: 'drill-llm',
            type: 'openai',
            model: 'drill-model',
            baseUrl: llm.baseUrl,
            apiKeyRef: `env:${LLM_KEY_VAR}`,
            timeoutMs: 1_000,
          },
        ],
        notifications: { targets: [{ id: 'drill-hook', type: 'webhook', url: hook.url }] },
        ...extra,
      };
      const put = await api('PUT', `/v1/tenants/${tenant}/config`, { tenant, roles: ['admin'] }, config, { 'if-match': '"v0"' });
      if (put.status !== 200) throw new Error(`configuring ${tenant}: ${put.status} ${put.text.slice(0, 500)}`);
    },
    logged: (message, tenant) => logCounts.get(`${message}\n${tenant}`) ?? 0,
    async stop() {
      try {
        await alertgate.stop();
      } finally {
        await Promise.allSettled([llm.close(), hook.close(), executorTarget.close()]);
        rmSync(keysDir, { recursive: true, force: true });
        rmSync(sqsDataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The least visibility timeout AWS lets an SQS event source have: the function's timeout. */
export const DRILL_TRIAGE_VISIBILITY_SECONDS = 30;

/**
 * The triage queue hides a message 6 × the consumer's timeout (3 minutes) in the cloud. The drills
 * shorten it to the least AWS allows, so that a crashed batch comes back in 30 s: the semantics are
 * the cloud's, only sooner.
 */
async function shortenTriageVisibility(alertgate: LocalAlertgate): Promise<void> {
  const { stack } = alertgate;
  const queueUrl = stack.queues[`alertgate-${DRILL_STAGE}-triage`];
  if (queueUrl === undefined) throw new Error('the drill stack has no triage queue');
  const sqs = drillSqs(stack);
  try {
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: String(DRILL_TRIAGE_VISIBILITY_SECONDS) } }),
    );
  } finally {
    sqs.destroy();
  }
}
