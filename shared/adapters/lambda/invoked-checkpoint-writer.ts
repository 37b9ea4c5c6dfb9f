/**
 * The checkpoint writer function, invoked synchronously for one tenant (AWS_ENDPOINT_URL_LAMBDA
 * points at serverless offline's Lambda port locally). Only the writer's role reads the key.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import type { CheckpointRequester } from '../../domain/audit/checkpoint-requester.ts';

const runSchema = z.object({ written: z.number().int(), unchanged: z.number().int(), refused: z.array(z.string()) });

export function invokedCheckpointWriter(client: LambdaClient, functionName: string): CheckpointRequester {
  return async (tenant) => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: JSON.stringify({ tenant }) }),
    );
    const text = output.Payload === undefined ? '' : Buffer.from(output.Payload).toString('utf8');
    if (output.FunctionError !== undefined) throw new Error(`the checkpoint writer failed: ${output.FunctionError} ${text.slice(0, 300)}`);
    return runSchema.parse(JSON.parse(text));
  };
}
