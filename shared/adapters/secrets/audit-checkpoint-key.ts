/**
 * The keys of audit checkpoints (Ed25519), each given inline (locally; `npm start` generates a
 * pair) or read from the SSM parameter the deployment names (in the cloud):
 * - the private key (PKCS#8 PEM, a SecureString) only the checkpoint writer's role may read;
 * - the public keys (a JWKS or PEM, a plain String) the verifier and `GET /v1/audit/public-key` use.
 * Read once per container; a failed read is not remembered, so one SSM hiccup does not break
 * signing or verification until the container is recycled. Never logged.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type CheckpointKeys, checkpointKeysFrom } from '../../domain/audit/checkpoint.ts';
import { AWS_CLIENT_LIMITS } from '../aws-clients.ts';
import { tracer } from '../observability.ts';
import { secretCache } from './secret-cache.ts';

export interface KeySource {
  readonly inline?: string;
  readonly parameter?: string;
}

/** `undefined` when neither source is configured. */
export type KeyReader<T> = () => Promise<T | undefined>;

function keyText(source: KeySource, ssm: () => SSMClient): KeyReader<string> {
  // Kept for the container's life once read; a failed read is tried again on the next call.
  const cache = secretCache({ ttlMs: Number.POSITIVE_INFINITY });
  return async () => {
    if (source.inline !== undefined) return source.inline.replaceAll('\\n', '\n');
    const { parameter } = source;
    if (parameter === undefined) return undefined;
    return cache(parameter, () => readParameter(parameter, ssm));
  };
}

export function checkpointPrivateKey(source: KeySource, ssm: () => SSMClient = defaultSsm): KeyReader<KeyObject> {
  const text = keyText(source, ssm);
  return async () => {
    const pem = await text();
    return pem === undefined ? undefined : createPrivateKey(pem);
  };
}

export function checkpointPublicKeys(source: KeySource, ssm: () => SSMClient = defaultSsm): KeyReader<CheckpointKeys> {
  const text = keyText(source, ssm);
  return async () => {
    const keys = await text();
    return keys === undefined ? undefined : checkpointKeysFrom(keys);
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
