/** Picks the sandbox: Docker when the daemon answers, else (when allowed) the host, loudly. */
import { createDockerSandbox, type DockerSandboxOptions } from './docker.js';
import { SandboxUnavailableError } from './errors.js';
import { createHostSandbox, type HostSandboxOptions } from './host.js';
import type { Sandbox, SandboxLog } from './port.js';

export { detectProject, isRunnableTestCommand, DEFAULT_IMAGES, type DetectOverrides } from './detect.js';
export { createDockerSandbox, DockerSandbox, SANDBOX_LABEL, type DockerSandboxOptions } from './docker.js';
export { ProjectDetectionError, SandboxError, SandboxUnavailableError } from './errors.js';
export { createHostSandbox, HostSandbox, HOST_SANDBOX_WARNING, type HostSandboxOptions } from './host.js';
export { reproduce, sameFailure, type ReproduceOptions, type ReproductionDetail } from './reproduce.js';
export { findToolchain, imageToolVersion, type Toolchain } from './toolchain.js';
export type {
  ProjectSpec,
  RunReport,
  Sandbox,
  SandboxLog,
  SandboxResult,
  SandboxRunOptions
} from './port.js';

/** Which sandbox to use; `auto` = docker if the daemon answers, else host with a warning. */
export type SandboxKind = 'docker' | 'host' | 'auto';

/** Options passed through to the sandbox that is made. */
export interface CreateSandboxOptions {
  docker?: DockerSandboxOptions;
  host?: HostSandboxOptions;
}

/**
 * Makes the sandbox of `kind`. `docker` throws `SandboxUnavailableError` when the daemon does not
 * answer; `auto` falls back to the host sandbox then. `log` gets the warnings (host not isolated,
 * fallback); the Docker sandbox's progress lines go to `opts.docker.log` when given.
 */
export async function createSandbox(
  kind: SandboxKind,
  log: SandboxLog,
  opts: CreateSandboxOptions = {}
): Promise<Sandbox> {
  if (kind === 'host') return createHostSandbox(log, opts.host);
  try {
    return await createDockerSandbox(opts.docker);
  } catch (error) {
    if (kind === 'auto' && error instanceof SandboxUnavailableError) {
      log(`${error.message}. Falling back to the host sandbox.`);
      return createHostSandbox(log, opts.host);
    }
    throw error;
  }
}
