/**
 * Alerts about Nightwatch itself (not about the failures it heals): Docker unavailable, a token
 * refused, a run that cannot be resolved, state that cannot be saved. Each kind is told once per
 * UTC day, not per run: the state remembers when each kind was last told (an `alert` event).
 */
import { emit } from './events.js';
import type { NightwatchState } from './port.js';

export type SelfAlertKind = 'docker-unavailable' | 'token-refused' | 'run-unresolved' | 'state-unsaved';

export const SELF_ALERT_KINDS: readonly SelfAlertKind[] = [
  'docker-unavailable',
  'token-refused',
  'run-unresolved',
  'state-unsaved'
];

/** What each kind means for the people reading the alert, and what to do. */
export const SELF_ALERT_TITLES: Record<SelfAlertKind, string> = {
  'docker-unavailable':
    'Docker is not available on the runner: failures are diagnosed from their logs only, never reproduced or fixed (run Nightwatch on ubuntu-latest, or an image it can pull)',
  'token-refused':
    'GitHub refused a token: Nightwatch cannot read runs or deliver fixes (renew the app token, or grant the workflow the permissions it needs)',
  'run-unresolved':
    'a failed run could not be resolved: Nightwatch could not tell which run to heal (check the run-id input and the trigger)',
  'state-unsaved':
    "Nightwatch's state could not be saved: what it learns and did is not remembered (check the artifact service and the workflow's actions permission)"
};

/** One failure of Nightwatch itself in this run. */
export interface SelfFailure {
  kind: SelfAlertKind;
  message: string;
}

/**
 * The kind of a warning or error Nightwatch wrote about itself, or undefined when it is not one:
 * read from the sentences the pipeline writes (run.ts, main.ts) and the error's name.
 */
export function classifySelfFailure(message: string, errorName?: string): SelfAlertKind | undefined {
  // A ResolveError, or GitHub's 404 for the run itself (a run-id that is not a run of this repository).
  if (errorName === 'ResolveError' || /workflow-runs#get-a-workflow-run/.test(message))
    return 'run-unresolved';
  if (/^Cannot reproduce: .*docker/is.test(message)) return 'docker-unavailable';
  if (/^Could not save the state\b/.test(message)) return 'state-unsaved';
  if (/The (github|app)-token was refused|Bad credentials/.test(message)) return 'token-refused';
  return undefined;
}

/** The distinct self failures among warnings and the run's error (first message of each kind). */
export function selfFailures(
  warnings: readonly string[],
  error?: { message: string; name?: string }
): SelfFailure[] {
  const found = new Map<SelfAlertKind, string>();
  const note = (message: string, name?: string): void => {
    const kind = classifySelfFailure(message, name);
    if (kind && !found.has(kind)) found.set(kind, message);
  };
  for (const w of warnings) note(w);
  if (error) note(error.message, error.name);
  return [...found.entries()].map(([kind, message]) => ({ kind, message }));
}

/** When `kind` was last told, if it was told on the UTC day of `now`. */
export function alertedToday(
  state: NightwatchState,
  kind: SelfAlertKind,
  now = new Date()
): string | undefined {
  const last = state.alerts?.[kind];
  return last !== undefined && last.slice(0, 10) === now.toISOString().slice(0, 10) ? last : undefined;
}

/** Records that `kind` was told at `now` (an event of this run). */
export function recordAlert(state: NightwatchState, kind: SelfAlertKind, now = new Date()): NightwatchState {
  return emit(state, { type: 'alert', at: now.toISOString(), kind });
}
