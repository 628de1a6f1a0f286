import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readTreeFile } from '../fs/index.js';
import { BRANCH_PREFIX, DEFAULT_MAX_RISK, Labels } from '../constants.js';
import type { BranchTip, Git, Logger } from '../delivery/ports.js';
import { isUpdateBranch, UPDATE_BRANCH_PREFIXES } from '../delivery/git.js';
import {
  PushRejectedError,
  type IssueResult,
  type PullResult,
  type SafeOutputs
} from '../delivery/safe-outputs.js';
import { issueBody, pullRequestBody, type RepairSummary } from '../report/index.js';
import { riskVerdict, type RiskVerdict } from '../repair/risk.js';
import type { ProjectSpec } from '../sandbox/port.js';
import type { Diagnosis, Edit, FailedRun, Reproduction, Triage } from '../types.js';

/** What delivery needs besides the records: the safe outputs and who pushes. */
export interface DeliverContext {
  safe: SafeOutputs;
  log: Logger;
  /** Token for the push: the app token when given, else the job token. */
  pushToken: string;
  /** True when pushes and PRs are made with a token other than the job token (CI then runs by itself). */
  ownWriteToken: boolean;
  /** Above this risk score a fix goes out as a draft PR labelled for review (default DEFAULT_MAX_RISK). */
  maxRisk?: number;
  /** `push-to-update-branch`: a dependency fix goes onto the update PR's own branch when it may. */
  pushToUpdateBranch?: boolean;
}

/** A fix that was pushed but could not be turned into a PR (the branch is cleaned up first). */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A verified fix, applied (uncommitted) in `git`'s work tree at the failing commit. */
export interface FixToDeliver {
  run: FailedRun;
  triage: Triage;
  diagnosis: Diagnosis;
  reproduction: Reproduction;
  repair: RepairSummary;
  spec: ProjectSpec;
  git: Git;
  repoUrl: string;
  /** The repository-relative files the fix changes (its edits and regression test): all that is committed. */
  paths: readonly string[];
  /** The fix's edits, for its risk; `repair.edits` when absent. */
  edits?: readonly Edit[];
  /** The branch to use instead of the fingerprint's (a dependency fix: `nightwatch/deps-<package>-<version>`). */
  branch?: string;
  /**
   * A dependency fix: the update PR's head branch, as GitHub's API names the failed run's
   * (`run.headBranch`, never a name read from the repository). Pushed onto as a fast-forward when
   * `pushToUpdateBranch` is set and updateBranchRefusal finds nothing against it.
   */
  updateBranch?: string;
}

/** What became of a fix: delivered (with its PR unless the mode or a dry run held it back) or refused. */
export type FixDelivered =
  { kind: 'fixed'; branch: string; pr: PullResult; risk: RiskVerdict } | { kind: 'refused'; reason: string };

/**
 * The risk of a fix against `max-risk`: above it, or when the fix changes an existing test's
 * expectations (the diagnosis says the test is wrong), the PR is a draft labelled for review.
 */
export function fixRisk(
  ctx: Pick<DeliverContext, 'maxRisk'>,
  f: Pick<FixToDeliver, 'edits' | 'repair' | 'diagnosis'>
): RiskVerdict {
  return riskVerdict(
    {
      edits: f.edits ?? f.repair.edits ?? [],
      regressionTest: f.repair.regressionTest?.file,
      changesTestExpectations: f.repair.changesTestExpectations
    },
    f.diagnosis,
    ctx.maxRisk ?? DEFAULT_MAX_RISK
  );
}

/**
 * The fix branch is named after the failure's fingerprint, not the run: two runs of the same failure
 * (a re-run, or two pushes failing the same way at once) then meet on one branch and one PR even
 * without a workflow `concurrency` group — the later push replaces the branch and the PR is updated.
 */
export function fixBranch(triage: Triage): string {
  return `${BRANCH_PREFIX}fix-${triage.fingerprint.slice(0, 16)}`;
}

/** The repository-relative files a fix's edits touch; the edits are relative to `workingDirectory`. */
export function fixPaths(edits: readonly Edit[], workingDirectory: string): string[] {
  const wd = workingDirectory.replace(/\\/g, '/');
  return [...new Set(edits.map(e => path.posix.join(wd, e.file.replace(/\\/g, '/'))))];
}

/** How many names (`base`, `base-2`, ...) are tried before giving up. */
const MAX_BRANCH_NAMES = 20;

/**
 * The branch to put a fix on: `base` when it does not exist or its tip is Nightwatch's own (an
 * earlier fix, which is replaced), else `base-2`, `base-3`, ...: a branch whose tip someone else
 * committed (a user's commit on the fix branch) is never reset.
 */
export async function freeBranch(
  base: string,
  tip: (branch: string) => Promise<BranchTip | undefined>
): Promise<{ branch: string; existing?: BranchTip }> {
  for (let n = 1; n <= MAX_BRANCH_NAMES; n++) {
    const branch = n === 1 ? base : `${base}-${n}`;
    const existing = await tip(branch);
    if (!existing || existing.byNightwatch) return { branch, existing };
  }
  throw new Error(
    `${base} and ${MAX_BRANCH_NAMES - 1} more branches of that name hold commits Nightwatch did not make; delete some of them.`
  );
}

/**
 * Why a dependency fix may not go onto the update PR's own branch (undefined: it may): the
 * setting is off, the run is a fork's (its branch is not this repository's), it has no pull
 * request, or the branch is not the run's own or not an update bot's.
 */
export function updateBranchRefusal(
  ctx: Pick<DeliverContext, 'pushToUpdateBranch'>,
  run: FailedRun,
  branch: string | undefined
): string | undefined {
  if (!ctx.pushToUpdateBranch || branch === undefined) return 'push-to-update-branch is off';
  const same = run.headRepository.toLowerCase() === `${run.owner}/${run.repo}`.toLowerCase();
  if (run.isFork || !same)
    return `the run's head is in ${run.headRepository}, not in ${run.owner}/${run.repo}`;
  if (run.pullRequests.length === 0) return `run ${run.runId} belongs to no pull request of this repository`;
  if (branch !== run.headBranch) return `'${branch}' is not the failed run's head branch`;
  if (!isUpdateBranch(branch)) {
    return `'${branch}' is not a dependency update's branch (${UPDATE_BRANCH_PREFIXES.map(p => `${p}*`).join(', ')})`;
  }
  return undefined;
}

/**
 * A dependency fix committed onto the update PR's own branch, pushed as a fast-forward of the
 * failed run's head, and a comment on that PR with the whole report. `fallback` when it was not
 * pushed (the branch moved, the fix needs review): the caller puts the fix on a fix branch, from
 * the commit made here when there is one.
 */
async function deliverOntoUpdate(
  ctx: DeliverContext,
  f: FixToDeliver,
  branch: string
): Promise<FixDelivered | { fallback: string; committed?: string }> {
  const { safe, git, run, triage, diagnosis } = { ...ctx, ...f };
  const risk = fixRisk(ctx, f);
  if (risk.needsReview) {
    return {
      fallback: `the fix needs review (risk ${risk.score}, max-risk ${risk.max}): a draft PR instead`
    };
  }
  const remote = await git.remoteBranchSha(f.repoUrl, branch, ctx.pushToken);
  if (remote !== run.headSha) {
    return {
      fallback: `${branch} moved since the failed run (it is at ${remote?.slice(0, 7) ?? 'nothing'}, the run tested ${run.headSha.slice(0, 7)}); Nightwatch only fast-forwards it`
    };
  }
  await git.checkoutNewBranch(branch);
  const sha = await git.commitPaths(
    f.paths,
    `Fix failing ${diagnosis.category} in run ${run.runId}\n\n${diagnosis.rootCause}`,
    run.runId
  );
  const changed = await git.changedFiles(run.headSha, sha);
  const diff = await git.diff(run.headSha, sha);
  let push;
  try {
    push = await safe.pushBranch(git, f.repoUrl, branch, ctx.pushToken, changed, run.headSha, {
      updateBranch: branch
    });
  } catch (error) {
    if (error instanceof PushRejectedError) return { fallback: error.message, committed: sha };
    throw error;
  }
  if (push.status === 'refused') {
    return { kind: 'refused', reason: `pushing onto ${branch}: ${push.reason ?? 'the push was refused'}` };
  }
  const body = pullRequestBody({
    run,
    triage,
    diagnosis,
    reproduction: f.reproduction,
    repair: f.repair,
    diff,
    branch,
    spec: f.spec,
    risk
  });
  const ci = ctx.ownWriteToken
    ? "Pushed with the `app-token`, so this PR's workflows run on the new commit as usual."
    : 'Pushed with the job token, which starts no workflow: re-run the checks of this PR (or push to it) to see CI on the fix.';
  const number = run.pullRequests[0];
  const comment = await safe.commentOnPull(
    number,
    `Nightwatch pushed a verified fix for the failure of run ${run.htmlUrl || run.runId} onto this branch (${sha.slice(0, 7)}, a fast-forward).\n\n${body}\n\n### CI on this branch\n\n${ci}\n`,
    triage.fingerprint
  );
  const url = comment.url?.replace(/#.*$/, '') ?? '';
  ctx.log.info(`Pushed the fix onto ${branch} (${sha}) and commented on #${number}`);
  return {
    kind: 'fixed',
    branch,
    pr: { status: push.status, pull: { number, url, head: branch, state: 'open', body: '' } },
    risk
  };
}

/** Commit, push, start CI, open or update the PR, and link back from the failing PR or commit. */
export async function deliverFix(ctx: DeliverContext, f: FixToDeliver): Promise<FixDelivered> {
  let committed: string | undefined;
  if (f.updateBranch !== undefined) {
    const refusal = updateBranchRefusal(ctx, f.run, f.updateBranch);
    if (refusal === undefined) {
      const onto = await deliverOntoUpdate(ctx, f, f.updateBranch);
      if (!('fallback' in onto)) return onto;
      committed = onto.committed;
      ctx.log.warning(
        `Not pushing onto ${f.updateBranch}: ${onto.fallback}; opening a pull request into it instead.`
      );
    } else if (ctx.pushToUpdateBranch) {
      ctx.log.info(`Not pushing onto ${f.updateBranch}: ${refusal}; opening a pull request into it instead.`);
    }
  }
  const { safe, git, run, triage, diagnosis } = { ...ctx, ...f };
  const { branch } = await freeBranch(f.branch ?? fixBranch(triage), b =>
    git.remoteBranchTip(f.repoUrl, b, ctx.pushToken)
  );
  await git.checkoutNewBranch(branch);
  // The fix commit made for the update's branch when that push fell through (its parent is the run's head).
  const sha =
    committed ??
    (await git.commitPaths(
      f.paths,
      `Fix failing ${diagnosis.category} in run ${run.runId}\n\n${diagnosis.rootCause}`,
      run.runId
    ));
  // The whole diff against the failing commit, not the list asked for: safe-outputs checks it
  // against the protected paths before anything is pushed.
  const changed = await git.changedFiles(run.headSha, sha);
  const diff = await git.diff(run.headSha, sha);
  const push = await safe.pushBranch(git, f.repoUrl, branch, ctx.pushToken, changed);
  if (push.status === 'refused') return { kind: 'refused', reason: push.reason ?? 'the push was refused' };
  const risk = fixRisk(ctx, f);
  if (risk.needsReview) {
    ctx.log.info(
      `The fix needs review: ${f.repair.changesTestExpectations ? "it changes an existing test's expectations; " : ''}risk ${risk.score} (max-risk ${risk.max}): a draft pull request labelled ${Labels.NeedsReview}`
    );
  }
  let pr: PullResult;
  let ci: string;
  try {
    ci = await startCi(ctx, run, branch, git.dir);
    const body = pullRequestBody({
      run,
      triage,
      diagnosis,
      reproduction: f.reproduction,
      repair: f.repair,
      diff,
      branch,
      spec: f.spec,
      risk
    });
    pr = await safe.openOrUpdatePull({
      head: branch,
      base: run.headBranch,
      title: prTitle(triage),
      body: `${body}\n\n### CI on this branch\n\n${ci}\n`,
      labels: risk.needsReview ? [Labels.Fix, Labels.NeedsReview] : [Labels.Fix],
      draft: risk.needsReview
    });
    if (pr.status === 'refused') {
      // The token may not open PRs (no `pull-requests: write`): no orphan branch, and the caller
      // escalates with the reason (the permission to grant).
      const undone =
        push.status === 'created' && (await git.tryDeleteRemoteBranch(f.repoUrl, branch, ctx.pushToken));
      return {
        kind: 'refused',
        reason: `${pr.reason ?? 'the pull request was refused'}${undone ? `; ${branch} was removed again` : ''}`
      };
    }
  } catch (error) {
    // No orphan branch: a branch this run created goes again when its PR cannot be opened.
    const why = error instanceof Error ? error.message : String(error);
    let undone = '';
    if (push.status === 'created') {
      undone = (await git.tryDeleteRemoteBranch(f.repoUrl, branch, ctx.pushToken))
        ? '; the branch was removed again'
        : `; removing the branch failed too: delete ${branch} by hand`;
    }
    throw new DeliveryError(
      `Could not open the pull request from ${branch} into ${run.headBranch}: ${why}${undone}.`
    );
  }
  if (pr.pull && (pr.status === 'created' || pr.status === 'updated')) {
    await safe.commentOnPullOrCommit(
      run,
      `Nightwatch found the cause of the failure of run ${run.htmlUrl || run.runId} and opened ${pr.pull.url} with a verified fix.`,
      triage.fingerprint
    );
  }
  return { kind: 'fixed', branch, pr, risk };
}

/** Open, or update, the escalation issue of this failure with the whole analysis. */
export function escalate(
  ctx: DeliverContext,
  e: {
    run: FailedRun;
    triage: Triage;
    diagnosis: Diagnosis;
    reproduction?: Reproduction;
    repair?: RepairSummary;
    reason: string;
    spec?: ProjectSpec;
  }
): Promise<IssueResult> {
  return ctx.safe.openOrUpdateIssue({
    title: `Nightwatch could not fix: ${e.triage.job} / ${e.triage.step} (${e.triage.category})`,
    body: issueBody(e),
    fingerprint: e.triage.fingerprint
  });
}

/**
 * How CI comes to run on the fix, said in the PR body. With a write token of its own (a GitHub App
 * token) the push and the PR start CI by themselves. With the job token (github-actions[bot]) the
 * push starts nothing; since June 2026 GitHub runs the `pull_request` workflows of a PR the bot
 * opened once someone with write access approves them. So: when the failed workflow runs on
 * `pull_request`, the PR's own (approved) run is its CI and nothing is dispatched, which would run
 * CI twice; otherwise a workflow_dispatch of the failed workflow on the fix branch is the only way.
 */
async function startCi(
  ctx: DeliverContext,
  run: FailedRun,
  branch: string,
  workTree: string
): Promise<string> {
  if (ctx.ownWriteToken) {
    return "This branch was pushed with the `app-token`, so the repository's workflows run on it and on this PR as usual.";
  }
  const workflow = run.workflowPath ?? run.workflow;
  if (await runsOnPullRequest(workTree, run.workflowPath, ctx.log)) {
    return (
      `Opened with the job token (github-actions[bot]): GitHub runs \`${workflow}\` on this PR once someone with ` +
      'write access approves its workflows (**Approve workflows to run** on this PR). Nightwatch does not dispatch it ' +
      'as well, so CI runs once.'
    );
  }
  const r = await ctx.safe.dispatchCi(workflow, branch);
  if (r.status === 'created') {
    return `Pushed with the job token, which starts no workflow, and \`${workflow}\` does not run on pull requests: Nightwatch dispatched \`${workflow}\` on \`${branch}\` (workflow_dispatch) instead.`;
  }
  if (r.status === 'dry-run') return `Dry run: \`${workflow}\` would have been dispatched on \`${branch}\`.`;
  ctx.log.warning(`CI will not run on ${branch}: ${r.reason ?? 'the dispatch was not accepted'}`);
  return (
    `Pushed with the job token, which starts no workflow, and \`${workflow}\` could not be dispatched (${r.reason ?? 'it does not accept workflow_dispatch'}). ` +
    'CI has not run on this fix: add `workflow_dispatch:` (or `pull_request:`) to that workflow, pass an `app-token` (actions/create-github-app-token), or push to this branch yourself.'
  );
}

/**
 * Whether the failed workflow (read from the work tree at the failing commit, link-safe) has a
 * `pull_request` trigger. Unknown (no path, no file, unreadable) counts as no.
 */
async function runsOnPullRequest(
  workTree: string,
  workflowPath: string | undefined,
  log: Logger
): Promise<boolean> {
  if (!workflowPath) return false;
  try {
    const text = await readTreeFile(workTree, workflowPath, 1024 * 1024);
    if (text === null) return false;
    const doc = parseYaml(text) as { on?: unknown } | null;
    const on = doc?.on;
    const events =
      typeof on === 'string'
        ? [on]
        : Array.isArray(on)
          ? on
          : on && typeof on === 'object'
            ? Object.keys(on)
            : [];
    return events.includes('pull_request');
  } catch (error) {
    log.debug(
      `Could not read the triggers of ${workflowPath}: ${error instanceof Error ? error.message : String(error)}`
    );
    return false;
  }
}

function prTitle(t: Triage): string {
  const first = t.failures[0];
  const what = first?.errorType
    ? `${first.errorType}${first.file ? ` in ${first.file}` : ''}`
    : `${t.category} failure`;
  return `Nightwatch: fix ${what}`.slice(0, 120);
}
