/**
 * A webhook receiver for the drills (a notification target, a remediation webhook) that records
 * every delivery attempt (its delivery id, from the `X-Alertgate-Delivery` header) and answers 503
 * while it is failing, 204 otherwise, after `delayMs` when that is set.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIVERY_HEADER } from '../../shared/adapters/executors/request-plans.ts';

export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly status: number;
  readonly at: number;
}

export interface FlakyWebhook {
  readonly url: string;
  readonly attempts: DeliveryAttempt[];
  /** While true, every delivery is answered 503. */
  failing: boolean;
  /** How long each answer waits (0: none). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFlakyWebhook(): Promise<FlakyWebhook> {
  const attempts: DeliveryAttempt[] = [];
  const state = { failing: false, delayMs: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const status = state.failing ? 503 : 204;
      attempts.push({ deliveryId: String(request.headers[DELIVERY_HEADER.toLowerCase()] ?? ''), status, at: Date.now() });
      setTimeout(() => response.writeHead(status).end(), state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/drill`,
    attempts,
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
