/**
 * Steering: what people tell Nightwatch (ignore / unignore a fingerprint, quarantine / unquarantine a
 * flaky one, reset the breaker), as events with an audit entry each. Pure functions over the state;
 * the action takes them from workflow_dispatch inputs, the CLI from its commands.
 */
import { audit, emit } from './events.js';
import type { NightwatchState } from './port.js';

export type SteeringCommandName = 'ignore' | 'unignore' | 'quarantine' | 'unquarantine' | 'breaker-reset';

/** How long a quarantine lasts unless lifted (14 days). */
export const QUARANTINE_MS = 14 * 24 * 60 * 60 * 1000;

export interface SteeringRequest {
  command: SteeringCommandName;
  fingerprint?: string;
  actor: string;
  reason?: string;
  now?: Date;
}

/** Applies a steering command; `message` says in a sentence what changed (or that nothing did). */
export function steer(
  state: NightwatchState,
  req: SteeringRequest
): { state: NightwatchState; message: string; changed: boolean } {
  const now = req.now ?? new Date();
  const at = now.toISOString();
  const fp = req.fingerprint ?? '';
  const base = { at, actor: req.actor, reason: req.reason };
  let next = state;
  let message: string;
  let changed = true;
  switch (req.command) {
    case 'ignore':
      next = emit(state, { type: 'ignore', fingerprint: fp, ...base });
      message = `Fingerprint ${fp} is ignored: its failures are skipped until it is unignored.`;
      break;
    case 'unignore':
      changed = state.ignores[fp] !== undefined;
      if (changed) next = emit(state, { type: 'unignore', fingerprint: fp, ...base });
      message = changed
        ? `Fingerprint ${fp} is no longer ignored.`
        : `Fingerprint ${fp} was not ignored; nothing changed.`;
      break;
    case 'quarantine': {
      const until = new Date(now.getTime() + QUARANTINE_MS).toISOString();
      next = emit(state, { type: 'quarantine', fingerprint: fp, ...base, until });
      message = `Fingerprint ${fp} is quarantined until ${until}: its failures are re-run, never patched.`;
      break;
    }
    case 'unquarantine':
      changed = state.quarantines[fp] !== undefined;
      if (changed) next = emit(state, { type: 'unquarantine', fingerprint: fp, ...base });
      message = changed
        ? `Fingerprint ${fp} is no longer quarantined.`
        : `Fingerprint ${fp} was not quarantined; nothing changed.`;
      break;
    case 'breaker-reset':
      next = emit(state, { type: 'breaker-reset', at, actor: req.actor });
      message = 'The circuit breaker is reset: earlier failed fixes no longer count.';
      break;
  }
  next = audit(next, {
    at,
    actor: req.actor,
    action: req.command,
    ...(fp ? { fingerprint: fp } : {}),
    outcome: changed ? 'done' : 'unchanged',
    ...(req.reason ? { detail: req.reason } : {})
  });
  return { state: next, message, changed };
}
