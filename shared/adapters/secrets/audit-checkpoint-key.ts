/**
 * The key that signs audit checkpoints: given inline (locally; `npm start` generates one) or read
 * from the SSM SecureString the deployment names (in the cloud). Read once per container; a
 * failed read is not remembered, so one SSM hiccup does not break verification until the
 * container is recycled. Never logged.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AWS_CLIENT_LIMITS } from '../aws-clients.ts';
import { tracer } from '../observability.ts';
import { secretCache } from './secret-cache.ts';

export interface CheckpointKeySource {
  readonly inline?: string;
  readonly parameter?: string;
}

/** `undefined` when neither source is configured. */
export type CheckpointKeyReader = () => Promise<string | undefined>;

export function checkpointKeyReader(source: CheckpointKeySource, ssm: () => SSMClient = defaultSsm): CheckpointKeyReader {
  // Kept for the container's life once read; a failed read is tried again on the next call.
  const cache = secretCache({ ttlMs: Number.POSITIVE_INFINITY });
  return async () => {
    if (source.inline !== undefined) return source.inline;
    const { parameter } = source;
    if (parameter === undefined) return undefined;
    return cache(parameter, () => readParameter(parameter, ssm));
  };
}

async function readParameter(name: string, ssm: () => SSMClient): Promise<string> {
  const { Parameter } = await ssm().send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  if (Parameter?.Value === undefined || Parameter.Value === '') throw new Error(`SSM parameter ${name} has no value`);
  return Parameter.Value;
}

function defaultSsm(): SSMClient {
  return tracer.captureAWSv3Client(new SSMClient({ ...AWS_CLIENT_LIMITS }));
}
