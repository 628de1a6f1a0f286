/** The reproduction Plan (DESIGN.md, "Contracts" and "Reproducing like CI"). */
import type { ProjectSpec } from '../sandbox/port.js';

export type Language = ProjectSpec['language'];

/** A sidecar container of the job (`services:`), reached by its name on a private network. */
export interface PlanService {
  name: string;
  image: string;
  /** Plain values only: anything using a secret or the token is dropped. */
  env?: Record<string, string>;
  /** From `--health-*` in `options:`; every other option is dropped. */
  health?: { cmd: string; interval?: string; timeout?: string; retries?: number; startPeriod?: string };
}

/** A step of the job that the plan does not run, and why. */
export interface SkippedStep {
  step: string;
  why: string;
}

export interface Plan {
  image: string;
  language: Language;
  /** The toolchain version the workflow asks for (setup-* input, container tag), when it says. */
  version?: string;
  services: PlanService[];
  /**
   * The `run:` steps before the failing one that install or build, joined with `&&`, each run from
   * the repository root (a step's working directory is a `cd` of its own). Undefined: none.
   */
  install?: string;
  /**
   * The `run:` steps before the failing one that need a job service (`psql -c "CREATE DATABASE …"`),
   * joined with `&&` like the install: the services are up only for test runs, fresh for each, so
   * these run right before the test in every test run (a note says why each moved). Undefined: none.
   */
  setup?: string;
  /** The failing step's command, run in `workingDirectory`. */
  test: string;
  /** Of the test, relative to the repository root (`.` for the root). */
  workingDirectory: string;
  /** Workflow, job and failing-step `env:`, plain values only. */
  env: Record<string, string>;
  /** Where image, install and test came from. */
  from: { image: string; install: string; test: string; setup?: string };
  skipped: SkippedStep[];
  /** What was dropped or guessed (secrets, expressions that cannot be known outside a run, …). */
  notes: string[];
  /** The workflow file, job display name and step the plan reproduces (absent: project files only). */
  workflow?: string;
  job?: string;
  step?: string;
}

/** A workflow or job that cannot be planned: the message says what is wrong and what to do. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}
