/**
 * The action's StateStore: the state is a run artifact named `nightwatch-state`. Loading takes the
 * newest such artifact that Nightwatch's own workflow wrote in this repository (trust.ts: any other
 * run, a fork's above all, may have planted it, and is ignored with a warning naming the run); saving
 * uploads a new one from this run.
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
import {
  type ArtifactRun,
  type TrustedOrigin,
  listedDistrust,
  runDistrust,
  workflowPathOf
} from './trust.js';

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
  /**
   * GITHUB_WORKFLOW_REF of this run (`owner/repo/.github/workflows/x.yml@refs/heads/main`): only
   * state written by runs of this workflow file is loaded. Without it no state is trusted.
   */
  workflowRef: string | undefined;
  /** GITHUB_REPOSITORY_ID, checked against the runs' repository ids when given. */
  repositoryId?: number;
  /** How many state artifacts to look through for trusted ones (default 1000, in pages of 100). */
  maxListed?: number;
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
  workflow_run?: { id?: number; repository_id?: number; head_repository_id?: number } | null;
}

/** How many distrust warnings are printed one by one before the rest are counted. */
const MAX_DISTRUST_WARNINGS = 10;

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
    let origin: TrustedOrigin;
    try {
      const { owner, repo, repositoryId } = this.options;
      origin = {
        owner,
        repo,
        repositoryId,
        workflowPath: workflowPathOf(this.options.workflowRef, owner, repo)
      };
    } catch (error) {
      this.unreadable = true;
      this.log.warning(`Not loading any state: ${message(error)}; starting empty and not saving`);
      return emptyState();
    }
    let candidates: ListedArtifact[];
    try {
      candidates = await this.trustedStateArtifacts(origin);
    } catch (error) {
      this.unreadable = true;
      this.log.warning(
        `Could not list the state artifacts (${message(error)}); starting empty and not saving over the old state`
      );
      return emptyState();
    }
    if (candidates.length === 0) {
      this.log.info(
        `No '${STATE_ARTIFACT}' artifact of ${origin.workflowPath} yet; starting with an empty state`
      );
      return emptyState();
    }
    for (const artifact of candidates) {
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

  /**
   * The newest unexpired state artifacts (at most maxCandidates) whose run is a run of `origin`'s
   * workflow in this repository from its own code; every other one is named in a warning.
   */
  private async trustedStateArtifacts(origin: TrustedOrigin): Promise<ListedArtifact[]> {
    const octokit = createOctokit({
      token: this.options.token,
      owner: this.options.owner,
      repo: this.options.repo,
      baseUrl: this.options.apiBaseUrl,
      log: this.log,
      retryAfterBaseMs: this.options.retryAfterBaseMs
    });
    const want = this.options.maxCandidates ?? 3;
    const maxListed = this.options.maxListed ?? 1000;
    const runs = new Map<number, string | undefined>();
    const trusted: ListedArtifact[] = [];
    let distrusted = 0;
    const distrust = (artifact: ListedArtifact, reason: string): void => {
      distrusted += 1;
      if (distrusted <= MAX_DISTRUST_WARNINGS)
        this.log.warning(
          `Ignoring state artifact ${artifact.id} of run ${artifact.workflow_run?.id ?? '?'}: ${reason}; ` +
            `only state written by ${origin.workflowPath} in ${origin.owner}/${origin.repo} is loaded`
        );
    };
    let listed = 0;
    for (let page = 1; trusted.length < want && listed < maxListed; page++) {
      const { data } = await octokit.rest.actions.listArtifactsForRepo({
        owner: this.options.owner,
        repo: this.options.repo,
        name: STATE_ARTIFACT,
        per_page: 100,
        page
      });
      const artifacts = data.artifacts as ListedArtifact[];
      listed += artifacts.length;
      const fresh = artifacts
        .filter(a => a.name === STATE_ARTIFACT && !a.expired)
        .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
      for (const artifact of fresh) {
        if (trusted.length >= want) break;
        const early = listedDistrust(artifact.workflow_run, origin);
        if (early) {
          distrust(artifact, early);
          continue;
        }
        const runId = artifact.workflow_run!.id!;
        if (!runs.has(runId)) runs.set(runId, await this.runReason(octokit, runId, origin));
        const reason = runs.get(runId);
        if (reason) distrust(artifact, reason);
        else trusted.push(artifact);
      }
      if (artifacts.length < 100) break;
    }
    if (distrusted > MAX_DISTRUST_WARNINGS)
      this.log.warning(`Ignored ${distrusted - MAX_DISTRUST_WARNINGS} more state artifacts of other runs`);
    return trusted;
  }

  /** Why run `runId` may not have written the state (undefined: it may); an API error other than 404 throws. */
  private async runReason(
    octokit: ReturnType<typeof createOctokit>,
    runId: number,
    origin: TrustedOrigin
  ): Promise<string | undefined> {
    try {
      const { data } = await octokit.rest.actions.getWorkflowRun({
        owner: this.options.owner,
        repo: this.options.repo,
        run_id: runId
      });
      return runDistrust(data as ArtifactRun, origin);
    } catch (error) {
      if ((error as { status?: number }).status === 404)
        return `run ${runId} is not a run of this repository`;
      throw new Error(`could not read run ${runId} to check where its state came from: ${message(error)}`);
    }
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
