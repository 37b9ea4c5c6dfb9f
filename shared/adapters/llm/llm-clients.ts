/** Picks the adapter for a provider's type. */
import type { ProviderConfig } from '../../domain/tenants/tenant-config.ts';
import type { Fetch } from '../outbound-http/http-request.ts';
import { AnthropicLlmClient } from './anthropic-client.ts';
import { BedrockLlmClient, bedrockRuntime } from './bedrock-client.ts';
import { type LlmClient, ProviderError } from './llm-client.ts';
import { OpenAiLlmClient } from './openai-client.ts';

/** Makes the client for one provider, with its resolved API key (none for Bedrock). */
export type LlmClientFactory = (provider: ProviderConfig, apiKey: string | undefined) => LlmClient;

/** The clients, whose HTTP requests go through `fetch` (egressFetch(rules) in production). */
export function llmClients(fetch: Fetch): LlmClientFactory {
  return (provider, apiKey) => {
    switch (provider.type) {
      case 'bedrock':
        return new BedrockLlmClient(bedrockRuntime(), provider.model);
      case 'openai':
        return new OpenAiLlmClient({ model: provider.model, baseUrl: provider.baseUrl, apiKey, fetch });
      case 'anthropic':
        if (apiKey === undefined) throw new ProviderError('no API key configured (apiKeyRef)', { kind: 'auth' });
        return new AnthropicLlmClient({ model: provider.model, baseUrl: provider.baseUrl, apiKey, fetch });
    }
  };
}
