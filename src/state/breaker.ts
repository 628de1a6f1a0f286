/**
 * The circuit breaker: `threshold` failed fixes (escalations, errors, fix PRs closed unmerged) within
 * `windowMs` open it for `coolDownMs`; while open Nightwatch only diagnoses, and says why. Once the
 * cool-down is over one attempt is let through (half-open); if it fails too, the failure before it is
 * still in the window and the breaker opens again. `breaker reset` forgets the failures before it.
 * The state keeps only the failure times, so the thresholds are settings read at each run.
 */
import type { NightwatchState } from './port.js';

/** Tuning of the breaker (settings: breaker-threshold, breaker-window-minutes, breaker-cooldown-minutes). */
export interface BreakerOptions {
  /** Failed fixes within the window that open the breaker. */
  threshold: number;
  /** The window the failures are counted in, in ms. */
  windowMs: number;
  /** How long it stays open, in ms. */
  coolDownMs: number;
}

/** 2 failed fixes within an hour open the breaker for 30 minutes. */
export const DEFAULT_BREAKER: BreakerOptions = {
  threshold: 2,
  windowMs: 60 * 60 * 1000,
  coolDownMs: 30 * 60 * 1000
};

/** How an outcome moves the breaker: a fix closes it, a failed heal counts, anything else is neutral. */
export type BreakerEffect = 'success' | 'failure' | 'neutral';

/** The breaker effect of a HealStatus (`fixed` / `escalated`, `error` / the rest). */
export function breakerEffect(status: string): BreakerEffect {
  if (status === 'fixed') return 'success';
  if (status === 'escalated' || status === 'error') return 'failure';
  return 'neutral';
}

/** Where the breaker stands at a time. */
export interface BreakerStatus {
  open: boolean;
  /** When it closes (open) or closed (the last trip). */
  until?: string;
  /** The failures counted (after the last reset, within the window of the last trip). */
  failures: number;
  /** A sentence saying why it is open, when it is. */
  reason?: string;
}

/** The breaker at `now` under `options`. */
export function breakerStatus(
  state: NightwatchState,
  now: Date = new Date(),
  options: BreakerOptions = DEFAULT_BREAKER
): BreakerStatus {
  const reset = state.breaker.resetAt ? Date.parse(state.breaker.resetAt) : -Infinity;
  const times = (state.breaker.failures ?? [])
    .map(t => Date.parse(t))
    .filter(t => t > reset && t <= now.getTime())
    .sort((a, b) => a - b);
  let tripAt: number | undefined;
  let counted = 0;
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.slice(0, i + 1).filter(t => t > times[i] - options.windowMs).length;
    if (inWindow >= options.threshold) {
      tripAt = times[i];
      counted = inWindow;
    }
  }
  if (tripAt === undefined) return { open: false, failures: times.length };
  const until = new Date(tripAt + options.coolDownMs).toISOString();
  if (now.getTime() >= tripAt + options.coolDownMs) return { open: false, until, failures: counted };
  const minutes = Math.round(options.windowMs / 60000);
  return {
    open: true,
    until,
    failures: counted,
    reason:
      `circuit breaker open until ${until}: ${counted} failed fixes (escalations, errors or fix PRs closed ` +
      `unmerged) within ${minutes} minutes, at or above the threshold of ${options.threshold}; ` +
      `Nightwatch only diagnoses until then (reset it with the 'breaker-reset' command)`
  };
}

/** Whether repairs are paused at `now`. */
export function isOpen(
  state: NightwatchState,
  now: Date = new Date(),
  options: BreakerOptions = DEFAULT_BREAKER
): boolean {
  return breakerStatus(state, now, options).open;
}

/** Records the outcome of one heal (a HealStatus or an effect) at `now` (pure). */
export function recordOutcome(
  state: NightwatchState,
  outcome: string,
  now: Date = new Date()
): NightwatchState {
  const effect =
    outcome === 'success' || outcome === 'failure' || outcome === 'neutral'
      ? outcome
      : breakerEffect(outcome);
  if (effect === 'neutral') return state;
  if (effect === 'success') return { ...state, breaker: { ...state.breaker, consecutiveFailures: 0 } };
  const failures = [...(state.breaker.failures ?? []), now.toISOString()]
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .slice(-50);
  const rest = { ...state.breaker };
  delete rest.openUntil;
  return {
    ...state,
    breaker: { ...rest, consecutiveFailures: state.breaker.consecutiveFailures + 1, failures }
  };
}
