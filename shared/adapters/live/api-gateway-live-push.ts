/** Sends to a live connection through API Gateway's management API (serverless offline's, locally). */
import { type ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { LivePush } from '../../domain/live/live-updates.ts';

export class ApiGatewayLivePush implements LivePush {
  readonly #client: ApiGatewayManagementApiClient;

  constructor(client: ApiGatewayManagementApiClient) {
    this.#client = client;
  }

  async send(connectionId: string, message: string): Promise<'sent' | 'gone'> {
    try {
      await this.#client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(message) }));
      return 'sent';
    } catch (error: unknown) {
      if (error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410)
        return 'gone';
      throw error;
    }
  }
}
