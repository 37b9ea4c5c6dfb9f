/**
 * An ESTIMATE of what an LLM call cost, in USD, from a small table of list prices per million
 * tokens by model family. It is for dashboards and budgets of magnitude, not for billing: prices
 * change, differ by region, and discounts, caching and batch pricing are ignored. Unknown models
 * (self-hosted ones included) get the default row.
 */

export interface TokenPrice {
  /** USD per million input tokens. */
  readonly input: number;
  /** USD per million output tokens. */
  readonly output: number;
}

/** First match wins: more specific patterns come before the family they belong to. */
export const PRICE_TABLE: readonly { readonly family: RegExp; readonly price: TokenPrice }[] = [
  { family: /haiku/i, price: { input: 1, output: 5 } },
  { family: /sonnet/i, price: { input: 3, output: 15 } },
  { family: /opus/i, price: { input: 15, output: 75 } },
  { family: /gpt-4o-mini/i, price: { input: 0.15, output: 0.6 } },
  { family: /gpt-4o/i, price: { input: 2.5, output: 10 } },
  { family: /gpt-4\.1-nano/i, price: { input: 0.1, output: 0.4 } },
  { family: /gpt-4\.1-mini/i, price: { input: 0.4, output: 1.6 } },
  { family: /gpt-4\.1/i, price: { input: 2, output: 8 } },
  { family: /gpt-5[\w.]*-nano/i, price: { input: 0.05, output: 0.4 } },
  { family: /gpt-5[\w.]*-mini/i, price: { input: 0.25, output: 2 } },
  { family: /gpt-5/i, price: { input: 1.25, output: 10 } },
  { family: /\bo[34]-mini/i, price: { input: 1.1, output: 4.4 } },
  { family: /nova-micro/i, price: { input: 0.035, output: 0.14 } },
  { family: /nova-lite/i, price: { input: 0.06, output: 0.24 } },
  { family: /nova-pro/i, price: { input: 0.8, output: 3.2 } },
  { family: /llama/i, price: { input: 0.72, output: 0.72 } },
  { family: /mistral|mixtral/i, price: { input: 0.5, output: 1.5 } },
];

export const DEFAULT_PRICE: TokenPrice = { input: 1, output: 4 };

export function priceFor(model: string): TokenPrice {
  return PRICE_TABLE.find((row) => row.family.test(model))?.price ?? DEFAULT_PRICE;
}

/** Estimated USD for one call, rounded to a millionth of a dollar. */
export function estimateCostUsd(model: string, tokens: { readonly input: number; readonly output: number }): number {
  const price = priceFor(model);
  const usd = (tokens.input * price.input + tokens.output * price.output) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
