/**
 * Checks the CloudFormation template and the function bundles that `serverless package` produces,
 * offline, against the infrastructure rules (queues, event sources, roles, IAM, state machines,
 * bundles). The
 * second half breaks copies of the real template, and hand-builds SQS consumers, to show each
 * rule fails when it should.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contentSecurityPolicy, securityHeaders } from '../../console/security-headers.ts';
import {
  artifactNameOf,
  type BundleContents,
  type CfnResource,
  type CfnTemplate,
  type FunctionPlatform,
  findBatchFailureReportingViolations,
  findBundleViolations,
  findConsumerVisibilityTimeoutViolations,
  findDataResourceReferenceViolations,
  findFunctionPlatformViolations,
  findFunctionRoleViolations,
  findRedriveViolations,
  findRoleSharingViolations,
  findStaleRoleSharingAllowances,
  findVisibilityTimeoutViolation,
  findIamWildcardViolations as findWildcards,
  iamStatements,
  loadTemplate,
  parseTemplate,
  type RoleSharingAllowance,
  resourcesOfType,
  sqsEventSourceMappings,
  statementsForService,
  workQueueIds,
} from '../helpers/cloudformation.ts';
import { type PackagedService, packageService } from './serverless-package.ts';
import {
  ACTIONS_ALLOWED_ON_RESOURCE_WILDCARD,
  findDefinitionViolations,
  findStateMachineGrantViolations,
  findStateMachineInvokeViolations,
  findStateMachineObservabilityViolations,
  findTaskFunctionViolations,
  findTaskTimeoutViolations,
  invokedFunctionIds,
  stateMachines,
} from './step-functions-rules.ts';

const root = join(import.meta.dirname, '..', '..');

/** The wildcard rule with the actions AWS accepts only on Resource "*" (X-Ray writes, Step Functions log delivery). */
const findIamWildcardViolations = (template: CfnTemplate) => findWildcards(template, ACTIONS_ALLOWED_ON_RESOURCE_WILDCARD);

const PLATFORM: FunctionPlatform = { runtime: 'nodejs24.x', architecture: 'arm64', tracingMode: 'Active' };

/** Functions allowed to share one role. Empty: every function has its own; any sharing is a defect. */
const ROLE_SHARING_ALLOWLIST: readonly RoleSharingAllowance[] = [];

/** The triage consumer's planned timeout, from the comment on custom.queues in serverless.yml. */
const PLANNED_TRIAGE_CONSUMER_TIMEOUT_SECONDS = 30;

/** What a deployer sets: the console's own domain. */
const CONSOLE_ORIGIN = 'https://console.alertgate.example.com';

let packaged: PackagedService | undefined;
let template: CfnTemplate;

beforeAll(async () => {
  packaged = await packageService({ root, stage: 'dev', timeoutMs: 170_000, env: { CONSOLE_ORIGIN } });
  template = loadTemplate(join(packaged.packageDir, 'cloudformation-template-update-stack.json'));
}, 180_000);

afterAll(() => packaged?.remove());

function packageDir(): string {
  if (packaged === undefined) throw new Error('serverless package did not run');
  return packaged.packageDir;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of nested objects, or undefined. */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), value);
}

/** A resource of the template, which the test expects to exist. */
function resource(of: CfnTemplate, logicalId: string): CfnResource {
  const found = of.Resources[logicalId];
  if (found === undefined) throw new Error(`${logicalId} is not in the template`);
  return found;
}

function lambdaFunctions(of: CfnTemplate): Array<[string, CfnResource]> {
  return resourcesOfType(of, 'AWS::Lambda::Function');
}

async function readBundle(zipPath: string, handler: string): Promise<BundleContents> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const fileNames = Object.values(zip.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name);
  const text = new Map<string, string>();
  const modulePath = handler.slice(0, handler.lastIndexOf('.'));
  for (const name of [`${modulePath}.mjs`, `${modulePath}.mjs.map`]) {
    const entry = zip.file(name);
    if (entry) text.set(name, await entry.async('string'));
  }
  return { fileNames, text };
}

describe('the packaged CloudFormation template', () => {
  it('upgrades the listing indexes one index per table per deploy: the legacy ones kept only when asked', () => {
    // DynamoDB adds or drops one index per table per update and changes no projection in place.
    expect(at(template, 'Conditions', 'KeepLegacyListIndexes')).toEqual({ 'Fn::Equals': ['false', 'true'] });
    for (const [table, current, legacy, lister] of [
      ['AlertsTable', 'listByUpdatedAt', 'byUpdatedAt', 'ListAlertsLambdaFunction'],
      ['IncidentsTable', 'listByOpenedAt', 'byOpenedAt', 'ListIncidentsLambdaFunction'],
    ] as const) {
      const indexes = at(resource(template, table).Properties, 'GlobalSecondaryIndexes');
      if (!Array.isArray(indexes)) throw new Error(`${table} has no indexes`);
      const named = indexes.find((index) => at(index, 'IndexName') === current);
      expect(at(named, 'Projection', 'ProjectionType')).toBe('INCLUDE');
      const kept = indexes.find((index) => isRecord(index) && 'Fn::If' in index);
      expect(at(kept, 'Fn::If')).toEqual([
        'KeepLegacyListIndexes',
        expect.objectContaining({ IndexName: legacy }),
        { Ref: 'AWS::NoValue' },
      ]);
      // The lister changes after its table: never before the new index is built.
      expect(resource(template, lister).DependsOn).toEqual(expect.arrayContaining([table]));
    }
  });

  it('serves the console with the security headers of console/security-headers.ts, and lets only its origin call the API', () => {
    const headers = at(resource(template, 'ConsoleSecurityHeaders').Properties, 'ResponseHeadersPolicyConfig', 'SecurityHeadersConfig');
    const csp = String(at(headers, 'ContentSecurityPolicy', 'ContentSecurityPolicy', 'Fn::Sub'));
    // The HTTP API and the live-updates WebSocket API, spelled as the !Sub does (no template literal: biome reads one).
    const apiOrigin = ['https://$', '{HttpApi}.execute-api.$', '{AWS::Region}.$', '{AWS::URLSuffix}'].join('');
    const liveOrigin = ['wss://$', '{WebsocketsApi}.execute-api.$', '{AWS::Region}.$', '{AWS::URLSuffix}'].join('');
    expect(csp.replace(/\s+;/g, ';')).toBe(contentSecurityPolicy({ connect: [apiOrigin, liveOrigin] }));
    expect(csp).not.toContain('unsafe-inline');
    expect(at(headers, 'FrameOptions', 'FrameOption')).toBe('DENY');
    expect(at(headers, 'StrictTransportSecurity', 'AccessControlMaxAgeSec')).toBe(63072000);
    expect(at(headers, 'ReferrerPolicy', 'ReferrerPolicy')).toBe(securityHeaders({ connect: [] })['referrer-policy']);
    const behaviour = at(resource(template, 'ConsoleDistribution').Properties, 'DistributionConfig', 'DefaultCacheBehavior');
    expect(at(behaviour, 'ResponseHeadersPolicyId')).toEqual({ Ref: 'ConsoleSecurityHeaders' });
    expect(at(behaviour, 'ViewerProtocolPolicy')).toBe('redirect-to-https');
    expect(at(resource(template, 'HttpApi').Properties, 'CorsConfiguration', 'AllowOrigins')).toEqual([CONSOLE_ORIGIN]);
  });

  it('gives every queue that is not a dead-letter queue a redrive policy to a queue of the template after at least 5 receives', () => {
    expect(workQueueIds(template)).toContain('TriageQueue');
    expect(findRedriveViolations(template)).toEqual([]);
  });

  it('hides messages of every Lambda-consumed queue for at least six times its consumer timeout', () => {
    // No function consumes a queue yet, so this may range over nothing; the hand-built cases below prove it can fail.
    expect(findConsumerVisibilityTimeoutViolations(template)).toEqual([]);
  });

  it('hides triage messages for at least six times the planned 30 s triage consumer timeout', () => {
    expect(
      findVisibilityTimeoutViolation(
        'TriageQueue',
        resource(template, 'TriageQueue'),
        PLANNED_TRIAGE_CONSUMER_TIMEOUT_SECONDS,
        'triage consumer',
      ),
    ).toEqual([]);
  });

  it('has every SQS event source mapping report partial batch failures', () => {
    // Same note: today there is no SQS-triggered function.
    expect(findBatchFailureReportingViolations(template)).toEqual([]);
  });

  it('gives every function a role defined in the template', () => {
    const declared = Object.keys(parse(readFileSync(join(root, 'resources', 'functions.yml'), 'utf8')));
    expect(lambdaFunctions(template)).toHaveLength(declared.length);
    expect(findFunctionRoleViolations(template)).toEqual([]);
  });

  it('keeps every table holding tenant data through a stack deletion or replacement, protected and backed up', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    const stateful = ['AlertsTable', 'ApprovalsTable', 'AuditTable', 'IntegrationKeysTable', 'TenantConfigsTable'];
    for (const id of stateful) {
      const table = tables.find(([logicalId]) => logicalId === id)?.[1];
      expect(table, id).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      });
    }
  });

  it("lets no function's role read tenant secrets: only TenantSecretsRole, under its session's tenant tag", () => {
    const secretReads = [...statementsForService(template, 'ssm'), ...statementsForService(template, 'secretsmanager')].filter(
      ({ statement }) => JSON.stringify(statement.Resource ?? '').includes('/tenants/'),
    );
    expect(secretReads.length).toBeGreaterThan(0);
    for (const { where, statement } of secretReads) {
      expect(where, JSON.stringify(statement)).toMatch(/^TenantSecretsRole\//);
      expect(JSON.stringify(statement.Resource)).toContain('/tenants/${!aws:PrincipalTag/tenant}/*');
    }
    const trust = template.Resources.TenantSecretsRole?.Properties?.AssumeRolePolicyDocument as { Statement: { Condition: object }[] };
    expect(JSON.stringify(trust.Statement[0]?.Condition)).toContain('aws:RequestTag/tenant');
  });

  it('throttles the API stage, caps what floods and reserves concurrency for votes and approved actions', () => {
    const stage = template.Resources.HttpApiStage;
    expect(stage?.Properties?.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: expect.any(Number),
      ThrottlingBurstLimit: expect.any(Number),
    });
    const reserved = Object.fromEntries(
      lambdaFunctions(template).flatMap(([id, resource]) => {
        const value = (resource.Properties as { ReservedConcurrentExecutions?: number }).ReservedConcurrentExecutions;
        return value === undefined ? [] : [[id, value]];
      }),
    );
    expect(Object.keys(reserved).sort()).toEqual([
      'ApproveApprovalLambdaFunction',
      'ExecuteActionLambdaFunction',
      'IngestWebhookLambdaFunction',
      'RejectApprovalLambdaFunction',
      'TriageLambdaFunction',
    ]);
  });

  it('runs every function on nodejs24.x on arm64 with active tracing', () => {
    expect(lambdaFunctions(template).length).toBeGreaterThan(0);
    expect(findFunctionPlatformViolations(template, PLATFORM)).toEqual([]);
  });

  it('lets functions share a role only when the allowlist names them together', () => {
    expect(findRoleSharingViolations(template, ROLE_SHARING_ALLOWLIST)).toEqual([]);
  });

  it('keeps the role-sharing allowlist true to the template', () => {
    expect(findStaleRoleSharingAllowances(template, ROLE_SHARING_ALLOWLIST)).toEqual([]);
  });

  it('grants no wildcard actions, and Resource "*" only to the X-Ray and Step Functions log-delivery actions', () => {
    expect(iamStatements(template).length).toBeGreaterThan(0);
    expect(findIamWildcardViolations(template)).toEqual([]);
  });

  it('grants DynamoDB actions on table ARNs and SQS actions on queue ARNs of the template', () => {
    expect(statementsForService(template, 'dynamodb').length).toBeGreaterThan(0);
    expect(statementsForService(template, 'sqs').length).toBeGreaterThan(0);
    expect(findDataResourceReferenceViolations(template)).toEqual([]);
  });

  it("deploys resources/statemachines/remediation.asl.json, the local endpoint's definition, with its placeholders intact", () => {
    const file: unknown = JSON.parse(readFileSync(join(root, 'resources', 'statemachines', 'remediation.asl.json'), 'utf8'));
    expect(resource(template, 'RemediationStateMachine').Properties.Definition).toEqual(file);
  });

  it('has state machine definitions that are valid ASL once CloudFormation substitutes them', () => {
    expect(stateMachines(template).map(([id]) => id)).toEqual(['RemediationStateMachine']);
    expect(findDefinitionViolations(template)).toEqual([]);
  });

  it('gives every Task state a timeout', () => {
    expect(findTaskTimeoutViolations(template)).toEqual([]);
  });

  it('points every Lambda Task at a function of the template', () => {
    expect([...invokedFunctionIds(template, 'RemediationStateMachine')].sort()).toEqual([
      'ExecuteActionLambdaFunction',
      'RecordOutcomeLambdaFunction',
      'RequestApprovalLambdaFunction',
    ]);
    expect(findTaskFunctionViolations(template)).toEqual([]);
  });

  it('lets each state machine invoke exactly the functions its Tasks call', () => {
    expect(findStateMachineInvokeViolations(template)).toEqual([]);
  });

  it('grants states:StartExecution and states:SendTask* only on state machines of the template', () => {
    expect(statementsForService(template, 'states').length).toBeGreaterThan(0);
    expect(findStateMachineGrantViolations(template)).toEqual([]);
  });

  it('traces every state machine and logs its errors, without execution data, to a log group with retention', () => {
    expect(findStateMachineObservabilityViolations(template)).toEqual([]);
  });

  it('bundles every handler as an ES module .mjs with a source map', async () => {
    const functions = lambdaFunctions(template);
    expect(functions.length).toBeGreaterThan(0);
    const violations: string[] = [];
    for (const [id, fn] of functions) {
      const { Handler } = fn.Properties;
      const artifact = artifactNameOf(fn);
      if (typeof Handler !== 'string' || artifact === undefined) {
        violations.push(`${id} has no handler or artifact`);
        continue;
      }
      const bundle = await readBundle(join(packageDir(), artifact), Handler);
      violations.push(...findBundleViolations(Handler, bundle).map((violation) => `${artifact}: ${violation}`));
    }
    expect(violations).toEqual([]);
  });
});

describe('the packaged API reference', () => {
  it('carries the Swagger UI files it reads at cold start, next to its bundle', async () => {
    const fn = resource(template, 'ApiReferenceLambdaFunction');
    const artifact = artifactNameOf(fn);
    expect(artifact).toBeDefined();
    const { fileNames } = await readBundle(join(packageDir(), artifact ?? ''), String(fn.Properties.Handler));
    expect(fileNames).toEqual(
      expect.arrayContaining([
        'node_modules/swagger-ui-dist/package.json',
        'node_modules/swagger-ui-dist/swagger-ui.css',
        'node_modules/swagger-ui-dist/swagger-ui-bundle.js',
      ]),
    );
  });
});

describe('the rules, on a broken copy of the packaged template', () => {
  function brokenCopy(): CfnTemplate {
    return structuredClone(template);
  }

  /** The first statement of a role's first inline policy whose actions include `action`. */
  function statementWith(of: CfnTemplate, roleId: string, action: string): Record<string, unknown> {
    const found = iamStatements({ Resources: { [roleId]: resource(of, roleId) } }).find(({ statement }) =>
      [statement.Action].flat().includes(action),
    );
    if (found === undefined) throw new Error(`${roleId} has no statement with ${action}`);
    return found.statement;
  }

  it('flags a work queue without a redrive policy, and the dead-letter queue it no longer feeds', () => {
    const broken = brokenCopy();
    delete resource(broken, 'TriageQueue').Properties.RedrivePolicy;
    expect(findRedriveViolations(broken)).toEqual(['TriageQueue has no RedrivePolicy', 'TriageDeadLetterQueue has no RedrivePolicy']);
  });

  it('flags a redrive policy with fewer than 5 receives', () => {
    const broken = brokenCopy();
    resource(broken, 'TriageQueue').Properties.RedrivePolicy = {
      deadLetterTargetArn: { 'Fn::GetAtt': ['TriageDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 3,
    };
    expect(findRedriveViolations(broken)).toEqual(['TriageQueue has maxReceiveCount 3, below 5']);
  });

  it('flags a redrive policy to a literal ARN, which also leaves the intended dead-letter queue without one', () => {
    const broken = brokenCopy();
    resource(broken, 'TriageQueue').Properties.RedrivePolicy = {
      deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:somewhere-else',
      maxReceiveCount: 5,
    };
    const violations = findRedriveViolations(broken);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^TriageQueue redrives to "arn:aws:sqs:/);
    expect(violations[1]).toBe('TriageDeadLetterQueue has no RedrivePolicy');
  });

  it('flags a triage queue that hides messages for less than six times 30 s', () => {
    const broken = brokenCopy();
    resource(broken, 'TriageQueue').Properties.VisibilityTimeout = 179;
    expect(findVisibilityTimeoutViolation('TriageQueue', resource(broken, 'TriageQueue'), 30, 'triage consumer')).toEqual([
      "TriageQueue has VisibilityTimeout 179 s, below 6 x triage consumer's 30 s = 180 s",
    ]);
  });

  it('flags a function whose role is a literal ARN or a role missing from the template', () => {
    const broken = brokenCopy();
    resource(broken, 'HealthLambdaFunction').Properties.Role = 'arn:aws:iam::123456789012:role/shared';
    resource(broken, 'GetAlertLambdaFunction').Properties.Role = { 'Fn::GetAtt': ['NoSuchRole', 'Arn'] };
    const violations = findFunctionRoleViolations(broken);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^HealthLambdaFunction has Role "arn:aws:iam::/);
    expect(violations[1]).toMatch(/^GetAlertLambdaFunction has Role .*NoSuchRole/);
  });

  it('flags a function on another runtime, architecture or tracing mode', () => {
    const broken = brokenCopy();
    const { Properties } = resource(broken, 'IngestWebhookLambdaFunction');
    Properties.Runtime = 'nodejs22.x';
    Properties.Architectures = ['x86_64'];
    Properties.TracingConfig = { Mode: 'PassThrough' };
    expect(findFunctionPlatformViolations(broken, PLATFORM)).toEqual([
      'IngestWebhookLambdaFunction runs on nodejs22.x, not nodejs24.x',
      'IngestWebhookLambdaFunction has Architectures ["x86_64"], not [arm64]',
      'IngestWebhookLambdaFunction has tracing PassThrough, not Active',
    ]);
  });

  it('flags two functions sharing a role that the allowlist does not pair', () => {
    const broken = brokenCopy();
    resource(broken, 'HealthLambdaFunction').Properties.Role = { 'Fn::GetAtt': ['IngestWebhookRole', 'Arn'] };
    expect(findRoleSharingViolations(broken, ROLE_SHARING_ALLOWLIST)).toEqual([
      'HealthLambdaFunction and IngestWebhookLambdaFunction share IngestWebhookRole but are not allowlisted to',
    ]);
  });

  it("flags a function moved onto another function's role, and an allowance the template does not bear out", () => {
    const broken = brokenCopy();
    resource(broken, 'GetAlertLambdaFunction').Properties.Role = { 'Fn::GetAtt': ['CreateIntegrationKeyRole', 'Arn'] };
    expect(findRoleSharingViolations(broken, ROLE_SHARING_ALLOWLIST)).toEqual([
      'GetAlertLambdaFunction and CreateIntegrationKeyLambdaFunction share CreateIntegrationKeyRole but are not allowlisted to',
    ]);
    const stale: RoleSharingAllowance[] = [{ role: 'GetAlertRole', functions: ['GetAlertLambdaFunction', 'ListAlertsLambdaFunction'] }];
    expect(findStaleRoleSharingAllowances(template, stale)).toEqual([
      'allowlist says ListAlertsLambdaFunction uses GetAlertRole, but it does not',
    ]);
  });

  it('flags Resource "*" on a non-X-Ray action', () => {
    const broken = brokenCopy();
    statementWith(broken, 'ListAlertsRole', 'dynamodb:Query').Resource = '*';
    expect(findIamWildcardViolations(broken)).toEqual(['ListAlertsRole/list-alerts#2 allows dynamodb:Query on Resource "*"']);
  });

  it('flags another action slipped into the X-Ray statement', () => {
    const broken = brokenCopy();
    // Reading traces (which carry request data) is not a write and must name its resources.
    statementWith(broken, 'HealthRole', 'xray:PutTraceSegments').Action = ['xray:PutTraceSegments', 'xray:BatchGetTraces'];
    expect(findIamWildcardViolations(broken)).toEqual(['HealthRole/health#1 allows xray:BatchGetTraces on Resource "*"']);
  });

  it('flags another action slipped into the log-delivery statement, or given Resource "*" of its own', () => {
    const broken = brokenCopy();
    const delivery = statementWith(broken, 'RemediationStateMachineRole', 'logs:CreateLogDelivery');
    delivery.Action = [...[delivery.Action].flat(), 'logs:PutLogEvents'];
    statementWith(broken, 'RemediationStateMachineRole', 'lambda:InvokeFunction').Resource = '*';
    expect(findIamWildcardViolations(broken)).toEqual([
      'RemediationStateMachineRole/remediation-state-machine#0 allows lambda:InvokeFunction on Resource "*"',
      'RemediationStateMachineRole/remediation-state-machine#1 allows logs:PutLogEvents on Resource "*"',
    ]);
  });

  it('flags "*" and "service:*" actions, NotAction and managed policies', () => {
    const broken = brokenCopy();
    statementWith(broken, 'IngestWebhookRole', 'sqs:SendMessage').Action = 'sqs:*';
    statementWith(broken, 'HealthRole', 'logs:PutLogEvents').Action = ['*'];
    const create = statementWith(broken, 'CreateIntegrationKeyRole', 'dynamodb:PutItem');
    delete create.Action;
    create.NotAction = ['iam:*'];
    resource(broken, 'ListAlertsRole').Properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess'];
    expect([...findIamWildcardViolations(broken)].sort()).toEqual([
      'CreateIntegrationKeyRole/create-integration-key#2 allows everything but its NotAction list',
      'HealthRole/health#0 allows the wildcard action *',
      'IngestWebhookRole/ingest-webhook#4 allows the wildcard action sqs:*',
      'ListAlertsRole attaches managed policies, which this check cannot inspect',
    ]);
  });

  it('flags DynamoDB and SQS grants on literal ARNs or on the wrong kind of resource', () => {
    const broken = brokenCopy();
    statementWith(broken, 'IngestWebhookRole', 'dynamodb:PutItem').Resource =
      'arn:aws:dynamodb:eu-west-1:123456789012:table/alertgate-dev-alerts';
    statementWith(broken, 'IngestWebhookRole', 'sqs:SendMessage').Resource = { 'Fn::GetAtt': ['AlertsTable', 'Arn'] };
    statementWith(broken, 'ListAlertsRole', 'dynamodb:Query').Resource = [
      { 'Fn::GetAtt': ['AlertsTable', 'Arn'] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub, not a JavaScript template
      { 'Fn::Sub': '${TriageQueue.Arn}/index/byUpdatedAt' },
    ];
    const violations = findDataResourceReferenceViolations(broken);
    expect(violations).toHaveLength(3);
    expect(violations[0]).toMatch(/^IngestWebhookRole\/ingest-webhook#2 grants dynamodb actions on "arn:aws:dynamodb:/);
    expect(violations[1]).toMatch(/^ListAlertsRole\/list-alerts#2 grants dynamodb actions on .*TriageQueue\.Arn/);
    expect(violations[2]).toMatch(/^IngestWebhookRole\/ingest-webhook#4 grants sqs actions on .*AlertsTable/);
  });

  /** A state of the remediation state machine's definition, to break. */
  function remediationState(of: CfnTemplate, name: string): Record<string, unknown> {
    const definition = resource(of, 'RemediationStateMachine').Properties.Definition;
    const states = isRecord(definition) ? definition.States : undefined;
    const state = isRecord(states) ? states[name] : undefined;
    if (!isRecord(state)) throw new Error(`RemediationStateMachine has no state ${name}`);
    return state;
  }

  function remediationProperties(of: CfnTemplate): Record<string, unknown> {
    return resource(of, 'RemediationStateMachine').Properties;
  }

  it('flags a definition that is not valid ASL', () => {
    const broken = brokenCopy();
    remediationState(broken, 'ExecuteAction').Next = 'NoSuchState';
    const violations = findDefinitionViolations(broken);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^RemediationStateMachine has an invalid definition: .*NoSuchState/);
  });

  it('flags a placeholder that DefinitionSubstitutions does not fill', () => {
    const broken = brokenCopy();
    const substitutions = remediationProperties(broken).DefinitionSubstitutions;
    if (isRecord(substitutions)) delete substitutions.ExecuteActionFunction;
    expect(findDefinitionViolations(broken)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
      'RemediationStateMachine has the placeholder ${ExecuteActionFunction} without a DefinitionSubstitutions value',
    ]);
    expect(findTaskFunctionViolations(broken)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder
      'RemediationStateMachine state ExecuteAction invokes ${ExecuteActionFunction}, which DefinitionSubstitutions does not define',
    ]);
  });

  it('flags Task states without TimeoutSeconds or TimeoutSecondsPath', () => {
    const broken = brokenCopy();
    delete remediationState(broken, 'RequestApproval').TimeoutSecondsPath;
    delete remediationState(broken, 'RecordFailed').TimeoutSeconds;
    expect(findTaskTimeoutViolations(broken)).toEqual([
      'RemediationStateMachine state RequestApproval is a Task without TimeoutSeconds or TimeoutSecondsPath',
      'RemediationStateMachine state RecordFailed is a Task without TimeoutSeconds or TimeoutSecondsPath',
    ]);
  });

  it('flags a Task invoking a literal function name, and a substitution that is not a function of the template', () => {
    const broken = brokenCopy();
    const parameters = remediationState(broken, 'RecordOutcome').Parameters;
    if (isRecord(parameters)) parameters.FunctionName = 'alertgate-dev-recordOutcome';
    const substitutions = remediationProperties(broken).DefinitionSubstitutions;
    if (isRecord(substitutions)) substitutions.ExecuteActionFunction = { 'Fn::GetAtt': ['AlertsTable', 'Arn'] };
    const violations = findTaskFunctionViolations(broken);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^RemediationStateMachine state ExecuteAction invokes .*AlertsTable.*, not Fn::GetAtt <function/);
    expect(violations[1]).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the rule's wording for a DefinitionSubstitutions placeholder
      'RemediationStateMachine state RecordOutcome invokes "alertgate-dev-recordOutcome", not a ${placeholder} substituted with a function of this template',
    );
  });

  it('flags a state machine role that can invoke any function, or every Lambda action', () => {
    const broken = brokenCopy();
    const invoke = statementWith(broken, 'RemediationStateMachineRole', 'lambda:InvokeFunction');
    invoke.Action = ['lambda:*'];
    invoke.Resource = '*';
    expect(findStateMachineInvokeViolations(broken)).toEqual([
      'RemediationStateMachineRole/remediation-state-machine#0 grants lambda:*, not only lambda:InvokeFunction',
      'RemediationStateMachineRole/remediation-state-machine#0 lets RemediationStateMachine invoke "*", which is not a function its Tasks call',
      'RemediationStateMachine calls RequestApprovalLambdaFunction but its role RemediationStateMachineRole cannot invoke it',
      'RemediationStateMachine calls ExecuteActionLambdaFunction but its role RemediationStateMachineRole cannot invoke it',
      'RemediationStateMachine calls RecordOutcomeLambdaFunction but its role RemediationStateMachineRole cannot invoke it',
    ]);
  });

  it('flags a state machine role that can invoke a function the Tasks do not call, or not one they do', () => {
    const broken = brokenCopy();
    statementWith(broken, 'RemediationStateMachineRole', 'lambda:InvokeFunction').Resource = [
      { 'Fn::GetAtt': ['RequestApprovalLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['ExecuteActionLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['HealthLambdaFunction', 'Arn'] },
    ];
    const violations = findStateMachineInvokeViolations(broken);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(
      /^RemediationStateMachineRole\/remediation-state-machine#0 lets RemediationStateMachine invoke .*HealthLambdaFunction/,
    );
    expect(violations[1]).toBe(
      'RemediationStateMachine calls RecordOutcomeLambdaFunction but its role RemediationStateMachineRole cannot invoke it',
    );
  });

  it('flags a state machine running as a role outside the template', () => {
    const broken = brokenCopy();
    remediationProperties(broken).RoleArn = 'arn:aws:iam::123456789012:role/StepFunctionsAdmin';
    expect(findStateMachineInvokeViolations(broken)).toEqual([
      'RemediationStateMachine has RoleArn "arn:aws:iam::123456789012:role/StepFunctionsAdmin", not Fn::GetAtt of an AWS::IAM::Role in the template',
    ]);
  });

  it('flags task-token and StartExecution grants on "*", on any state machine, or on a literal ARN', () => {
    const broken = brokenCopy();
    statementWith(broken, 'ApproveApprovalRole', 'states:SendTaskSuccess').Resource = '*';
    statementWith(broken, 'RequestActionRole', 'states:StartExecution').Resource = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub, not a JavaScript template
      'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*',
    };
    statementWith(broken, 'ExpireApprovalsRole', 'states:SendTaskFailure').Resource =
      'arn:aws:states:eu-west-1:123456789012:stateMachine:alertgate-dev-remediation';
    const violations = findStateMachineGrantViolations(broken);
    expect(violations).toHaveLength(3);
    expect(violations[0]).toBe(
      'ExpireApprovalsRole/expire-approvals#6 grants states:SendTaskFailure on "arn:aws:states:eu-west-1:123456789012:stateMachine:alertgate-dev-remediation", not on a state machine of this template',
    );
    expect(violations[1]).toBe(
      'ApproveApprovalRole/approve-approval#5 grants states:SendTaskSuccess, states:SendTaskFailure on "*", not on a state machine of this template',
    );
    expect(violations[2]).toMatch(/^RequestActionRole\/request-action#4 grants states:StartExecution on .*stateMachine:\*/);
  });

  it('flags a state machine without tracing, logging execution data, to a log group that keeps events forever', () => {
    const broken = brokenCopy();
    const properties = remediationProperties(broken);
    properties.TracingConfiguration = { Enabled: false };
    if (isRecord(properties.LoggingConfiguration)) properties.LoggingConfiguration.IncludeExecutionData = true;
    delete resource(broken, 'RemediationStateMachineLogGroup').Properties.RetentionInDays;
    expect(findStateMachineObservabilityViolations(broken)).toEqual([
      'RemediationStateMachine does not enable X-Ray tracing',
      'RemediationStateMachine logs execution data',
      'RemediationStateMachine logs to RemediationStateMachineLogGroup, which keeps its events forever',
    ]);
  });

  it('flags a state machine that does not log', () => {
    const broken = brokenCopy();
    remediationProperties(broken).LoggingConfiguration = { Level: 'OFF' };
    expect(findStateMachineObservabilityViolations(broken)).toEqual(['RemediationStateMachine does not log']);
  });

  it('flags a CommonJS bundle without a source map', () => {
    const bundle: BundleContents = {
      fileNames: ['functions/http/health.js'],
      text: new Map([['functions/http/health.js', 'exports.handler = async () => ({});']]),
    };
    expect(findBundleViolations('functions/http/health.handler', bundle)).toEqual([
      'functions/http/health.js is bundled, so the handler may load as CommonJS',
      'functions/http/health.mjs is missing',
      'functions/http/health.mjs.map is missing',
    ]);
  });

  it('flags an .mjs bundle that neither exports the handler nor links its map', () => {
    const bundle: BundleContents = {
      fileNames: ['functions/http/health.mjs', 'functions/http/health.mjs.map'],
      text: new Map([
        ['functions/http/health.mjs', 'const a=1;export{a as main};'],
        ['functions/http/health.mjs.map', JSON.stringify({ version: 3, sources: ['../../shared/other.ts'], mappings: 'AAAA' })],
      ]),
    };
    expect(findBundleViolations('functions/http/health.handler', bundle)).toEqual([
      'functions/http/health.mjs has no ESM export of handler',
      'functions/http/health.mjs does not link health.mjs.map',
      'functions/http/health.mjs.map does not cover functions/http/health.ts',
    ]);
  });
});

describe('the SQS consumer rules, on hand-built templates', () => {
  /** A queue consumed by a function, as serverless writes an `sqs` event, with the parts each case varies. */
  function consumerTemplate(options: { visibilityTimeout: number; functionTimeout: number; responseTypes?: string[] }): CfnTemplate {
    return parseTemplate({
      Resources: {
        WorkQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: options.visibilityTimeout } },
        TriageLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: { Timeout: options.functionTimeout } },
        TriageEventSourceMappingSQSWorkQueue: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            EventSourceArn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] },
            FunctionName: { 'Fn::GetAtt': ['TriageLambdaFunction', 'Arn'] },
            BatchSize: 10,
            ...(options.responseTypes ? { FunctionResponseTypes: options.responseTypes } : {}),
          },
        },
      },
    });
  }

  it('recognises a mapping from a queue of the template to a function of the template', () => {
    expect(sqsEventSourceMappings(consumerTemplate({ visibilityTimeout: 180, functionTimeout: 30 }))).toMatchObject([
      { id: 'TriageEventSourceMappingSQSWorkQueue', queueId: 'WorkQueue', functionId: 'TriageLambdaFunction' },
    ]);
  });

  it('passes a consumer that reports batch item failures from a queue hiding messages for six times its timeout', () => {
    const good = consumerTemplate({ visibilityTimeout: 180, functionTimeout: 30, responseTypes: ['ReportBatchItemFailures'] });
    expect(findBatchFailureReportingViolations(good)).toEqual([]);
    expect(findConsumerVisibilityTimeoutViolations(good)).toEqual([]);
  });

  it('flags a mapping that does not report batch item failures', () => {
    expect(findBatchFailureReportingViolations(consumerTemplate({ visibilityTimeout: 180, functionTimeout: 30 }))).toEqual([
      'TriageEventSourceMappingSQSWorkQueue does not list ReportBatchItemFailures in FunctionResponseTypes',
    ]);
  });

  it('flags a mapping from an SQS ARN outside the template that does not report batch item failures', () => {
    const external = parseTemplate({
      Resources: {
        Consume: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:elsewhere', FunctionName: 'some-function' },
        },
      },
    });
    expect(findBatchFailureReportingViolations(external)).toEqual([
      'Consume does not list ReportBatchItemFailures in FunctionResponseTypes',
    ]);
    expect(findConsumerVisibilityTimeoutViolations(external)).toHaveLength(1);
  });

  it('flags a consumed queue that hides messages for less than six times the consumer timeout', () => {
    const bad = consumerTemplate({ visibilityTimeout: 179, functionTimeout: 30, responseTypes: ['ReportBatchItemFailures'] });
    expect(findConsumerVisibilityTimeoutViolations(bad)).toEqual([
      "WorkQueue has VisibilityTimeout 179 s, below 6 x TriageLambdaFunction's 30 s = 180 s",
    ]);
  });

  it('ignores event source mappings that do not read from SQS', () => {
    const stream = parseTemplate({
      Resources: {
        Consume: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { EventSourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/x', FunctionName: 'f' },
        },
      },
    });
    expect(sqsEventSourceMappings(stream)).toEqual([]);
  });
});
