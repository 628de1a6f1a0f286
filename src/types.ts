/**
 * The records that flow between the pipeline stages (see DESIGN.md).
 * Stages exchange only these plain, JSON-serialisable records.
 */

/** A failed (or dispatched) workflow run that Nightwatch was asked to look at. */
export interface FailedRun {
  owner: string;
  repo: string;
  runId: number;
  runAttempt: number;
  workflow: string;
  /** Path of the workflow file, e.g. `.github/workflows/ci.yml`, when known. */
  workflowPath?: string;
  headSha: string;
  headBranch: string;
  event: string;
  conclusion: string | null;
  pullRequests: number[];
  headRepository: string;
  /** True when the head repository differs from the base repository (by id). */
  isFork: boolean;
  htmlUrl: string;
  /** Message of the head commit, when known (the loop guard reads its trailer). */
  headCommitMessage?: string;
  /** The base branch of the run's pull request and its commit then, when the run is a PR's (same repository). */
  pullBase?: { ref: string; sha: string };
}

/** The category of a failure. */
export type Category =
  'test' | 'build' | 'lint' | 'dependency' | 'infra' | 'timeout' | 'cancelled' | 'unknown';

/** A region of a log file; lines are 1-based into the file as given, end inclusive. */
export interface Chunk {
  file: string;
  startLine: number;
  endLine: number;
  text: string;
}

/** One structured failure extracted from a log. */
export interface Failure {
  tool: string;
  errorType?: string;
  message: string;
  file?: string;
  line?: number;
  testName?: string;
}

/** What the triage found in a run's logs. */
export interface Triage {
  job: string;
  step: string;
  category: Category;
  chunk: Chunk;
  failures: Failure[];
  fingerprint: string;
  /** Name of a known infra/flaky pattern (e.g. `network-timeout`), when one matched. */
  knownPattern?: string;
  /** What the triage skipped or could not read (bad input is reported, not fatal). */
  notes?: string[];
  /**
   * The merge commit the failed job's actions/checkout step says it checked out (a `pull_request`
   * run tests `head` merged into `base`, not the head): as the log says it, so unverified (added).
   */
  checkout?: MergeCommit;
}

/** A merge commit GitHub made for a pull request (refs/pull/N/merge): `head` merged into `base`. */
export interface MergeCommit {
  sha: string;
  head: string;
  base: string;
}

/** The root cause, from the rules or the model. */
export interface Diagnosis {
  source: 'rules' | 'model';
  rootCause: string;
  category: Category;
  /** 0..1 */
  confidence: number;
  file?: string;
  line?: number;
  plan?: string;
}

/** One run of the test command in a sandbox. */
export interface Reproduction {
  reproduced: boolean;
  command: string;
  image: string;
  /** The image by digest (`name@sha256:…`, or the local image ID `sha256:…`), when known (added). */
  imageDigest?: string;
  exitCode: number;
  durationMs: number;
  outputTail: string;
  /** Why it did or did not count as the same failure. */
  reason?: string;
  /** The merge commit the reproduction ran at, as CI did, when not the head itself (added). */
  mergeCommit?: MergeCommit;
}

/** An exact search/replace edit of one file (search empty = create the file with `replace`). */
export interface Edit {
  file: string;
  search: string;
  replace: string;
}

/** Verdict of one repair attempt. */
export type Verdict = 'pass' | 'fail' | 'invalid';

/** One repair attempt, deterministic or by the model. */
export interface Attempt {
  n: number;
  /** `fixer:<name>` or `model`. */
  source: string;
  edits: Edit[];
  verdict: Verdict;
  outputTail: string;
  /** Short explanation: what the fixer/model did or why the attempt was invalid. */
  summary?: string;
  /** Regression test added by this attempt (path), if any. */
  regressionTest?: string;
}

/** A test run's totals as the runner printed them (failed includes errored). */
export interface RunCounts {
  exitCode: number;
  passed: number;
  failed: number;
  skipped: number;
  /** False when no runner's totals could be read: then only the exit code says anything. */
  readable: boolean;
}

/** The proof a fix carries (repair/proof.ts): which tests went from fail to pass, and the totals. */
export interface Evidence {
  /** Test ids red in the reproduction. */
  failing: string[];
  /** Of those, green in the verified run. */
  fixed: string[];
  before: RunCounts;
  after: RunCounts;
  /** Re-runs of the failing tests after the fix (each passed). */
  reruns: number;
  /** The runners whose output was read. */
  runners: string[];
  /** What the accounting could not tell. */
  notes: string[];
  /**
   * What guards against the bug coming back: a new regression test, or (for a deterministic fix) the
   * reproduction's own failing tests.
   */
  guard?: 'regression-test' | 'failing-tests';
  regressionTest?: string;
}

/** What Nightwatch finally did about a run. */
export type Outcome =
  | { kind: 'fixed'; branch: string; prUrl?: string; prNumber?: number }
  | { kind: 'escalated'; issueUrl?: string; issueNumber?: number; reason: string }
  | {
      kind: 'diagnosed';
      commentUrl?: string;
      /** Why only a diagnosis (e.g. the breaker is open). */ reason?: string;
    }
  | { kind: 'rerun'; jobs: number[] }
  | { kind: 'skipped'; reason: string }
  /** Delivery failed after the heal (a refused token, an API fault); what was found is kept. */
  | { kind: 'error'; message: string };

/** The status reported in the `status` output and by the CLI. */
export type HealStatus =
  | 'fixed'
  | 'escalated'
  | 'diagnosed'
  | 'rerun'
  | 'skipped'
  | 'not-reproduced'
  | 'passing'
  | 'proposed'
  | 'error';

/** Token use of the model during one heal. */
export interface ModelUsage {
  calls: number;
  promptTokens: number;
  outputTokens: number;
  estimatedCostUsd: number;
}

/** The package ecosystems the dependency lane reads (src/deps). */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven';

/** How much a usage of a changed API hurts: worst first. */
export type ImpactSeverity = 'breaks-build' | 'breaks-tests' | 'deprecation' | 'minor';

/** One usage in the codebase of a symbol the release notes or the failures name. */
export interface ImpactItem {
  /** Repository-relative path. */
  file: string;
  /** 1-based. */
  line: number;
  symbol: string;
  severity: ImpactSeverity;
}

/**
 * What the dependency lane decided about a failing commit that bumps a dependency: `auto` (a
 * deterministic fixer adapts every usage), `model` (the repair loop, with the notes and the impact
 * report in its prompt), `human` (too broad: an escalation issue). The update itself always stays.
 */
export type DependencyDecision = 'auto' | 'model' | 'human';

/** A dependency update that the failing commit made (DESIGN.md, Contracts: `heal --json` `dependency`). */
export interface DependencyChange {
  name: string;
  ecosystem: Ecosystem;
  from: string;
  to: string;
  /** Changelog entries between the versions (from exclusive, to inclusive), as text, breaking first. */
  notes: string[];
  impact: ImpactItem[];
  decision: DependencyDecision;
}
