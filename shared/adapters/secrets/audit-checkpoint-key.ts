/**
 * The key that signs audit checkpoints: `AUDIT_CHECKPOINT_KEY` (locally; `npm start` generates
 * one) or the SSM SecureString named by `AUDIT_CHECKPOINT_KEY_PARAMETER` (in the cloud), read
 * once per container. Never logged.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { optionalEnv } from '../../entry/config/env.ts';

let cached: Promise<string | undefined> | undefined;

export function auditCheckpointKey(): Promise<string | undefined> {
  cached ??= (async () => {
    const inline = optionalEnv('AUDIT_CHECKPOINT_KEY');
    if (inline !== undefined) return inline;
    const parameter = optionalEnv('AUDIT_CHECKPOINT_KEY_PARAMETER');
    if (parameter === undefined) return undefined;
    const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    return Parameter?.Value;
  })();
  return cached;
}
