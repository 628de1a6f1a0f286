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
}

/** Where a sandbox says what it does; `core.warning` or the CLI's printer fit it (added). */
export type SandboxLog = (message: string) => void;

export interface Sandbox {
  readonly kind: 'docker' | 'host';
  /** False for the host sandbox: it says so loudly. */
  readonly isolated: boolean;
  run(opts: SandboxRunOptions): Promise<SandboxResult>;
}
