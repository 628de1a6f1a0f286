/**
 * Which state artifacts may be believed. Any workflow of the repository can upload an artifact named
 * `nightwatch-state`, and so can a fork's pull request (its `pull_request` runs belong to this
 * repository, with the fork as head repository, and it may even edit Nightwatch's workflow file).
 * A state is trusted only when its run is a run of the workflow running now, in this repository,
 * from this repository's own code (not a fork's).
 */

/** What the REST API says about the run that uploaded an artifact (GET /repos/{o}/{r}/actions/runs/{id}). */
export interface ArtifactRun {
  id: number;
  /** The workflow file: `.github/workflows/x.yml`, sometimes `owner/repo/.github/workflows/x.yml@ref`. */
  path?: string | null;
  repository?: { id?: number; full_name?: string } | null;
  head_repository?: { id?: number; full_name?: string } | null;
}

/** The workflow running now, as the state must have been written by it. */
export interface TrustedOrigin {
  owner: string;
  repo: string;
  /** This repository's id (GITHUB_REPOSITORY_ID), when known. */
  repositoryId?: number;
  /** The workflow file of this run (from GITHUB_WORKFLOW_REF), e.g. `.github/workflows/nightwatch.yml`. */
  workflowPath: string;
}

/**
 * The workflow file named by GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/x.yml@refs/heads/main`),
 * which must be a file of this repository; throws with what is wrong otherwise.
 */
export function workflowPathOf(workflowRef: string | undefined, owner: string, repo: string): string {
  const ref = (workflowRef ?? '').trim();
  if (!ref)
    throw new Error(
      'GITHUB_WORKFLOW_REF is not set, so the workflow that may have written the state is unknown'
    );
  const at = ref.lastIndexOf('@');
  const full = at >= 0 ? ref.slice(0, at) : ref;
  const prefix = `${owner}/${repo}/`;
  if (full.toLowerCase().startsWith(prefix.toLowerCase()) && full.length > prefix.length)
    return full.slice(prefix.length);
  throw new Error(`GITHUB_WORKFLOW_REF '${ref}' does not name a workflow of ${owner}/${repo}`);
}

/** A run's `path` without a `@ref` suffix and without this repository's `owner/repo/` prefix. */
export function runWorkflowPath(path: string, owner: string, repo: string): string {
  const at = path.lastIndexOf('@');
  const bare = at >= 0 ? path.slice(0, at) : path;
  const prefix = `${owner}/${repo}/`;
  return bare.toLowerCase().startsWith(prefix.toLowerCase()) ? bare.slice(prefix.length) : bare;
}

/**
 * Why the artifact listing alone shows a state to be foreign (its `workflow_run` has another head
 * repository or another repository), or undefined when only the run itself can tell.
 */
export function listedDistrust(
  workflowRun: { id?: number; repository_id?: number; head_repository_id?: number } | null | undefined,
  origin: TrustedOrigin
): string | undefined {
  if (!workflowRun || workflowRun.id === undefined) return 'the artifact names no workflow run';
  const { repository_id: repoId, head_repository_id: headId } = workflowRun;
  if (origin.repositoryId !== undefined && repoId !== undefined && repoId !== origin.repositoryId)
    return `run ${workflowRun.id} belongs to another repository (id ${repoId})`;
  if (repoId !== undefined && headId !== undefined && headId !== repoId)
    return `run ${workflowRun.id} ran code from another repository (a fork, head repository id ${headId})`;
  return undefined;
}

/** Why a run may not have written Nightwatch's state, or undefined when it may. */
export function runDistrust(run: ArtifactRun, origin: TrustedOrigin): string | undefined {
  const full = `${origin.owner}/${origin.repo}`.toLowerCase();
  const repo = run.repository;
  const head = run.head_repository;
  if (!repo || repo.full_name?.toLowerCase() !== full)
    return `run ${run.id} is not a run of ${origin.owner}/${origin.repo}`;
  if (origin.repositoryId !== undefined && repo.id !== origin.repositoryId)
    return `run ${run.id} belongs to another repository (id ${String(repo.id)})`;
  if (!head || head.id === undefined || head.id !== repo.id || head.full_name?.toLowerCase() !== full)
    return `run ${run.id} ran code from ${head?.full_name ?? 'an unknown (deleted?) repository'}, not ${origin.owner}/${origin.repo}`;
  const path = run.path ? runWorkflowPath(run.path, origin.owner, origin.repo) : '';
  if (path !== origin.workflowPath)
    return `run ${run.id} is a run of ${path || 'an unnamed workflow'}, not of ${origin.workflowPath}`;
  return undefined;
}
