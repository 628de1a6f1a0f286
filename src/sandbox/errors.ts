/** Expected failures of the sandbox, as typed errors (STYLE.md 7). */

/** The sandbox cannot run at all: no Docker daemon, or the image is neither present nor pullable. */
export class SandboxUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'daemon' | 'image'
  ) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

/** Docker itself failed (not the project's code): a container could not be created or started. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** The project's kind could not be told and no test command was given. */
export class ProjectDetectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectDetectionError';
  }
}
