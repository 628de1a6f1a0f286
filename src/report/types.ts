/** Inputs of the report builders, made of the records in src/types.ts. */
import type { DependencyInfo } from './dependency.js';
import type { MetricsReport } from '../state/metrics.js';
import type {
  Attempt,
  Diagnosis,
  Edit,
  Evidence,
  FailedRun,
  HealStatus,
  ModelUsage,
  Outcome,
  Reproduction,
  Triage
} from '../types.js';

/** How the project was tested (a subset of the sandbox's ProjectSpec). */
export interface ProjectInfo {
  language?: string;
  image: string;
  install?: string;
  test: string;
  detectedFrom?: string;
}

/** One sandbox run as the repair stage reports it (a subset of the sandbox's SandboxResult). */
export interface SandboxRun {
  exitCode: number;
  output: string;
  durationMs?: number;
  image?: string;
}

/** What the repair loop did (a subset of the repair stage's RepairResult). */
export interface RepairSummary {
  attempts: Attempt[];
  /** Why it stopped without a fix, when it did. */
  reason?: string;
  usage?: ModelUsage;
  /** The regression test, and its failing run on the broken commit. */
  regressionTest?: { file: string; content?: string; failedBefore?: SandboxRun };
  /** The verifying run of the whole suite with the fix. */
  after?: SandboxRun;
  /** The verified fix's edits (shown in the job summary when it could not be delivered). */
  edits?: Edit[];
  /** The proof the fix carries. */
  evidence?: Evidence;
  /** The fix changes an existing test's expectations (the diagnosis says the test is wrong). */
  changesTestExpectations?: boolean;
  /** The dependency update the repair adapted the code to (the dependency lane). */
  dependency?: DependencyInfo;
}

/** A fix's risk (repair/risk.ts) against the `max-risk` setting. */
export interface RiskInfo {
  /** 0..1 */
  score: number;
  reasons: string[];
  max: number;
  /** Above `max`, or the fix changes a test's expectations: a draft PR labelled for review. */
  needsReview: boolean;
}

/** One run of the tests as evidence: before (the reproduction) or after (the fix). */
export interface TestEvidence {
  command: string;
  image: string;
  exitCode: number;
  outputTail: string;
  durationMs?: number;
}

/** A write that safe-outputs refused. */
export interface RefusalNote {
  action: string;
  reason: string;
}

/** Input of pullRequestBody. */
export interface PullRequestInput {
  run: FailedRun;
  triage: Triage;
  diagnosis: Diagnosis;
  reproduction: Reproduction;
  repair: RepairSummary;
  /** `git diff` of the fix commit against the failing commit (fix and regression test). */
  diff: string;
  branch: string;
  spec?: ProjectInfo;
  /** The passing test run of the fix; derived from the passing attempt when absent. */
  after?: TestEvidence;
  /** The fix's risk; shown with its reasons, and why it is a draft when it needs review. */
  risk?: RiskInfo;
}

/** Input of issueBody. */
export interface IssueInput {
  run: FailedRun;
  triage: Triage;
  diagnosis: Diagnosis;
  reproduction?: Reproduction;
  repair?: RepairSummary;
  /** Why Nightwatch escalates instead of fixing. */
  reason: string;
  spec?: ProjectInfo;
}

/** Input of diagnosisComment. */
export interface CommentInput {
  run: FailedRun;
  triage: Triage;
  diagnosis: Diagnosis;
}

/** Input of jobSummary. */
export interface SummaryInput {
  status: HealStatus;
  outcome?: Outcome;
  mode?: string;
  dryRun?: boolean;
  run?: FailedRun;
  triage?: Triage;
  diagnosis?: Diagnosis;
  reproduction?: Reproduction;
  /** The attempts, or just their number. */
  attempts?: Attempt[] | number;
  refusals?: RefusalNote[];
  usage?: ModelUsage;
  /** The metrics after this run: shown with a chart at the end of the summary. */
  metrics?: MetricsReport;
  /** The heal stage's report (the pipeline result carries it); fills reproduction, attempts and usage when those are absent. */
  heal?: { reproduction?: Reproduction; repair?: RepairSummary };
}
