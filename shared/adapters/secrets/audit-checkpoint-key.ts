/**
 * The key that signs audit checkpoints: given inline (locally; `npm start` generates one) or read
 * from the SSM SecureString the deployment names (in the cloud). Read once per container; a
 * failed read is not remembered, so one SSM hiccup does not break verification until the
 * container is recycled. Never logged.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AWS_CLIENT_LIMITS } from '../aws-clients.ts';
import { tracer } from '../observability.ts';

export interface CheckpointKeySource {
  readonly inline?: string;
  readonly parameter?: string;
}

/** `undefined` when neither source is configured. */
export type CheckpointKeyReader = () => Promise<string | undefined>;

export function checkpointKeyReader(source: CheckpointKeySource, ssm: () => SSMClient = defaultSsm): CheckpointKeyReader {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    cached ??= read(source, ssm).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function read(source: CheckpointKeySource, ssm: () => SSMClient): Promise<string | undefined> {
  if (source.inline !== undefined) return source.inline;
  if (source.parameter === undefined) return undefined;
  const { Parameter } = await ssm().send(new GetParameterCommand({ Name: source.parameter, WithDecryption: true }));
  return Parameter?.Value;
}

function defaultSsm(): SSMClient {
  return tracer.captureAWSv3Client(new SSMClient({ ...AWS_CLIENT_LIMITS }));
}
