/** Starts DynamoDB Local and fauxqs once for the integration tests, with the project's tables and queues. */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../scripts/local/local-stack.ts';

export interface Emulators {
  readonly region: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string };
  readonly queues: Readonly<Record<string, string>>;
  readonly stage: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: Emulators;
  }
}

export default async function setup(project: TestProject) {
  const stage = 'test';
  const stack = await startLocalStack({ root: join(import.meta.dirname, '..', '..'), stage });
  project.provide('emulators', { region: stack.region, endpoints: stack.endpoints, queues: stack.queues, stage });
  return () => stack.stop();
}
