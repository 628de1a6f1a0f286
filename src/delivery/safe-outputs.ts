/**
 * The one gate every write to GitHub goes through (DESIGN.md, Modes and safe outputs). A write
 * that the mode or the rules do not allow is refused, recorded and returned as a result, never
 * thrown; what GitHub itself refuses (a rejected push) is an error, before anything else is made.
 */
import { minimatch } from 'minimatch';
import { normalizeRelative } from '../fs/index.js';
import { BRANCH_PREFIX, DEFAULT_PROTECTED_PATHS, FINGERPRINT_LINE_PREFIX, Labels } from '../constants.js';
import type { FailedRun } from '../types.js';
import { isNightwatchBranch, isUpdateBranch } from './git.js';
import { PullRequestExistsError, errorStatus } from './github.js';
import { PermissionError } from './permissions.js';
import {
  type CommentInfo,
  type Git,
  type GitHub,
  type IssueInfo,
  type Logger,
  type PullInfo,
  silentLogger
} from './ports.js';

/** What Nightwatch may write: see the mode table in DESIGN.md. */
export type SafeMode = 'diagnose' | 'comment' | 'fix';

/** The kinds of writes that go through SafeOutputs. */
export type SafeAction = 'comment' | 'label' | 'push' | 'pull-request' | 'issue' | 'rerun' | 'dispatch';

/** What became of one write. */
export type WriteStatus = 'created' | 'updated' | 'unchanged' | 'refused' | 'dry-run';

/** One write that was not made, and why. */
export interface Refusal {
  action: SafeAction;
  reason: string;
}

/** The result of one write; `reason` says why it was refused or skipped. */
export interface WriteResult {
  status: WriteStatus;
  reason?: string;
}

/** The result of openOrUpdatePull. */
export interface PullResult extends WriteResult {
  pull?: PullInfo;
}

/** The result of openOrUpdateIssue. */
export interface IssueResult extends WriteResult {
  issue?: IssueInfo;
}

/** The result of a comment write; `url` is the comment's. */
export interface CommentResult extends WriteResult {
  comment?: CommentInfo;
  url?: string;
}

/** The result of pushBranch; `sha` is the pushed commit. */
export interface PushResult extends WriteResult {
  sha?: string;
}

/** The push was made and rejected by the remote (not a policy refusal); no PR is made after it. */
export class PushRejectedError extends Error {
  constructor(
    readonly branch: string,
    detail: string
  ) {
    super(`Push of '${branch}' was rejected by the remote: ${detail}`);
    this.name = 'PushRejectedError';
  }
}

/** Which actions each mode allows; each mode adds to the one before. */
export const MODE_ALLOWS: Record<SafeMode, readonly SafeAction[]> = {
  diagnose: [],
  comment: ['comment', 'label'],
  fix: ['comment', 'label', 'push', 'pull-request', 'issue', 'rerun', 'dispatch']
};

/** Options of SafeOutputs. */
export interface SafeOutputsOptions {
  mode: SafeMode;
  /** Globs never to change; `.github/workflows/**` is always added. */
  protectedPaths?: string[];
  /** Decide and record, but write nothing. */
  dryRun?: boolean;
  github: GitHub;
  /** Default Git for pushBranch when none is passed there. */
  git?: Git;
  log?: Logger;
  /** Values replaced by `***` in every title and body written (defence in depth; triage redacts first). */
  secrets?: string[];
}

/** GitHub allows at most 50 re-runs of a workflow run (full and failed-jobs re-runs alike). */
export const MAX_RERUNS = 50;

/** Why GitHub refused a re-run (its 403), in words that say what to do. */
function rerunRefusal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PermissionError) return message;
  if (/over a month ago/i.test(message))
    return `GitHub re-runs a run only within 30 days of its start (${message}); push again or re-run the workflow by hand`;
  if (/cannot be retried/i.test(message))
    return `GitHub does not allow this run to be re-run (${message}): is its workflow disabled? Enable it under Actions and re-run`;
  if (/already running/i.test(message)) return `it is already running again (${message})`;
  return message;
}

/** GitHub refuses bodies above 65536 characters. */
const MAX_BODY = 65536;
/** GitHub refuses titles above 256 characters. */
const MAX_TITLE = 256;

/** The visible line that marks a PR, issue or comment as being about one fingerprint. */
export function fingerprintLine(fingerprint: string): string {
  return `${FINGERPRINT_LINE_PREFIX} ${fingerprint}`;
}

/** `body` with the fingerprint line at the end, unless it is already there. */
export function withFingerprint(body: string, fingerprint: string): string {
  const line = fingerprintLine(fingerprint);
  return body.includes(line) ? body : `${body.trimEnd()}\n\n${line}\n`;
}

/**
 * The changed files that match a protected glob (or leave the work tree). Each path is normalised
 * first (`.github/./workflows/x`, `src/../.github/workflows/x` are `.github/workflows/x`), and a glob
 * ending in `/**` protects the folder itself too.
 */
export function protectedMatches(files: readonly string[], globs: readonly string[]): string[] {
  const all = [...new Set([...DEFAULT_PROTECTED_PATHS, ...globs])];
  return files.filter(raw => {
    let file: string;
    try {
      file = normalizeRelative(raw);
    } catch {
      return true; // absolute, escaping, empty: not a file of the tree, so never allowed
    }
    // nocase: a case-insensitive checkout would treat .GitHub/Workflows as the same directory.
    const opts = { dot: true, nocase: true };
    return all.some(g => minimatch(file, g, opts) || minimatch(file, g.replace(/\/\*\*$/, ''), opts));
  });
}

/** Every write to GitHub, filtered by the mode, the branch rule and the protected paths. */
export class SafeOutputs {
  readonly mode: SafeMode;
  readonly dryRun: boolean;
  readonly protectedPaths: readonly string[];
  /** Every write that was refused, in order. */
  readonly refusals: Refusal[] = [];
  private readonly github: GitHub;
  private readonly git?: Git;
  private readonly log: Logger;
  private readonly secrets: string[];

  constructor(options: SafeOutputsOptions) {
    // Short values would blank out ordinary words; real tokens are long.
    this.secrets = (options.secrets ?? []).filter(v => v.length >= 6);
    this.mode = options.mode;
    this.dryRun = options.dryRun ?? false;
    this.protectedPaths = [...new Set([...DEFAULT_PROTECTED_PATHS, ...(options.protectedPaths ?? [])])];
    this.github = options.github;
    this.git = options.git;
    this.log = options.log ?? silentLogger;
  }

  /** Whether the mode allows `action` at all. */
  allows(action: SafeAction): boolean {
    return MODE_ALLOWS[this.mode].includes(action);
  }

  /** Comments on the run's PR (first one) or else its head commit; updates our earlier comment in place. */
  async commentOnPullOrCommit(run: FailedRun, rawBody: string, fingerprint: string): Promise<CommentResult> {
    const body = this.body(rawBody);
    const gate = this.gate('comment', `comment on the PR or commit of run ${run.runId}`);
    if (gate) return gate;
    const pr = run.pullRequests[0] ?? (await this.pullOfForkRun(run));
    if (pr !== undefined) return this.commentOnPull(pr, body, fingerprint);
    // A run without a PR (a push): a commit comment, which needs `contents: write`.
    return this.permitted('comment', () => this.commentOnCommit(run, body, fingerprint));
  }

  private async commentOnCommit(run: FailedRun, body: string, fingerprint: string): Promise<CommentResult> {
    const full = withFingerprint(body, fingerprint);
    const existing = (await this.github.listCommitComments(run.headSha)).find(c =>
      c.body.includes(fingerprintLine(fingerprint))
    );
    if (existing) {
      if (existing.body === full) return { status: 'unchanged', comment: existing, url: existing.url };
      const c = await this.github.updateCommitComment(existing.id, full);
      return { status: 'updated', comment: c, url: c.url };
    }
    const c = await this.github.createCommitComment(run.headSha, full);
    return { status: 'created', comment: c, url: c.url };
  }

  /** Comments on a PR or issue; with a fingerprint, updates the earlier comment carrying it. */
  async commentOnPull(issueNumber: number, rawBody: string, fingerprint?: string): Promise<CommentResult> {
    const body = this.body(rawBody);
    const gate = this.gate('comment', `comment on #${issueNumber}`);
    if (gate) return gate;
    return this.permitted('comment', () => this.writeComment(issueNumber, body, fingerprint));
  }

  private async writeComment(
    issueNumber: number,
    body: string,
    fingerprint?: string
  ): Promise<CommentResult> {
    if (fingerprint === undefined) {
      const c = await this.github.createComment(issueNumber, body);
      return { status: 'created', comment: c, url: c.url };
    }
    const full = withFingerprint(body, fingerprint);
    const existing = (await this.github.listComments(issueNumber)).find(c =>
      c.body.includes(fingerprintLine(fingerprint))
    );
    if (existing) {
      if (existing.body === full) return { status: 'unchanged', comment: existing, url: existing.url };
      const c = await this.github.updateComment(existing.id, full);
      return { status: 'updated', comment: c, url: c.url };
    }
    const c = await this.github.createComment(issueNumber, full);
    return { status: 'created', comment: c, url: c.url };
  }

  async addLabels(issueNumber: number, labels: string[]): Promise<WriteResult> {
    const gate = this.gate('label', `label #${issueNumber} with ${labels.join(', ')}`);
    if (gate) return gate;
    if (labels.length === 0) return { status: 'unchanged' };
    return this.permitted('label', async () => {
      await this.github.addLabels(issueNumber, labels);
      return { status: 'updated' as const };
    });
  }

  /**
   * Re-runs the failed jobs of a run, within GitHub's limits: at most 50 re-runs of a run (GitHub
   * accepts more but fails them at once), only within 30 days of its start, never while its
   * workflow is disabled. A re-run GitHub refuses, or that the token may not ask for, is
   * `unchanged` with the reason, never an error.
   */
  async rerunFailedJobs(runId: number, runAttempt?: number): Promise<WriteResult> {
    const gate = this.gate('rerun', `re-run the failed jobs of run ${runId}`);
    if (gate) return gate;
    if (runAttempt !== undefined && runAttempt - 1 >= MAX_RERUNS) {
      const reason = `Not re-running run ${runId}: it was already re-run ${runAttempt - 1} times and GitHub allows at most ${MAX_RERUNS} re-runs of a run`;
      this.log.warning(reason);
      return { status: 'unchanged', reason };
    }
    try {
      await this.github.rerunFailedJobs(runId);
    } catch (error) {
      // 403 when the run is already running again, too old, its workflow disabled, or the token
      // may not; nothing was re-run either way, which the caller reports rather than crashing on.
      if (errorStatus(error) !== 403) throw error;
      const reason = `GitHub did not re-run run ${runId}: ${rerunRefusal(error)}`;
      this.log.warning(reason);
      return { status: 'unchanged', reason };
    }
    return { status: 'created' };
  }

  /** Dispatches the CI workflow on a ref; `unchanged` when the workflow takes no workflow_dispatch. */
  async dispatchCi(workflowIdOrPath: string, ref: string): Promise<WriteResult> {
    const gate = this.gate('dispatch', `dispatch ${workflowIdOrPath} on ${ref}`);
    if (gate) return gate;
    if (!isNightwatchBranch(ref)) {
      return this.refuse('dispatch', `'${ref}' is not a ${BRANCH_PREFIX}* branch`);
    }
    let ok: boolean;
    try {
      ok = await this.github.tryDispatchWorkflow(workflowIdOrPath, ref);
    } catch (error) {
      if (!(error instanceof PermissionError)) throw error;
      this.log.warning(error.message);
      return { status: 'unchanged', reason: error.message };
    }
    if (!ok) {
      return {
        status: 'unchanged',
        reason: `GitHub did not accept a dispatch of ${workflowIdOrPath} on ${ref}`
      };
    }
    return { status: 'created' };
  }

  /**
   * Pushes `branch` (at the work tree's HEAD) to `url`. Refused for branches outside nightwatch/*
   * and when any changed file is protected; with `baseSha`, the files changed since it are checked
   * too, so a caller's incomplete list cannot smuggle a protected file through.
   * Throws PushRejectedError when the remote rejects the push.
   *
   * `onto.updateBranch`: the one exception, a dependency update's own branch (`dependabot/*`,
   * `renovate/*`) that the pipeline names; pushed only as a fast-forward of `baseSha` (the failed
   * run's head): when the branch is anywhere else, PushRejectedError and nothing is pushed.
   */
  async pushBranch(
    git: Git | undefined,
    url: string,
    branch: string,
    token: string,
    changedFiles: readonly string[],
    baseSha?: string,
    onto?: { updateBranch: string }
  ): Promise<PushResult> {
    const gate = this.gate('push', `push ${branch}`, false);
    if (gate) return gate;
    const repo = git ?? this.git;
    if (!repo) throw new Error('pushBranch needs a Git');
    const update = onto !== undefined && branch === onto.updateBranch && isUpdateBranch(branch);
    if (!isNightwatchBranch(branch) && !update) {
      return this.refuse('push', `'${branch}' is not a ${BRANCH_PREFIX}* branch`);
    }
    if (update && baseSha === undefined) {
      return this.refuse(
        'push',
        `'${branch}' is an update's branch: it is only fast-forwarded from a known commit`
      );
    }
    const files = new Set(changedFiles);
    const sha = await repo.headSha();
    if (baseSha !== undefined) for (const f of await repo.changedFiles(baseSha, sha)) files.add(f);
    if (files.size === 0) {
      return this.refuse('push', 'the fix changes no files');
    }
    const hits = protectedMatches([...files], this.protectedPaths);
    if (hits.length > 0) {
      return this.refuse('push', `changes protected paths: ${hits.join(', ')}`);
    }
    if (this.dryRun) return { ...this.dry(`push ${branch} (${files.size} files)`), sha };
    const remote = await repo.remoteBranchSha(url, branch, token);
    if (remote === sha) return { status: 'unchanged', sha };
    if (update && remote !== baseSha) {
      throw new PushRejectedError(
        branch,
        `it is at ${remote?.slice(0, 7) ?? 'nothing'}, not at ${baseSha?.slice(0, 7) ?? '?'} (the failed run's head): it moved, and Nightwatch only fast-forwards it`
      );
    }
    // An existing nightwatch/* branch is ours (an earlier fix for the same run); replace it. An
    // update's branch is never forced: the remote refuses anything but a fast-forward.
    let pushed: boolean;
    try {
      pushed = update
        ? await repo.tryPush(url, branch, token, false, branch)
        : await repo.tryPush(url, branch, token, remote !== undefined);
    } catch (error) {
      // The token may not push (no `contents: write`): refused, with the permission to grant.
      if (error instanceof PermissionError) return this.refuse('push', error.message);
      throw error;
    }
    if (!pushed) {
      throw new PushRejectedError(branch, 'see the warning above; no pull request was opened');
    }
    this.log.info(`Pushed ${branch} at ${sha}`);
    return { status: remote === undefined ? 'created' : 'updated', sha };
  }

  /** Opens a PR from a nightwatch/* head, or updates the open one (also after GitHub's 422). */
  async openOrUpdatePull(raw: {
    head: string;
    base: string;
    title: string;
    body: string;
    labels?: string[];
    /** Open it as a draft (a PR that exists already keeps its state: the REST API cannot change it). */
    draft?: boolean;
  }): Promise<PullResult> {
    const p = { ...raw, title: this.title(raw.title), body: this.body(raw.body) };
    const gate = this.gate('pull-request', `open a pull request from ${p.head}`, false);
    if (gate) return gate;
    if (!isNightwatchBranch(p.head)) {
      return this.refuse('pull-request', `'${p.head}' is not a ${BRANCH_PREFIX}* branch`);
    }
    if (this.dryRun)
      return this.dry(`open a${p.draft ? ' draft' : ''} pull request from ${p.head} into ${p.base}`);
    const labels = p.labels ?? [Labels.Fix];
    let result: PullResult;
    try {
      result = await this.writePull(p);
    } catch (error) {
      if (error instanceof PermissionError) return this.refuse('pull-request', error.message);
      throw error;
    }
    if (result.pull && labels.length > 0) await this.tryLabels(result.pull.number, labels);
    return result;
  }

  private async writePull(p: {
    head: string;
    base: string;
    title: string;
    body: string;
    draft?: boolean;
  }): Promise<PullResult> {
    let result: PullResult;
    const existing = await this.github.findOpenPull(p.head);
    if (existing) {
      result = await this.updatePull(existing, p);
    } else {
      try {
        const pull = await this.github.createPull({
          head: p.head,
          base: p.base,
          title: p.title,
          body: p.body,
          ...(p.draft ? { draft: true } : {})
        });
        result = { status: 'created', pull };
      } catch (error) {
        if (!(error instanceof PullRequestExistsError)) throw error;
        // Opened between our lookup and our create (or the lookup missed it): update that one.
        const found = await this.github.findOpenPull(p.head);
        if (!found) throw error;
        result = await this.updatePull(found, p);
      }
    }
    return result;
  }

  /** Opens the escalation issue for a fingerprint, or updates the open one carrying its line. */
  async openOrUpdateIssue(raw: {
    title: string;
    body: string;
    fingerprint: string;
    labels?: string[];
  }): Promise<IssueResult> {
    const p = { ...raw, title: this.title(raw.title), body: this.body(raw.body) };
    const gate = this.gate('issue', `open an escalation issue for ${p.fingerprint}`);
    if (gate) return gate;
    const labels = p.labels ?? [Labels.Escalation];
    return this.permitted('issue', () => this.writeIssue(p, labels));
  }

  private async writeIssue(
    p: { title: string; body: string; fingerprint: string },
    labels: string[]
  ): Promise<IssueResult> {
    const body = withFingerprint(p.body, p.fingerprint);
    const existing = await this.github.findOpenIssueByText(
      fingerprintLine(p.fingerprint),
      labels[0] ?? Labels.Escalation
    );
    if (existing) {
      if (existing.body === body) return { status: 'unchanged', issue: existing };
      const issue = await this.github.updateIssue(existing.number, { title: p.title, body });
      return { status: 'updated', issue };
    }
    const issue = await this.github.createIssue({ title: p.title, body, labels });
    return { status: 'created', issue };
  }

  /**
   * The open PR of a pull_request run that lists none (GitHub leaves `pull_requests` empty for
   * runs from forks), found by its head commit. Best effort: on any error, the commit is used.
   */
  private async pullOfForkRun(run: FailedRun): Promise<number | undefined> {
    if (!run.event.startsWith('pull_request') || !this.github.findOpenPullByHeadSha) return undefined;
    try {
      return (await this.github.findOpenPullByHeadSha(run.headSha))?.number;
    } catch (error) {
      this.log.debug(
        `No PR found for ${run.headSha}: ${error instanceof Error ? error.message : String(error)}`
      );
      return undefined;
    }
  }

  /** A body with secrets masked and within GitHub's limit (the end, with the fingerprint line, is kept). */
  private body(text: string): string {
    const masked = this.mask(text);
    // Room for the fingerprint line withFingerprint may still append.
    const max = MAX_BODY - 200;
    if (masked.length <= max) return masked;
    const note = "\n\n… [cut to fit GitHub's size limit] …\n\n";
    const keep = 4000;
    return masked.slice(0, max - keep - note.length) + note + masked.slice(masked.length - keep);
  }

  private title(text: string): string {
    const one = this.mask(text).replace(/\s+/g, ' ').trim();
    return one.length <= MAX_TITLE ? one : `${one.slice(0, MAX_TITLE - 1)}…`;
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  private async updatePull(existing: PullInfo, p: { title: string; body: string }): Promise<PullResult> {
    if (existing.body === p.body) return { status: 'unchanged', pull: existing };
    const pull = await this.github.updatePull(existing.number, { title: p.title, body: p.body });
    return { status: 'updated', pull };
  }

  private async tryLabels(issueNumber: number, labels: string[]): Promise<void> {
    try {
      await this.addLabels(issueNumber, labels);
    } catch (error) {
      // A missing label permission must not undo a PR that is already open.
      this.log.warning(
        `Could not label #${issueNumber}: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  }

  /** A refusal when the mode forbids `action`; a dry-run result when `dryRunHere`; else undefined. */
  private gate(action: SafeAction, what: string, dryRunHere = true): WriteResult | undefined {
    if (!this.allows(action)) {
      return this.refuse(action, `mode '${this.mode}' does not allow: ${what}`);
    }
    if (dryRunHere && this.dryRun) return this.dry(what);
    return undefined;
  }

  /**
   * Runs a write; when GitHub refuses it because the token lacks a permission, the write is refused
   * (recorded, and warned about with the permission to grant) instead of failing the run.
   */
  private async permitted<T extends WriteResult>(
    action: SafeAction,
    write: () => Promise<T>
  ): Promise<T | WriteResult> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof PermissionError) return this.refuse(action, error.message);
      throw error;
    }
  }

  private refuse(action: SafeAction, reason: string): WriteResult {
    this.refusals.push({ action, reason });
    this.log.warning(`Refused (${action}): ${reason}`);
    return { status: 'refused', reason };
  }

  private dry(what: string): WriteResult {
    this.log.info(`Dry run: would ${what}`);
    return { status: 'dry-run', reason: `dry run: would ${what}` };
  }
}
