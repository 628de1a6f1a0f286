/** Artifact storage shared by the GitHub REST emulator and the Twirp artifact service. */
import { createHash, randomBytes } from 'node:crypto';

/** One artifact as both the REST API and the results service see it. */
export interface StoredArtifact {
  id: number;
  name: string;
  owner: string;
  repo: string;
  /** The public workflow run id (what REST lists artifacts by). */
  runId: number;
  /** The results-service ids of the run and job that uploaded it (from the runtime token's scp claim). */
  runBackendId: string;
  jobBackendId: string;
  /** The zip as uploaded to blob storage (what the REST `zip` download redirects to). */
  data: Buffer;
  /** Blocks staged with `comp=block` but not yet committed with `comp=blocklist`. */
  stagedBlocks: Map<string, Buffer>;
  finalized: boolean;
  /** Content type of the blob (`application/zip` unless uploaded with skipArchive). */
  mimeType: string;
  /** The digest the client sent with FinalizeArtifact (`sha256:<hex>`), if any. */
  digest: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  headSha: string;
  headBranch: string;
  /** Random part of the signed blob URL, so a blob URL is only usable when it was handed out. */
  sig: string;
}

/** The run a results-service backend id stands for. */
export interface RunBinding {
  owner: string;
  repo: string;
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  headSha: string;
  headBranch: string;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** In-memory artifact storage; one instance is passed to both servers. */
export class ArtifactStore {
  readonly artifacts: StoredArtifact[] = [];
  private readonly bindings = new Map<string, RunBinding>();
  private nextId = 9000001;

  /** Registers the run a runtime token belongs to (the results service only sees backend ids). */
  bind(b: RunBinding): void {
    this.bindings.set(b.runBackendId, b);
  }

  binding(runBackendId: string): RunBinding | undefined {
    return this.bindings.get(runBackendId);
  }

  /** Adds an artifact directly (for seeding state a previous run left). */
  add(a: {
    owner: string;
    repo: string;
    runId: number;
    name: string;
    data?: Buffer;
    finalized?: boolean;
    expired?: boolean;
    headSha?: string;
    headBranch?: string;
    runBackendId?: string;
    jobBackendId?: string;
    createdAt?: Date;
  }): StoredArtifact {
    const created = a.createdAt ?? new Date();
    const data = a.data ?? Buffer.alloc(0);
    const art: StoredArtifact = {
      id: this.nextId++,
      name: a.name,
      owner: a.owner,
      repo: a.repo,
      runId: a.runId,
      runBackendId: a.runBackendId ?? `run-${a.runId}`,
      jobBackendId: a.jobBackendId ?? `job-${a.runId}`,
      data,
      stagedBlocks: new Map(),
      mimeType: 'application/zip',
      finalized: a.finalized ?? true,
      digest: data.length ? `sha256:${createHash('sha256').update(data).digest('hex')}` : null,
      createdAt: isoSeconds(created),
      expiresAt: isoSeconds(new Date(created.getTime() + 90 * 24 * 3600 * 1000)),
      expired: a.expired ?? false,
      headSha: a.headSha ?? '0'.repeat(40),
      headBranch: a.headBranch ?? 'main',
      sig: randomBytes(12).toString('hex')
    };
    this.artifacts.push(art);
    return art;
  }

  byId(id: number): StoredArtifact | undefined {
    return this.artifacts.find(a => a.id === id);
  }

  /** Finalized artifacts of a repository, newest first (the order the REST API lists them in). */
  forRepo(owner: string, repo: string): StoredArtifact[] {
    return this.artifacts
      .filter(a => a.finalized && sameName(a.owner, owner) && sameName(a.repo, repo))
      .sort((x, y) => y.id - x.id);
  }

  remove(id: number): boolean {
    const i = this.artifacts.findIndex(a => a.id === id);
    if (i < 0) return false;
    this.artifacts.splice(i, 1);
    return true;
  }
}

/** GitHub owner and repository names compare case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
