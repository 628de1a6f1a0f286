/**
 * The action's StateStore. Each run uploads its own immutable artifact `nightwatch-events-<run>-<attempt>`
 * holding its events (events.json) and the snapshot it folded (state.json). Loading takes the newest
 * snapshot, then folds every batch of the last `retention.days` days that snapshot has not folded, so
 * runs at the same time never lose each other's updates. Only artifacts Nightwatch's own workflow
 * wrote in this repository are read (trust.ts: any other run, a fork's above all, may have planted
 * them, and is ignored with a warning naming the run). The older single `nightwatch-state` artifact is
 * read as a snapshot.
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
import {
  DEFAULT_RETENTION,
  EVENTS_FILE,
  type Retention,
  type SavedBatch,
  foldBatches,
  parseBatch,
  prune,
  serializeBatch
} from './events.js';
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
  /** The current run's attempt (GITHUB_RUN_ATTEMPT), part of the artifact's name; 1 by default. */
  runAttempt?: number;
  /** How long events are read and kept (default 30 days; fingerprints 180 days after last seen). */
  retention?: Retention;
  /** How many unfolded event batches one load reads at most (default 300). */
  maxBatches?: number;
  /** Never save (the CLI reading a repository's state from anywhere). */
  readOnly?: boolean;
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
  /** Days GitHub keeps each artifact (default 90); every run copies the snapshot forward. */
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

/** Prefix of the per-run state artifacts: `nightwatch-events-<runId>-<attempt>`. */
export const EVENTS_ARTIFACT_PREFIX = 'nightwatch-events-';

const DAY = 24 * 60 * 60 * 1000;

function isStateArtifact(name: string): boolean {
  return name === STATE_ARTIFACT || name.startsWith(EVENTS_ARTIFACT_PREFIX);
}

/** State kept as run artifacts: one immutable batch of events and a snapshot per run. */
export class ArtifactStateStore implements StateStore {
  private readonly log: Logger;
  private readonly client: StateArtifactClient;
  /** Set when the previous state could not be listed: this run then saves its events without a snapshot. */
  private unreadable = false;
  /** How many of the state's pending events were already saved (a second save uploads only the rest). */
  private saved = 0;
  /** The batches this store saved, folded into every later snapshot it saves. */
  private savedBatches: Record<string, string> = {};

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
      candidates = await this.listStateArtifacts();
    } catch (error) {
      this.unreadable = true;
      this.log.warning(
        `Could not list the state artifacts (${message(error)}); starting empty, and saving this run's events without a snapshot`
      );
      return emptyState();
    }
    const trust = this.trustChecker(origin);
    let state = emptyState();
    let snapshotId: number | undefined;
    let tried = 0;
    for (const artifact of candidates) {
      if (tried >= (this.options.maxCandidates ?? 3)) break;
      if (!(await trust(artifact))) continue;
      tried += 1;
      try {
        state = parseState(await this.download(artifact, STATE_FILE));
        snapshotId = artifact.id;
        this.log.info(
          `Loaded the state snapshot of artifact ${artifact.id} (run ${artifact.workflow_run?.id ?? '?'})`
        );
        break;
      } catch (error) {
        this.log.warning(`Ignoring state artifact ${artifact.id}: ${message(error)}`);
      }
    }
    if (snapshotId === undefined && candidates.length === 0)
      this.log.info(
        `No Nightwatch state artifact of ${origin.workflowPath} yet; starting with an empty state`
      );
    else if (snapshotId === undefined)
      this.log.warning('No readable state snapshot; folding the events alone');
    // Every batch of the retention window the snapshot has not folded, oldest first.
    const cutoff = Date.now() - (this.options.retention ?? DEFAULT_RETENTION).days * DAY;
    const batches = candidates
      .filter(
        a =>
          a.name.startsWith(EVENTS_ARTIFACT_PREFIX) &&
          state.folded[a.name] === undefined &&
          Date.parse(a.created_at ?? '') >= cutoff
      )
      .reverse()
      .slice(-(this.options.maxBatches ?? 300));
    const parsed: SavedBatch[] = [];
    for (const artifact of batches) {
      if (!(await trust(artifact))) continue;
      try {
        const events = parseBatch(await this.download(artifact, EVENTS_FILE));
        parsed.push({ name: artifact.name, events, at: artifact.created_at ?? new Date().toISOString() });
      } catch (error) {
        this.log.warning(`Ignoring the events of artifact ${artifact.id}: ${message(error)}`);
      }
    }
    state = foldBatches(state, parsed);
    if (parsed.length > 0) this.log.info(`Folded the events of ${parsed.length} later run(s) into the state`);
    trust.done();
    return state;
  }

  async save(state: NightwatchState): Promise<void> {
    if (this.options.readOnly) throw new Error('this state store is read-only');
    const events = (state.pending ?? []).slice(this.saved);
    if (events.length === 0) {
      this.log.debug('No state change to save');
      return;
    }
    const attempt = this.options.runAttempt ?? 1;
    const base = `${EVENTS_ARTIFACT_PREFIX}${this.options.runId}-${attempt}`;
    const dir = await fs.mkdtemp(path.join(this.options.tempDir ?? os.tmpdir(), 'nightwatch-state-'));
    try {
      // An artifact name is unique within a run and an artifact is never replaced (a second job of
      // the run, e.g. publish, or a second save, takes the next free name): no batch is ever lost.
      let lastError: unknown;
      for (let n = 1; n <= 5; n++) {
        const name = n === 1 ? base : `${base}-${n}`;
        const files = [path.join(dir, EVENTS_FILE)];
        await fs.writeFile(files[0], serializeBatch(events));
        if (!this.unreadable) {
          // Without the earlier state, a snapshot would hide it: then the events go alone.
          const snapshot = prune(
            { ...state, folded: { ...state.folded, ...this.savedBatches, [name]: new Date().toISOString() } },
            new Date(),
            this.options.retention ?? DEFAULT_RETENTION
          );
          files.push(path.join(dir, STATE_FILE));
          await fs.writeFile(files[1], serializeState(snapshot));
        }
        try {
          const r = await this.client.uploadArtifact(name, files, dir, {
            retentionDays: this.options.retentionDays ?? 90
          });
          this.saved += events.length;
          this.savedBatches[name] = new Date().toISOString();
          this.log.info(
            `Saved ${events.length} state event(s) as artifact ${name} (${r.id ?? '?'}) of run ${this.options.runId}`
          );
          return;
        } catch (error) {
          lastError = error;
          this.log.debug(`State upload as ${name} failed (${message(error)}); trying the next name`);
        }
      }
      throw lastError;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Every unexpired state artifact of the repository (up to maxListed), newest first. Which of them
   * may be believed is decided by trustChecker, only for those actually read.
   */
  private async listStateArtifacts(): Promise<ListedArtifact[]> {
    const octokit = this.octokit();
    const maxListed = this.options.maxListed ?? 1000;
    const found: ListedArtifact[] = [];
    let listed = 0;
    for (let page = 1; listed < maxListed; page++) {
      const { data } = await octokit.rest.actions.listArtifactsForRepo({
        owner: this.options.owner,
        repo: this.options.repo,
        per_page: 100,
        page
      });
      const artifacts = data.artifacts as ListedArtifact[];
      listed += artifacts.length;
      found.push(...artifacts.filter(a => isStateArtifact(a.name) && !a.expired));
      if (artifacts.length < 100) break;
    }
    return found.sort(
      (a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id
    );
  }

  private octokit(): ReturnType<typeof createOctokit> {
    return createOctokit({
      token: this.options.token,
      owner: this.options.owner,
      repo: this.options.repo,
      baseUrl: this.options.apiBaseUrl,
      log: this.log,
      retryAfterBaseMs: this.options.retryAfterBaseMs
    });
  }

  /**
   * Whether an artifact's run is a run of `origin`'s workflow in this repository from its own code
   * (each run read once); every other one is named in a warning. An API error other than 404 throws.
   */
  private trustChecker(origin: TrustedOrigin): ((a: ListedArtifact) => Promise<boolean>) & { done(): void } {
    const octokit = this.octokit();
    const runs = new Map<number, string | undefined>();
    let distrusted = 0;
    const check = async (artifact: ListedArtifact): Promise<boolean> => {
      let reason = listedDistrust(artifact.workflow_run, origin);
      if (!reason) {
        const runId = artifact.workflow_run!.id!;
        if (!runs.has(runId)) runs.set(runId, await this.runReason(octokit, runId, origin));
        reason = runs.get(runId);
      }
      if (!reason) return true;
      distrusted += 1;
      if (distrusted <= MAX_DISTRUST_WARNINGS)
        this.log.warning(
          `Ignoring state artifact ${artifact.id} of run ${artifact.workflow_run?.id ?? '?'}: ${reason}; ` +
            `only state written by ${origin.workflowPath} in ${origin.owner}/${origin.repo} is loaded`
        );
      return false;
    };
    return Object.assign(check, {
      done: (): void => {
        if (distrusted > MAX_DISTRUST_WARNINGS)
          this.log.warning(
            `Ignored ${distrusted - MAX_DISTRUST_WARNINGS} more state artifacts of other runs`
          );
      }
    });
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

  private async download(artifact: ListedArtifact, file: string): Promise<string> {
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
      return await readArtifactFile(dir, file);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
