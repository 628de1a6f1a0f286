import type { Git, GitHub, Logger } from '../delivery/ports.js';
import type { Refusal } from '../delivery/safe-outputs.js';
import type { Model } from '../model/port.js';
import type { Sandbox } from '../sandbox/port.js';
import type { Settings } from '../settings.js';
import type { MetricsReport } from '../state/metrics.js';
import type { StateStore } from '../state/port.js';
import type { Diagnosis, FailedRun, HealStatus, Outcome, Triage } from '../types.js';
import type { HealReport } from './heal.js';
import type { ProposalStore } from './propose.js';

/** The types every stage shares (DESIGN.md): what the pipeline reads and what it returns. */

/** A logger that can also group a stage's lines (core.group in the action). */
export interface StageLogger extends Logger {
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Everything the pipeline reads and the ports it acts through; built by main.ts. */
export interface PipelineContext {
  settings: Settings;
  eventName: string;
  payload: Record<string, unknown>;
  owner: string;
  repo: string;
  /** Scratch space (RUNNER_TEMP). */
  tempDir: string;
  github: GitHub;
  state: StateStore;
  createGit: (dir: string) => Promise<Git>;
  createSandbox: () => Promise<Sandbox>;
  model?: Model;
  /** Token for pushes and PRs when it differs from the job token (a GitHub App token starts CI). */
  writeToken?: string;
  /** Where a `propose` job leaves its proposal and a `publish` job finds it. */
  proposals: ProposalStore;
  /** GitHub client for writes, made with `writeToken`; reads always use `github`. */
  writeGithub?: GitHub;
  /** Uploads the dashboard page (the `dashboard` input; an artifact in the action). */
  publishDashboard?: (html: string) => Promise<void>;
  /** The repository's web address (`{server}/{owner}/{repo}`), for links to runs. */
  repoUrl?: string;
  log: StageLogger;
}

/** What the pipeline did, for the outputs and the job summary. */
export interface PipelineResult {
  status: HealStatus;
  outcome: Outcome;
  run?: FailedRun;
  triage?: Triage;
  diagnosis?: Diagnosis;
  heal?: HealReport;
  attempts: number;
  refusals: Refusal[];
  /** The metrics of the state as recorded after this run (the job summary shows them). */
  metrics?: MetricsReport;
}

/** Delivery failed after the heal; `result` is what the pipeline found (already recorded in the state). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly result: PipelineResult
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
