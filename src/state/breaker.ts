/**
 * The circuit breaker: after N consecutive failed heals, stop attempting repairs for a cool-down.
 * Once the cool-down is over one attempt is let through (half-open); if it fails too, the breaker
 * opens again at once, since the count is still at the threshold.
 */
import type { NightwatchState } from './port.js';

/** Tuning of the breaker. */
export interface BreakerOptions {
  /** Consecutive failed heals that open the breaker. */
  threshold: number;
  /** How long it stays open, in ms. */
  coolDownMs: number;
}

/** 3 failures in a row open the breaker for 6 hours. */
export const DEFAULT_BREAKER: BreakerOptions = { threshold: 3, coolDownMs: 6 * 60 * 60 * 1000 };

/** How an outcome moves the breaker: a fix closes it, a failed heal counts, anything else is neutral. */
export type BreakerEffect = 'success' | 'failure' | 'neutral';

/** The breaker effect of a HealStatus (`fixed` / `escalated`, `error` / the rest). */
export function breakerEffect(status: string): BreakerEffect {
  if (status === 'fixed') return 'success';
  if (status === 'escalated' || status === 'error') return 'failure';
  return 'neutral';
}

/** Whether repairs are paused at `now`. */
export function isOpen(state: NightwatchState, now: Date = new Date()): boolean {
  const until = state.breaker.openUntil;
  return until !== undefined && now.getTime() < Date.parse(until);
}

/** Records the outcome of one heal (a HealStatus or an effect) and opens/closes the breaker. */
export function recordOutcome(
  state: NightwatchState,
  outcome: string,
  now: Date = new Date(),
  options: BreakerOptions = DEFAULT_BREAKER
): NightwatchState {
  const effect =
    outcome === 'success' || outcome === 'failure' || outcome === 'neutral'
      ? outcome
      : breakerEffect(outcome);
  if (effect === 'neutral') return state;
  if (effect === 'success') return { ...state, breaker: { consecutiveFailures: 0 } };
  const consecutiveFailures = state.breaker.consecutiveFailures + 1;
  if (consecutiveFailures >= options.threshold) {
    return {
      ...state,
      breaker: { consecutiveFailures, openUntil: new Date(now.getTime() + options.coolDownMs).toISOString() }
    };
  }
  return { ...state, breaker: { ...state.breaker, consecutiveFailures } };
}
