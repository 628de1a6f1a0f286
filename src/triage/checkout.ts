/**
 * What the failed job checked out: for a `pull_request` run, actions/checkout fetches and checks out
 * GitHub's merge commit (refs/pull/N/merge, the PR head merged into its base), not the head. Its
 * log says which (actions/checkout `src/git-source-provider.ts` and `src/ref-helper.ts`):
 *
 *   [command]/usr/bin/git -c protocol.version=2 fetch ... origin +<merge>:refs/remotes/pull/N/merge
 *   [command]/usr/bin/git checkout --progress --force refs/remotes/pull/N/merge
 *   HEAD is now at <abbrev> Merge <head> into <base>
 *   [command]/usr/bin/git log -1 --format='%H'        (v2-v4; `--format=%H` in later releases)
 *   '<merge>'
 *
 * Only the first actions/checkout step of the job counts, and only one that ran before the failing
 * step: what the tests print later is the repository's to write. Even so the result is what a log
 * says, unverified: the caller trusts it only when it names the run's head and git confirms it.
 */
import type { MergeCommit } from '../types.js';
import type { LogLine } from './normalize.js';
import type { Section } from './read.js';

const CHECKOUT_STEP = /^Run actions\/checkout@\S+$/;
const HEAD_IS_NOW = /^HEAD is now at ([0-9a-f]{7,40}) Merge ([0-9a-f]{40}) into ([0-9a-f]{40})\s*$/;
const LOG_COMMAND = /^\[command\]\S*git(?:\.exe)? log -1 --format='?%H'?\s*$/;
const FULL_SHA = /^'?([0-9a-f]{40})'?\s*$/;
const FETCH_MERGE =
  /^\[command\]\S*git(?:\.exe)? .*\bfetch\b.* \+([0-9a-f]{40}):refs\/remotes\/pull\/\d+\/merge\s*$/;

/** Whether a section (or a step file's first group) is an actions/checkout step. */
export function isCheckoutStep(name: string): boolean {
  return CHECKOUT_STEP.test(name.trim());
}

/**
 * The merge commit one actions/checkout step's lines name, or undefined when they name none (a
 * push run, a `ref:` input, another repository) or disagree with each other.
 */
export function mergeCommitIn(lines: readonly LogLine[]): MergeCommit | undefined {
  let said: { abbrev: string; head: string; base: string } | undefined;
  const full = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    const m = HEAD_IS_NOW.exec(t);
    if (m) {
      if (said && (said.abbrev !== m[1] || said.head !== m[2] || said.base !== m[3])) return undefined;
      said = { abbrev: m[1], head: m[2], base: m[3] };
      continue;
    }
    const f = FETCH_MERGE.exec(t);
    if (f) full.add(f[1]);
    if (LOG_COMMAND.test(t)) {
      const next = lines[i + 1] ? FULL_SHA.exec(lines[i + 1].text) : null;
      if (next) full.add(next[1]);
    }
  }
  if (!said) return undefined;
  const matching = [...full].filter(s => s.startsWith(said.abbrev));
  // The abbreviation alone cannot be fetched; two different full shas for it are no answer either.
  if (matching.length !== 1) return undefined;
  return { sha: matching[0], head: said.head, base: said.base };
}

/**
 * In a job log split into its steps: the merge commit of the first actions/checkout step that ran
 * before section `before` (the failing step; -1: before the first line of `firstError`, or anywhere
 * when that is -1 too).
 */
export function checkoutInJobLog(
  lines: readonly LogLine[],
  secs: readonly Section[],
  before: number,
  firstError = -1
): MergeCommit | undefined {
  const limit = before >= 0 ? before : secs.length;
  for (let k = 0; k < limit; k++) {
    const s = secs[k];
    if (firstError >= 0 && before < 0 && s.end >= firstError) return undefined;
    if (isCheckoutStep(s.name)) return mergeCommitIn(lines.slice(s.start, s.end + 1));
  }
  return undefined;
}

/** The step's own `##[group]Run ...` header: the first top-level group of a step file. */
export function stepHeader(lines: readonly LogLine[]): string | undefined {
  return lines.find(l => l.marker === 'group')?.text;
}
