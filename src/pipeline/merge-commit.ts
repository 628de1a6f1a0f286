/**
 * What CI really checked out. A `pull_request` run does not test the PR head: actions/checkout
 * fetches GitHub's merge commit (refs/pull/N/merge, the head merged into the base branch as it was
 * then) and the job's log says which. Nightwatch reproduces at that commit, so a failure that only
 * the merge shows (the base moved on) reproduces as CI saw it; the fix still goes onto the head,
 * because the fix branch is compared with the head and CI will merge head + fix into the base again.
 */
import { applyEdits } from '../repair/edits.js';
import { treeDir } from '../fs/index.js';
import type { Git, Logger } from '../delivery/ports.js';
import type { Edit, FailedRun, MergeCommit, Triage } from '../types.js';

/** The merge commit CI ran, checked out in a clone of its own. */
export interface MergeCheckout {
  git: Git;
  merge: MergeCommit;
}

const short = (sha: string): string => sha.slice(0, 7);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Checks out in `dir` the merge commit the failed job's actions/checkout step names, when it names
 * a merge of the run's own head and git agrees (the fetched commit's parents are the base and the
 * head the log names). Otherwise undefined, the reason said as a warning when there was a merge
 * commit to reproduce: the caller reproduces at the head.
 */
export async function checkoutMergeCommit(o: {
  run: FailedRun;
  triage: Triage;
  createGit: (dir: string) => Promise<Git>;
  dir: string;
  repoUrl: string;
  token?: string;
  log: Logger;
}): Promise<MergeCheckout | undefined> {
  const said = o.triage.checkout;
  if (!said || said.sha === o.run.headSha) return undefined;
  const { log, run } = o;
  if (said.head !== run.headSha) {
    // The log is the repository's to write: a merge of any other commit is not what this run tested.
    log.warning(
      `The failed job's checkout names a merge of ${short(said.head)}, not of the run's head ${short(run.headSha)}; reproducing at the head`
    );
    return undefined;
  }
  try {
    const git = await o.createGit(o.dir);
    await git.fetchAndCheckout(o.repoUrl, said.sha, o.token);
    if (!git.commitParents) throw new Error('this git cannot read a commit’s parents');
    const parents = await git.commitParents(said.sha);
    if (parents.length !== 2 || parents[0] !== said.base || parents[1] !== said.head) {
      throw new Error(
        `its parents are ${parents.map(short).join(', ') || 'none'}, not ${short(said.base)} and ${short(said.head)} as its log says`
      );
    }
    log.info(
      `CI tested the merge commit ${said.sha} of ${said.head} into ${said.base}, not the head alone: reproducing there`
    );
    return { git, merge: said };
  } catch (error) {
    log.warning(
      `Could not check out the merge commit ${said.sha} that CI tested (${message(error)}); ` +
        `reproducing at the PR head ${short(run.headSha)} instead, which may pass where the merge failed`
    );
    return undefined;
  }
}

/**
 * Applies a fix verified at the merge commit onto the PR head's clean checkout (`head`), where the
 * fix branch starts; undefined when it applied, else why not (the fix is then escalated, not
 * delivered: what was verified would not be what is pushed).
 */
export async function applyFixToHead(
  head: Git,
  workingDirectory: string,
  edits: Edit[],
  merge: MergeCommit
): Promise<string | undefined> {
  const applied = await applyEdits(await treeDir(head.dir, workingDirectory), edits);
  if (applied.ok) return undefined;
  return (
    `the fix was verified at the merge commit ${short(merge.sha)} (the PR head merged into ${short(merge.base)}, as CI ran it) ` +
    `but does not apply to the PR head ${short(merge.head)}: ${applied.reason}. Merge or rebase the base branch into the PR, then re-run`
  );
}
