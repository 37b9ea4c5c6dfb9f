/**
 * SQS requests as SQS bills them: every API call is a request, and each 64 KB chunk of its
 * payload one more (a SendMessageBatch of 10 × 20 KB messages is 4). Counted by who made them,
 * by call and by kind of queue (FIFO queues cost more): the functions' own calls through the
 * client's middleware, and the polling Lambda's event source mapping does on their behalf
 * through `polled`.
 */
import type { MiddlewareStack } from '@smithy/types';
import type { SQSRecord } from 'aws-lambda';
import { SQS_BILLED_CHUNK_BYTES } from './aws-prices.ts';

export type QueueKind = 'standard' | 'fifo';

export interface SqsRequests {
  calls: number;
  /** Calls counted in 64 KB chunks of payload. */
  billed: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Requests billed for one call carrying `bytes` of messages: one per started 64 KB. */
export function billedRequests(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / SQS_BILLED_CHUNK_BYTES));
}

/** A message's payload: its body and its attributes' names, types and values. */
function messageBytes(body: unknown, attributes: unknown): number {
  let bytes = Buffer.byteLength(text(body));
  for (const [name, attribute] of Object.entries(isRecord(attributes) ? attributes : {})) {
    const value = isRecord(attribute) ? attribute : {};
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text(value.DataType ?? value.dataType));
    bytes += Buffer.byteLength(text(value.StringValue ?? value.stringValue));
  }
  return bytes;
}

function sentBytes(command: string, input: Record<string, unknown>): number {
  if (command === 'SendMessage') return messageBytes(input.MessageBody, input.MessageAttributes);
  if (command !== 'SendMessageBatch' || !Array.isArray(input.Entries)) return 0;
  return input.Entries.reduce(
    (sum: number, entry) => sum + (isRecord(entry) ? messageBytes(entry.MessageBody, entry.MessageAttributes) : 0),
    0,
  );
}

function kindOf(queue: string): QueueKind {
  return queue.endsWith('.fifo') ? 'fifo' : 'standard';
}

export class SqsRequestMeter {
  /** By scope, then `Command (kind)`. */
  readonly byScope = new Map<string, Map<string, SqsRequests & { kind: QueueKind }>>();
  readonly #scopeOf: () => string;

  constructor(scopeOf: () => string) {
    this.#scopeOf = scopeOf;
  }

  attach(client: { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> }): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const input = 'input' in args && isRecord(args.input) ? args.input : {};
        const queue = text(input.QueueUrl) || text(input.QueueName);
        this.#count(this.#scopeOf(), command, kindOf(queue), billedRequests(sentBytes(command, input)));
        return next(args);
      },
      { step: 'initialize', name: 'meter-sqs-requests' },
    );
  }

  /**
   * What Lambda's poller spent delivering one batch to `scope`: the ReceiveMessage that returned it
   * (its messages are its payload) and, when any record succeeded, the DeleteMessageBatch after.
   */
  polled(scope: string, records: readonly SQSRecord[], failed: number): void {
    const kind = kindOf(records[0]?.eventSourceARN ?? '');
    const bytes = records.reduce((sum, record) => sum + messageBytes(record.body, record.messageAttributes), 0);
    this.#count(scope, 'ReceiveMessage', kind, billedRequests(bytes));
    if (failed < records.length) this.#count(scope, 'DeleteMessageBatch', kind, 1);
  }

  reset(): void {
    this.byScope.clear();
  }

  /** Billed requests summed over scopes and calls, by kind of queue. */
  billedByKind(): Record<QueueKind, number> {
    const sums: Record<QueueKind, number> = { standard: 0, fifo: 0 };
    for (const calls of this.byScope.values()) for (const call of calls.values()) sums[call.kind] += call.billed;
    return sums;
  }

  #count(scope: string, command: string, kind: QueueKind, billed: number): void {
    const calls = this.byScope.get(scope) ?? new Map<string, SqsRequests & { kind: QueueKind }>();
    this.byScope.set(scope, calls);
    const key = `${command} (${kind})`;
    const counted = calls.get(key) ?? { calls: 0, billed: 0, kind };
    counted.calls++;
    counted.billed += billed;
    calls.set(key, counted);
  }
}
