import type { Git, GitHub, Logger } from '../delivery/ports.js';
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

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function positiveInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * A `workflow_run` payload is GitHub's: a run object with a numeric id and a commit sha. One that is
 * not (a hand-made or corrupted event file) is an error that names the field, never a quiet skip.
 */
function checkWorkflowRunPayload(payload: Json): void {
  const fix =
    ' The event file is not a workflow_run event as GitHub sends it: trigger Nightwatch on ' +
    "`workflow_run` (types: [completed]), or pass the failed run's id in the 'run-id' input.";
  const raw = payload.workflow_run;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ResolveError(
      `The workflow_run event payload has no workflow_run object (got ${shown(raw)}).${fix}`
    );
  }
  const run = raw as Json;
  const bad = (field: string, want: string): never => {
    throw new ResolveError(
      `The workflow_run event payload is malformed: workflow_run.${field} is ${shown(run[field])}, not ${want}.${fix}`
    );
  };
  if (!positiveInteger(run.id)) bad('id', 'a positive integer');
  if (run.run_attempt !== undefined && !positiveInteger(run.run_attempt))
    bad('run_attempt', 'a positive integer');
  if (typeof run.head_sha !== 'string' || !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(run.head_sha))
    bad('head_sha', 'a commit sha');
  if (run.conclusion !== null && run.conclusion !== undefined && typeof run.conclusion !== 'string')
    bad('conclusion', 'a string or null');
  if (run.head_branch !== null && run.head_branch !== undefined && typeof run.head_branch !== 'string')
    bad('head_branch', 'a string or null');
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
    checkWorkflowRunPayload(payload);
    const run = obj(payload.workflow_run);
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

/**
 * The commit the dependency lane compares the failing commit with: for a pull request's run (a
 * Dependabot or Renovate update), the merge base of its head with the PR's base branch, so every
 * commit of the PR counts, not only the last; else undefined (the failing commit's parent). The
 * shallow checkout is deepened as needed; a base that cannot be found falls back to the parent, said.
 */
export async function dependencyBase(
  git: Pick<Git, 'mergeBase'>,
  repoUrl: string,
  run: FailedRun,
  token: string | undefined,
  log: Pick<Logger, 'info' | 'warning'>
): Promise<string | undefined> {
  if (!run.pullBase || !git.mergeBase) return undefined;
  const { ref, sha } = run.pullBase;
  try {
    const base = await git.mergeBase(repoUrl, run.headSha, sha, token);
    if (base) {
      log.info(
        `The dependency lane compares ${run.headSha.slice(0, 7)} with its merge base ${base.slice(0, 7)} with ${ref || sha.slice(0, 7)}`
      );
      return base;
    }
    log.warning(
      `No merge base of ${run.headSha.slice(0, 7)} and ${ref || 'the base'} ${sha.slice(0, 7)} in the history fetched; the dependency lane compares with the parent`
    );
  } catch (error) {
    log.warning(
      `Could not find the merge base with ${ref || 'the base'} (${error instanceof Error ? error.message : String(error)}); the dependency lane compares with the parent`
    );
  }
  return undefined;
}
