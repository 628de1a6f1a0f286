import { DefaultArtifactClient } from '@actions/artifact';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PATCH_ARTIFACT } from '../constants.js';
import { readArtifactFile } from '../state/artifact-file.js';
import type { HealReport } from './heal.js';
import type { ProjectSpec } from '../sandbox/port.js';
import type { Attempt, Diagnosis, Edit, FailedRun, ModelUsage, Reproduction, Triage } from '../types.js';

/**
 * What a `propose` job hands to a `publish` job: the verified edits and the whole report. The
 * publish job treats it as untrusted data (it came from a job that ran the failing code): it is
 * validated here and the edits are checked again against the protected paths before any push.
 */
export interface Proposal {
  version: 1;
  runId: number;
  runAttempt: number;
  status: 'fixed' | 'escalated';
  triage: Triage;
  diagnosis: Diagnosis;
  reproduction: Reproduction;
  spec: ProjectSpec;
  attempts: Attempt[];
  usage?: ModelUsage;
  /** The final edits, in order (empty when escalated). */
  edits: Edit[];
  /** Why no fix, when escalated. */
  reason?: string;
  /** The fix changes an existing test's expectations (a draft PR with a warning). */
  changesTestExpectations?: boolean;
}

/** A proposal artifact that is missing, unreadable or not of the expected form. */
export class ProposalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProposalError';
  }
}

/** Where proposals go between the two jobs (run artifacts in the action). */
export interface ProposalStore {
  upload(p: Proposal): Promise<void>;
  /** The proposal of the current run, or undefined when the propose job uploaded none. */
  download(): Promise<Proposal | undefined>;
}

/** Builds the proposal of a heal that reproduced (fixed or not). */
export function toProposal(
  run: FailedRun,
  triage: Triage,
  diagnosis: Diagnosis,
  report: HealReport,
  spec: ProjectSpec
): Proposal {
  const fixed = report.status === 'fixed' && report.repair !== undefined;
  return {
    version: 1,
    runId: run.runId,
    runAttempt: run.runAttempt,
    status: fixed ? 'fixed' : 'escalated',
    triage,
    diagnosis,
    reproduction: report.reproduction,
    spec,
    attempts: report.repair?.attempts ?? [],
    usage: report.repair?.usage,
    edits: fixed ? (report.repair?.edits ?? []) : [],
    reason: fixed ? undefined : (report.repair?.reason ?? 'no verified fix was found'),
    ...(fixed && report.repair?.changesTestExpectations ? { changesTestExpectations: true } : {})
  };
}

const MAX_PROPOSAL_BYTES = 8 * 1024 * 1024;

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses and checks a proposal; every problem is a ProposalError that says what is wrong. */
export function parseProposal(text: string): Proposal {
  if (text.length > MAX_PROPOSAL_BYTES)
    throw new ProposalError(`the proposal is ${text.length} bytes, above the ${MAX_PROPOSAL_BYTES} allowed`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (error) {
    throw new ProposalError(
      `the proposal is not JSON: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  if (!isObj(v) || v.version !== 1)
    throw new ProposalError('the proposal is not a version 1 Nightwatch proposal');
  if (!Number.isInteger(v.runId) || !Number.isInteger(v.runAttempt))
    throw new ProposalError('the proposal names no run');
  if (v.status !== 'fixed' && v.status !== 'escalated')
    throw new ProposalError(`unknown proposal status ${JSON.stringify(v.status)}`);
  for (const key of ['triage', 'diagnosis', 'reproduction', 'spec'] as const) {
    if (!isObj(v[key])) throw new ProposalError(`the proposal has no ${key}`);
  }
  const triage = v.triage as Record<string, unknown>;
  if (typeof triage.fingerprint !== 'string' || !/^[0-9a-f]{8,64}$/.test(triage.fingerprint)) {
    throw new ProposalError('the proposal has no valid fingerprint');
  }
  if (!Array.isArray(v.attempts) || !Array.isArray(v.edits))
    throw new ProposalError('the proposal has no attempts or edits list');
  for (const e of v.edits as unknown[]) {
    if (
      !isObj(e) ||
      typeof e.file !== 'string' ||
      typeof e.search !== 'string' ||
      typeof e.replace !== 'string'
    ) {
      throw new ProposalError('an edit of the proposal is not {file, search, replace}');
    }
    if (path.isAbsolute(e.file) || e.file.split(/[\\/]/).includes('..')) {
      throw new ProposalError(`an edit of the proposal leaves the repository: ${e.file}`);
    }
  }
  if (v.changesTestExpectations !== undefined && typeof v.changesTestExpectations !== 'boolean')
    throw new ProposalError('changesTestExpectations of the proposal is not true or false');
  if (v.status === 'fixed' && (v.edits as unknown[]).length === 0)
    throw new ProposalError('a fixed proposal without edits');
  return v as unknown as Proposal;
}

/** Proposals as the `nightwatch-patch` artifact of the current run. */
export class ArtifactProposalStore implements ProposalStore {
  private readonly client = new DefaultArtifactClient();
  constructor(private readonly tempDir: string) {}

  async upload(p: Proposal): Promise<void> {
    const dir = await mkdtemp(path.join(this.tempDir, 'nightwatch-proposal-'));
    try {
      const file = path.join(dir, 'proposal.json');
      await writeFile(file, JSON.stringify(p, null, 2));
      await this.client.uploadArtifact(PATCH_ARTIFACT, [file], dir, { retentionDays: 7 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async download(): Promise<Proposal | undefined> {
    let id: number;
    try {
      id = (await this.client.getArtifact(PATCH_ARTIFACT)).artifact.id;
    } catch (error) {
      if (error instanceof Error && error.name === 'ArtifactNotFoundError') return undefined;
      throw error;
    }
    const dir = await mkdtemp(path.join(this.tempDir, 'nightwatch-proposal-'));
    try {
      await this.client.downloadArtifact(id, { path: dir, skipDecompress: true });
      let text: string;
      try {
        text = await readArtifactFile(dir, 'proposal.json');
      } catch (error) {
        throw new ProposalError(
          `the ${PATCH_ARTIFACT} artifact could not be read: ${error instanceof Error ? error.message : String(error)}`
        );
      }
      return parseProposal(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
