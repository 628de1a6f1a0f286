/**
 * The action's StateStore: the state is a run artifact named `nightwatch-state`. Loading takes the
 * newest such artifact of the repository (any run); saving uploads a new one from this run.
 *
 * The artifact client reads ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL itself, and its public
 * download builds its own Octokit from GITHUB_API_URL; both are set by the runner.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { STATE_ARTIFACT } from '../constants.js';
import { createOctokit } from '../delivery/github.js';
import { type Logger, silentLogger } from '../delivery/ports.js';
import type { NightwatchState, StateStore } from './port.js';
import { STATE_FILE, emptyState, parseState, serializeState } from './state.js';
import { readArtifactFile } from './artifact-file.js';

/** The part of the artifact client the store uses (DefaultArtifactClient in production). */
export interface StateArtifactClient {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number }
  ): Promise<{ id?: number }>;
  downloadArtifact(
    artifactId: number,
    options?: {
      path?: string;
      findBy?: { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string };
      skipDecompress?: boolean;
    }
  ): Promise<{ downloadPath?: string }>;
  deleteArtifact(name: string): Promise<{ id: number }>;
}

/** Options of ArtifactStateStore. */
export interface ArtifactStateStoreOptions {
  token: string;
  owner: string;
  repo: string;
  /** REST base URL (GITHUB_API_URL). */
  apiBaseUrl: string;
  /** The current run, which the saved artifact belongs to. */
  runId: number;
  log?: Logger;
  /** Days GitHub keeps each state artifact; the next run copies it forward. */
  retentionDays?: number;
  /** How many of the newest artifacts to try when the newest cannot be read. */
  maxCandidates?: number;
  client?: StateArtifactClient;
  /** Scratch folder (RUNNER_TEMP); the OS temp folder by default. */
  tempDir?: string;
  /** Passed to the Octokit used for listing (tests shorten the retry waits). */
  retryAfterBaseMs?: number;
}

interface ListedArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at?: string | null;
  workflow_run?: { id?: number } | null;
}

/** State kept as the `nightwatch-state` run artifact. */
export class ArtifactStateStore implements StateStore {
  private readonly log: Logger;
  private readonly client: StateArtifactClient;
  /** Set when the previous state exists but could not be fetched: saving then would erase history. */
  private unreadable = false;

  constructor(private readonly options: ArtifactStateStoreOptions) {
    this.log = options.log ?? silentLogger;
    this.client = options.client ?? new DefaultArtifactClient();
  }

  async load(): Promise<NightwatchState> {
    let candidates: ListedArtifact[];
    try {
      candidates = await this.listStateArtifacts();
    } catch (error) {
      this.unreadable = true;
      this.log.warning(
        `Could not list the state artifacts (${message(error)}); starting empty and not saving over the old state`
      );
      return emptyState();
    }
    if (candidates.length === 0) {
      this.log.info(`No '${STATE_ARTIFACT}' artifact yet; starting with an empty state`);
      return emptyState();
    }
    for (const artifact of candidates.slice(0, this.options.maxCandidates ?? 3)) {
      try {
        const state = await this.download(artifact);
        this.log.info(`Loaded state from artifact ${artifact.id} (run ${artifact.workflow_run?.id ?? '?'})`);
        return state;
      } catch (error) {
        this.log.warning(`Ignoring state artifact ${artifact.id}: ${message(error)}`);
      }
    }
    this.log.warning('No readable state artifact; starting with an empty state');
    return emptyState();
  }

  async save(state: NightwatchState): Promise<void> {
    if (this.unreadable) {
      this.log.warning(
        'Not saving the state: the previous state could not be read, and saving would replace it'
      );
      return;
    }
    const dir = await fs.mkdtemp(path.join(this.options.tempDir ?? os.tmpdir(), 'nightwatch-state-'));
    try {
      const file = path.join(dir, STATE_FILE);
      await fs.writeFile(file, serializeState(state));
      const upload = (): Promise<{ id?: number }> =>
        this.client.uploadArtifact(STATE_ARTIFACT, [file], dir, {
          retentionDays: this.options.retentionDays ?? 90
        });
      try {
        const r = await upload();
        this.log.info(`Saved state as artifact ${r.id ?? '?'} of run ${this.options.runId}`);
      } catch (error) {
        // An artifact name is unique within a run: a second save in the same run replaces the first.
        this.log.debug(`State upload failed (${message(error)}); replacing this run's state artifact`);
        try {
          await this.client.deleteArtifact(STATE_ARTIFACT);
        } catch {
          throw error;
        }
        const r = await upload();
        this.log.info(`Replaced the state artifact of run ${this.options.runId} (artifact ${r.id ?? '?'})`);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /** Unexpired state artifacts of the repository, newest first. */
  private async listStateArtifacts(): Promise<ListedArtifact[]> {
    const octokit = createOctokit({
      token: this.options.token,
      owner: this.options.owner,
      repo: this.options.repo,
      baseUrl: this.options.apiBaseUrl,
      log: this.log,
      retryAfterBaseMs: this.options.retryAfterBaseMs
    });
    const { data } = await octokit.rest.actions.listArtifactsForRepo({
      owner: this.options.owner,
      repo: this.options.repo,
      name: STATE_ARTIFACT,
      per_page: 100
    });
    return (data.artifacts as ListedArtifact[])
      .filter(a => a.name === STATE_ARTIFACT && !a.expired)
      .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  }

  private async download(artifact: ListedArtifact): Promise<NightwatchState> {
    const runId = artifact.workflow_run?.id;
    if (runId === undefined) throw new Error('the artifact names no workflow run');
    const dir = await fs.mkdtemp(path.join(this.options.tempDir ?? os.tmpdir(), 'nightwatch-state-'));
    try {
      await this.client.downloadArtifact(artifact.id, {
        path: dir,
        findBy: {
          token: this.options.token,
          workflowRunId: runId,
          repositoryOwner: this.options.owner,
          repositoryName: this.options.repo
        },
        skipDecompress: true
      });
      const text = await readArtifactFile(dir, STATE_FILE);
      return parseState(text);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
