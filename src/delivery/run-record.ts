import type { FailedRun } from '../types.js';

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
 * Maps a workflow run as the REST API and the `workflow_run` payload give it to a FailedRun.
 * Fork detection follows actions/checkout: the head repository's id differs from the base repository's
 * (names can be renamed; ids cannot).
 */
export function toFailedRun(run: Json, owner: string, repo: string, baseRepoId?: number): FailedRun {
  const headRepo = obj(run.head_repository);
  const baseRepo = obj(run.repository);
  const baseId = baseRepoId ?? num(baseRepo.id);
  const headId = num(headRepo.id);
  // No head repository (a deleted fork) counts as a fork: its code is not ours to trust.
  const prs = Array.isArray(run.pull_requests) ? run.pull_requests : [];
  return {
    owner,
    repo,
    runId: num(run.id),
    runAttempt: num(run.run_attempt) || 1,
    workflow: str(run.name),
    // `path` can carry a ref (`.github/workflows/ci.yml@refs/heads/main`) for reusable workflows.
    workflowPath: str(run.path).split('@')[0] || undefined,
    headSha: str(run.head_sha),
    headBranch: str(run.head_branch),
    event: str(run.event),
    conclusion: typeof run.conclusion === 'string' ? run.conclusion : null,
    pullRequests: prs.map(p => num(obj(p).number)).filter(n => n > 0),
    headRepository: str(headRepo.full_name) || `${owner}/${repo}`,
    isFork: headId === 0 || (baseId !== 0 && headId !== baseId),
    htmlUrl: str(run.html_url),
    headCommitMessage: str(obj(run.head_commit).message) || undefined,
    ...pullBase(prs, str(run.head_sha))
  };
}

/** The base of the run's pull request (the one whose head is the run's commit), when the run names one. */
function pullBase(prs: unknown[], headSha: string): { pullBase?: { ref: string; sha: string } } {
  const pr = prs.map(obj).find(p => str(obj(p.head).sha) === headSha) ?? obj(prs[0]);
  const base = obj(pr.base);
  const sha = str(base.sha);
  // GitHub's sha; an all-zero or malformed one is none.
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha) || /^0+$/.test(sha)) return {};
  return { pullBase: { ref: str(base.ref), sha } };
}
