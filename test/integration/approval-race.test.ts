import { DescribeExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepFunctionsEndpoint } from '../../scripts/local/step-functions/server.ts';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/dynamo-approval-store.ts';
import { StepFunctionsRemediationWorkflow } from '../../shared/adapters/step-functions/step-functions-remediation.ts';
import { decideApproval } from '../../shared/app/remediation/decide-approval.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import type { RemediationWorkflow } from '../../shared/domain/remediation/remediation-workflow.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';
import { recordedRemediationDeps } from '../helpers/remediation-deps.ts';
import { startRemediationEndpoint } from '../helpers/remediation-endpoint.ts';
import { eventually } from '../support/eventually.ts';
import { storedApproval } from '../support/remediation-fixtures.ts';

const approvals = new DynamoApprovalStore(localDynamo(), emulators().tables.approvals);
let sfn: StepFunctionsEndpoint;
let client: SFNClient;
let tenant = '';
const executed: string[] = [];

beforeAll(async () => {
  tenant = freshTenant('race');
  ({ sfn, client } = await startRemediationEndpoint(async (functionName, payload) => {
    const input = payload as { taskToken?: string; request?: { approvalId: string; deadline: string } };
    if (functionName === 'request-approval' && input.request !== undefined) {
      const approval = storedApproval({
        tenant,
        id: input.request.approvalId,
        deadline: input.request.deadline,
        createdAt: new Date().toISOString(),
        taskToken: String(input.taskToken),
      });
      await approvals.create(approval);
      return { requested: approval.id };
    }
    if (functionName === 'execute-action') executed.push('restart_workload');
    return { ok: true };
  }));
});

afterAll(() => sfn.stop());

async function pendingApproval(id: string) {
  const deadline = new Date(Date.now() + 3_600_000).toISOString();
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn: sfn.stateMachineArn('remediation'),
      name: id,
      input: JSON.stringify({ approvalId: id, mode: 'approval', deadlineSeconds: 3600, deadline }),
    }),
  );
  await eventually(`approval ${id}`, () => approvals.get(tenant, id));
  return executionArn ?? '';
}

describe('ten approvers clicking at once on a one-approver request', () => {
  it('make exactly one transition and one SendTaskSuccess; the nine others get 409', async () => {
    const executionArn = await pendingApproval('ap-race');
    const executedBefore = executed.length;
    let resumed = 0;
    const real = new StepFunctionsRemediationWorkflow(client, sfn.stateMachineArn('remediation'));
    const counting: RemediationWorkflow = {
      start: (request) => real.start(request),
      approve: async (token, output) => {
        resumed++;
        return real.approve(token, output);
      },
      refuse: (token, error, cause) => real.refuse(token, error, cause),
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        decideApproval(
          { ...recordedRemediationDeps(counting), approvals },
          { subject: `approver-${i}`, tenant, roles: ['approver'], via: 'jwt' },
          'ap-race',
          { vote: 'approve' },
          'test',
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    expect(lost).not.toHaveLength(0);
    expect(lost.filter((r) => !(r.status === 'rejected' && r.reason instanceof ConflictError))).toEqual([]);
    expect(resumed).toBe(1);
    expect((await approvals.get(tenant, 'ap-race'))?.status).toBe('approved');

    const status = await eventually('the execution to end', async () => {
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described.status;
    });
    expect(status).toBe('SUCCEEDED');
    expect(executed.slice(executedBefore)).toEqual(['restart_workload']);
  });

  const deps = () => ({
    ...recordedRemediationDeps(new StepFunctionsRemediationWorkflow(client, sfn.stateMachineArn('remediation'))),
    approvals,
  });

  it('answers 409 to a vote on a decided approval', async () => {
    await pendingApproval('ap-decided');
    await decideApproval(deps(), { subject: 'first', tenant, roles: ['approver'], via: 'jwt' }, 'ap-decided', { vote: 'approve' }, 'test');

    await expect(
      decideApproval(deps(), { subject: 'late', tenant, roles: ['approver'], via: 'jwt' }, 'ap-decided', { vote: 'approve' }, 'test'),
    ).rejects.toThrow(ConflictError);
  });

  it("answers 404 for another tenant's approval, which stays pending for its own", async () => {
    await pendingApproval('ap-foreign');

    await expect(
      decideApproval(
        deps(),
        { subject: 'x', tenant: `${tenant}-other`, roles: ['approver'], via: 'jwt' },
        'ap-foreign',
        { vote: 'approve' },
        'test',
      ),
    ).rejects.toThrow(/No approval/);
    expect((await approvals.get(tenant, 'ap-foreign'))?.status).toBe('pending');
  });
});
