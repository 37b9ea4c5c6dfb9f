import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE, estimateCostUsd, priceFor } from '../../../../shared/adapters/llm/llm-cost.ts';

describe('the estimated cost of an LLM call', () => {
  it('prices a model by its family, whatever the provider calls it', () => {
    expect(priceFor('claude-3-5-haiku-20241022')).toEqual({ input: 1, output: 5 });
    expect(priceFor('anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual({ input: 1, output: 5 });
    expect(priceFor('eu.anthropic.claude-sonnet-4-20250514-v1:0')).toEqual({ input: 3, output: 15 });
    expect(priceFor('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceFor('amazon.nova-lite-v1:0')).toEqual({ input: 0.06, output: 0.24 });
  });

  it('uses the default price for models it does not know (self-hosted ones included)', () => {
    expect(priceFor('qwen2.5:7b-instruct')).toEqual(DEFAULT_PRICE);
  });

  it('adds input and output tokens at their prices, rounded to a millionth of a dollar', () => {
    expect(estimateCostUsd('gpt-4o-mini', { input: 1200, output: 80 })).toBe(0.000228);
    expect(estimateCostUsd('claude-sonnet-4', { input: 1_000_000, output: 1_000_000 })).toBe(18);
    expect(estimateCostUsd('anything', { input: 0, output: 0 })).toBe(0);
  });
});
