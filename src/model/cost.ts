import type { ModelUsage } from '../types.js';

/** USD per million tokens (input, output), from the public Gemini price list. */
const PRICES: Record<string, { input: number; output: number }> = {
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-3-pro-preview': { input: 2, output: 12 },
  'gemini-3-flash-preview': { input: 0.5, output: 3 }
};
/** Unknown models are priced like the dearest known one, so a budget is never underestimated. */
const FALLBACK = { input: 2, output: 12 };

/** Price of a model (longest matching known name prefix, e.g. `gemini-2.5-flash-001`). */
export function priceOf(model: string): { input: number; output: number } {
  const name = model.replace(/^models\//, '');
  const key = Object.keys(PRICES)
    .filter(k => name === k || name.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? PRICES[key] : FALLBACK;
}

/** Estimated cost in USD of a call. */
export function estimateCost(model: string, promptTokens: number, outputTokens: number): number {
  const p = priceOf(model);
  return (promptTokens * p.input + outputTokens * p.output) / 1e6;
}

/** A fresh usage record. */
export function emptyUsage(): ModelUsage {
  return { calls: 0, promptTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };
}

/** Adds one call to a usage record (in place) and returns it. */
export function addUsage(
  usage: ModelUsage,
  model: string,
  promptTokens: number,
  outputTokens: number
): ModelUsage {
  usage.calls += 1;
  usage.promptTokens += promptTokens;
  usage.outputTokens += outputTokens;
  usage.estimatedCostUsd += estimateCost(model, promptTokens, outputTokens);
  return usage;
}
