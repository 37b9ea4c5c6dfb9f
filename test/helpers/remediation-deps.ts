/** Remediation use-case dependencies on DynamoDB Local, with the audit log and notifications recorded in memory. */

import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoIncidentStore } from '../../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoTargetStore } from '../../shared/adapters/dynamodb/dynamo-target-store.ts';
import type { RemediationDeps } from '../../shared/app/remediation/deps.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import type { NotificationEvent } from '../../shared/domain/notifications/notification-event.ts';
import type { RemediationWorkflow } from '../../shared/domain/remediation/remediation-workflow.ts';
import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '../../shared/domain/tenants/tenant-config.ts';
import { recordingLog } from '../support/recording-log.ts';
import { emulators, localDynamo } from './local-clients.ts';

export interface RecordedDeps extends RemediationDeps {
  readonly audited: AuditEvent[];
  readonly notified: NotificationEvent[];
}

export function recordedRemediationDeps(
  workflow: RemediationWorkflow,
  options: { config?: TenantConfig; now?: () => Date } = {},
): RecordedDeps {
  const audited: AuditEvent[] = [];
  const notified: NotificationEvent[] = [];
  const config = options.config ?? {
    ...DEFAULT_TENANT_CONFIG,
    notifications: {
      targets: [
        { id: 'ops', type: 'webhook', url: 'https://hooks.example.com/x', events: ['requested', 'decided', 'expired', 'executed'] },
      ],
    },
  };
  return {
    alerts: new DynamoAlertStore(localDynamo(), emulators().tables.alerts),
    approvals: new DynamoApprovalStore(localDynamo(), emulators().tables.approvals),
    incidents: new DynamoIncidentStore(localDynamo(), emulators().tables.incidents),
    targets: new DynamoTargetStore(localDynamo(), emulators().tables.incidents),
    limiter: new DynamoRateLimiter(localDynamo(), emulators().tables.providerState),
    workflow,
    log: recordingLog(),
    audit: {
      send: async (events) => {
        audited.push(...events);
      },
    },
    configOf: async () => config,
    notify: async (targets, event) => {
      if (targets.some((target) => target.events.includes(event.type))) notified.push(event);
      return [];
    },
    publicBaseUrl: 'https://alertgate.example.com',
    ...(options.now === undefined ? {} : { now: options.now }),
    audited,
    notified,
  };
}
