import type { GitHub } from '../delivery/ports.js';
import type { FailedRun } from '../types.js';
import { toFailedRun } from '../delivery/run-record.js';

export { toFailedRun };

/** The run could not be resolved from the event and the inputs. */
export class ResolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveError';
  }
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

/**
 * Finds the run to heal: the `run-id` input wins; otherwise the `workflow_run` payload names it.
 * A dispatch without `run-id` is an error that says what to pass.
 */
export async function resolveRun(
  eventName: string,
  payload: Json,
  runIdInput: number | undefined,
  owner: string,
  repo: string,
  github: GitHub
): Promise<FailedRun> {
  if (runIdInput !== undefined) return github.getRun(runIdInput);
  if (eventName === 'workflow_run') {
    const run = obj(payload.workflow_run);
    if (!run.id) throw new ResolveError('The workflow_run event payload has no workflow_run.id.');
    return toFailedRun(run, owner, repo, num(obj(payload.repository).id) || undefined);
  }
  if (eventName === 'workflow_dispatch') {
    const inputs = obj(payload.inputs);
    const fromInputs = str(inputs['run-id'] ?? inputs.run_id ?? inputs.runId).trim();
    if (/^\d+$/.test(fromInputs)) return github.getRun(Number(fromInputs));
    throw new ResolveError(
      "No run to heal: on workflow_dispatch the 'run-id' input is required. " +
        "Pass the id of the failed run, e.g. `run-id: ${{ inputs.run-id }}` with a 'run-id' workflow_dispatch input."
    );
  }
  throw new ResolveError(
    `Nightwatch does not know which run to heal on a '${eventName}' event. ` +
      "Trigger it on workflow_run (types: [completed]) or pass the 'run-id' input."
  );
}
