/** The Sandbox port: runs untrusted project code with no token and no secret in reach. */

/** How to install and test a project, and in which image. */
export interface ProjectSpec {
  language: 'python' | 'node' | 'go' | 'rust' | 'java' | 'unknown';
  /** Container image (docker sandbox); ignored by the host sandbox. */
  image: string;
  /** Install command, run with network access; undefined when nothing needs installing. */
  install?: string;
  /** Test command, run with `--network none`. */
  test: string;
  /** Why these commands were chosen (for the report). */
  detectedFrom: string;
  /** Plain environment of both phases (the workflow's `env:`); the sandbox's own tool variables win. */
  env?: Record<string, string>;
  /**
   * Sidecar containers of the test phase (the job's `services:`): on a private network without the
   * internet, reachable by name and at localhost (docker sandbox only; the host sandbox warns).
   */
  services?: ServiceSpec[];
  /**
   * When a failed install is skipped and the tests run without it, with a warning: `tooling` (a
   * guessed install: only when it failed for tooling reasons, no `venv`, no pip, a package manager
   * missing from the image), `any` (the workflow's install steps: CI got past them, so their
   * failure here is the sandbox's environment, e.g. no registry). Unset: a failed install ends the run.
   */
  installFallback?: 'tooling' | 'any';
  /**
   * Tree files the install is meant to change (a lockfile it regenerates): the test phase sees them
   * as the install left them. Every other file of the run's tree wins over the kept install's.
   */
  installWrites?: string[];
}

/** One sidecar container (a Plan's service): image, plain env, and its `--health-cmd`. */
export interface ServiceSpec {
  name: string;
  image: string;
  env?: Record<string, string>;
  health?: { cmd: string; interval?: string; timeout?: string; retries?: number; startPeriod?: string };
}

/** One sandbox execution of the install + test commands on a copy of a work tree. */
export interface SandboxRunOptions {
  /** Work tree to test. The sandbox copies it; the original is never modified. */
  workdir: string;
  spec: ProjectSpec;
  /** Wall-clock limit of the test phase in ms. */
  timeoutMs?: number;
  /** Wall-clock limit of the install phase in ms (added; the sandbox's default when unset). */
  installTimeoutMs?: number;
}

export interface SandboxResult {
  exitCode: number;
  /** Combined stdout+stderr of the test phase (install output is prepended when install failed). */
  output: string;
  durationMs: number;
  timedOut: boolean;
  /** Image actually used, or `host`. */
  image: string;
  /** Which phase the result is from. */
  phase: 'install' | 'test';
  /**
   * Machine-readable test reports this run's tests wrote (reports.ts): the JUnit XML pytest was asked
   * for, Maven Surefire's and Gradle's; never one that was in the tree before the run (added).
   */
  reports?: RunReport[];
}

/** One test report file of a run, as read from the copy (untrusted, bounded). */
export interface RunReport {
  /** Path relative to the tree (`(go test -json)`: the events go test printed). */
  file: string;
  /** Who wrote it: pytest (asked for by the sandbox), Maven Surefire/Failsafe, Gradle, go test -json. */
  kind: 'pytest' | 'surefire' | 'gradle' | 'go-json';
  /** The JUnit XML (go-json: the test2json events, one a line). */
  text: string;
}

/** Where a sandbox says what it does; `core.warning` or the CLI's printer fit it (added). */
export type SandboxLog = (message: string) => void;

export interface Sandbox {
  readonly kind: 'docker' | 'host';
  /** False for the host sandbox: it says so loudly. */
  readonly isolated: boolean;
  run(opts: SandboxRunOptions): Promise<SandboxResult>;
  /**
   * Installs done so far (added): the install runs once per spec and tree of dependency files, and
   * every later run starts from its result.
   */
  readonly installs?: number;
  /** Removes what the sandbox keeps between runs (the installed tree); call once, at the end (added). */
  close?(): Promise<void>;
  /**
   * The image by digest (added): `name@sha256:…` when it came from a registry, else its image ID
   * `sha256:…`; undefined when it cannot be told.
   */
  imageDigest?(image: string): Promise<string | undefined>;
}
