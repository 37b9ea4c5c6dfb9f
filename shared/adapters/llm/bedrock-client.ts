/**
 * Amazon Bedrock through the Converse API. The SDK resolves the endpoint itself
 * (AWS_ENDPOINT_URL_BEDROCK_RUNTIME reaches a local fake or a VPC endpoint) and signs with the
 * function's role: no API key. A tenant cannot point Bedrock elsewhere, since a signed request
 * carries the role's session token.
 */
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { tracer } from '../observability.ts';
import {
  kindForStatus,
  type LlmClient,
  type LlmRequest,
  type LlmResponse,
  ProviderError,
  providerErrorForTransport,
} from './llm-client.ts';

let shared: BedrockRuntimeClient | undefined;

/**
 * The container's Bedrock Runtime client, made on first use. Its own retries are off
 * (`maxAttempts: 1`): the router step's policy owns retries and the time budget.
 */
export function bedrockRuntime(): BedrockRuntimeClient {
  shared ??= tracer.captureAWSv3Client(new BedrockRuntimeClient({ maxAttempts: 1 }));
  return shared;
}

export class BedrockLlmClient implements LlmClient {
  readonly #client: BedrockRuntimeClient;
  readonly #modelId: string;

  constructor(client: BedrockRuntimeClient, modelId: string) {
    this.#client = client;
    this.#modelId = modelId;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    let output: ConverseCommandOutput;
    try {
      output = await this.#client.send(
        new ConverseCommand({
          modelId: this.#modelId,
          system: [{ text: request.system }],
          messages: [{ role: 'user', content: [{ text: request.user }] }],
          inferenceConfig: { maxTokens: request.maxTokens, temperature: 0 },
        }),
        { abortSignal: request.signal },
      );
    } catch (error: unknown) {
      throw bedrockError(error, request.signal);
    }
    const blocks = converseBlocks(output.output);
    if (blocks === undefined) throw new ProviderError('answer is not a Converse response', { kind: 'invalid-response' });
    return {
      text: blocks.join(''),
      inputTokens: output.usage?.inputTokens ?? 0,
      outputTokens: output.usage?.outputTokens ?? 0,
    };
  }
}

function converseBlocks(output: unknown): string[] | undefined {
  if (typeof output !== 'object' || output === null || !('message' in output)) return undefined;
  const message = output.message;
  if (typeof message !== 'object' || message === null || !('content' in message) || !Array.isArray(message.content)) return undefined;
  return message.content.flatMap((block: unknown) =>
    typeof block === 'object' && block !== null && 'text' in block && typeof block.text === 'string' ? [block.text] : [],
  );
}

/** SDK exceptions carry the HTTP status and a modelled name (ThrottlingException, …), both safe to show. */
function bedrockError(error: unknown, signal: AbortSignal): ProviderError {
  if (signal.aborted || (error instanceof Error && error.name === 'AbortError')) return providerErrorForTransport(error, signal);
  const status = error instanceof Error && '$metadata' in error ? httpStatus(error.$metadata) : undefined;
  if (status === undefined || !(error instanceof Error)) return providerErrorForTransport(error, signal);
  const kind =
    error.name === 'ModelNotReadyException' || error.name === 'ServiceQuotaExceededException' ? 'rate-limited' : kindForStatus(status);
  return new ProviderError(`${status} ${error.name}`, { kind, status }, { cause: error });
}

function httpStatus(metadata: unknown): number | undefined {
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}
