import type { ModelUsage } from '../types.js';

/**
 * USD per million tokens (input, output; output includes thinking), standard paid tier, prompts up
 * to 200k tokens. Source: https://ai.google.dev/gemini-api/docs/pricing and the model pages, read
 * 2026-11-29. gemini-3.8-flash has an introductory price until 2026-12-31 ($0.75 / $3.75) and
 * $1.50 / $7.50 from 2027-01-01; `until` keeps both. Retired ids keep their last price, so a run
 * that still names one is priced, not refused.
 */
interface Price {
  input: number;
  output: number;
  /** Last day (UTC, inclusive) of this price; the `then` price applies after it. */
  until?: string;
  then?: { input: number; output: number };
}
const PRICES: Record<string, Price> = {
  'gemini-3.8-flash': { input: 0.75, output: 3.75, until: '2026-12-31', then: { input: 1.5, output: 7.5 } },
  'gemini-3.7-flash': { input: 0.75, output: 3.75 },
  'gemini-3.6-flash': { input: 1.5, output: 7.5 },
  'gemini-3.5-flash': { input: 1.5, output: 9 },
  'gemini-3.5-flash-lite': { input: 0.3, output: 2.5 },
  'gemini-3.1-flash-lite': { input: 0.25, output: 1.5 },
  'gemini-3.1-pro-preview': { input: 2, output: 12 },
  'gemini-3-flash-preview': { input: 0.5, output: 3 },
  'gemini-3-pro-preview': { input: 2, output: 12 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 }
};
/** Unknown models are priced like the dearest known one, so a budget is never underestimated. */
const FALLBACK = { input: 2, output: 12 };

/** Price of a model on a day (longest matching known name prefix, e.g. `gemini-2.5-flash-001`). */
export function priceOf(model: string, at: Date = new Date()): { input: number; output: number } {
  const name = model.replace(/^models\//, '');
  const key = Object.keys(PRICES)
    .filter(k => name === k || name.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  if (!key) return FALLBACK;
  const p = PRICES[key];
  if (p.until && p.then && at.toISOString().slice(0, 10) > p.until) return p.then;
  return { input: p.input, output: p.output };
}

/** Estimated cost in USD of a call. */
export function estimateCost(
  model: string,
  promptTokens: number,
  outputTokens: number,
  at: Date = new Date()
): number {
  const p = priceOf(model, at);
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
