/**
 * A workflow file read and checked: only through src/fs (no link followed), bounded in size, YAML
 * aliases bounded (no "billion laughs"), and every shape the plan relies on checked with an error
 * that names the file and the place.
 */
import { LineCounter, parseDocument } from 'yaml';
import { listTreeDir, readTreeFile, UnsafePathError } from '../fs/index.js';
import { PlanError } from './types.js';

/** GitHub refuses larger workflow files; a larger one is not a workflow we plan from. */
export const MAX_WORKFLOW_BYTES = 512 * 1024;
/** Alias nodes the YAML may expand (GitHub accepts anchors; a bomb needs many more). */
export const MAX_ALIASES = 100;
export const WORKFLOWS_DIR = '.github/workflows';

export type Mapping = Record<string, unknown>;

export interface WorkflowStep {
  /** 0-based position in the job. */
  index: number;
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  with: Mapping;
  env: Mapping;
  if?: string;
  workingDirectory?: string;
  shell?: string;
}

export interface WorkflowJob {
  id: string;
  /** `name:` as written (may hold expressions). */
  name?: string;
  strategy?: Mapping;
  container?: unknown;
  services?: Mapping;
  env: Mapping;
  /** `runs-on:` as written. */
  runsOn?: unknown;
  /** `defaults.run.working-directory` of the job. */
  workingDirectory?: string;
  /** A call of a reusable workflow (`uses:` at job level): it has no steps of its own. */
  uses?: string;
  steps: WorkflowStep[];
}

export interface Workflow {
  path: string;
  name?: string;
  env: Mapping;
  workingDirectory?: string;
  /**
   * The inputs `on.workflow_call` or `on.workflow_dispatch` declares, each at its default (null
   * without one); undefined when the workflow declares none.
   */
  inputs?: Mapping;
  jobs: WorkflowJob[];
}

const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);

function scalar(v: unknown, where: string, file: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new PlanError(`${file}: ${where} must be a string.`);
}

function mapping(v: unknown, where: string, file: string): Mapping {
  if (v === undefined || v === null) return {};
  if (!isMapping(v)) throw new PlanError(`${file}: ${where} must be a mapping.`);
  return v;
}

function runDirectory(defaults: unknown, where: string, file: string): string | undefined {
  const run = mapping(mapping(defaults, `${where}.defaults`, file).run, `${where}.defaults.run`, file);
  return scalar(run['working-directory'], `${where}.defaults.run.working-directory`, file);
}

/** The declared inputs of a reusable or dispatched workflow, at their defaults. */
function declaredInputs(on: unknown): Mapping | undefined {
  if (!isMapping(on)) return undefined;
  let out: Mapping | undefined;
  for (const trigger of ['workflow_call', 'workflow_dispatch']) {
    const t = on[trigger];
    if (!isMapping(t) || !isMapping(t.inputs)) continue;
    for (const [name, spec] of Object.entries(t.inputs)) {
      out ??= {};
      const d = isMapping(spec) ? spec.default : undefined;
      if (!(name in out) || out[name] === null)
        out[name] = d === undefined || (d !== null && typeof d === 'object') ? null : d;
    }
  }
  return out;
}

/** Parses and checks a workflow's text. Throws PlanError. */
export function parseWorkflow(text: string, file: string): Workflow {
  let data: unknown;
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = lineCounter.linePos(e.pos[0]).line;
      throw new PlanError(
        `${file}${line ? ` line ${line}` : ''} is not valid YAML: ${e.message.split('\n')[0]}`
      );
    }
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    if (e instanceof PlanError) throw e;
    const why = e instanceof RangeError ? 'it is nested too deeply' : (e as Error).message.split('\n')[0];
    throw new PlanError(`${file} could not be read as a workflow: ${why}.`);
  }
  if (!isMapping(data)) throw new PlanError(`${file} is not a workflow: its top level is not a mapping.`);
  const jobsRaw = data.jobs;
  if (!isMapping(jobsRaw) || Object.keys(jobsRaw).length === 0) {
    throw new PlanError(`${file} is not a workflow: it has no jobs.`);
  }
  const jobs: WorkflowJob[] = Object.entries(jobsRaw).map(([id, raw]) => {
    const where = `jobs.${id}`;
    if (!isMapping(raw)) throw new PlanError(`${file}: ${where} must be a mapping.`);
    const uses = scalar(raw.uses, `${where}.uses`, file);
    const stepsRaw = raw.steps ?? [];
    if (!Array.isArray(stepsRaw)) throw new PlanError(`${file}: ${where}.steps must be a list.`);
    const steps = stepsRaw.map((s, index): WorkflowStep => {
      const w = `${where}.steps[${index}]`;
      if (!isMapping(s)) throw new PlanError(`${file}: ${w} must be a mapping.`);
      const step: WorkflowStep = {
        index,
        with: mapping(s.with, `${w}.with`, file),
        env: mapping(s.env, `${w}.env`, file)
      };
      const set = (key: keyof WorkflowStep, yamlKey: string): void => {
        const v = scalar(s[yamlKey], `${w}.${yamlKey}`, file);
        if (v !== undefined) (step as unknown as Record<string, unknown>)[key] = v;
      };
      set('id', 'id');
      set('name', 'name');
      set('run', 'run');
      set('uses', 'uses');
      set('if', 'if');
      set('workingDirectory', 'working-directory');
      set('shell', 'shell');
      if (step.run === undefined && step.uses === undefined) {
        throw new PlanError(`${file}: ${w} has neither run: nor uses:.`);
      }
      return step;
    });
    const job: WorkflowJob = {
      id,
      env: mapping(raw.env, `${where}.env`, file),
      steps
    };
    const name = scalar(raw.name, `${where}.name`, file);
    if (name !== undefined) job.name = name;
    if (raw.strategy !== undefined) job.strategy = mapping(raw.strategy, `${where}.strategy`, file);
    if (raw.container !== undefined) job.container = raw.container;
    if (raw['runs-on'] !== undefined) job.runsOn = raw['runs-on'];
    if (raw.services !== undefined) job.services = mapping(raw.services, `${where}.services`, file);
    const wd = runDirectory(raw.defaults, where, file);
    if (wd !== undefined) job.workingDirectory = wd;
    if (uses !== undefined) job.uses = uses;
    return job;
  });
  const wf: Workflow = { path: file, env: mapping(data.env, 'env', file), jobs };
  const name = scalar(data.name, 'name', file);
  if (name !== undefined) wf.name = name;
  const wd = runDirectory(data.defaults, 'workflow', file);
  if (wd !== undefined) wf.workingDirectory = wd;
  const inputs = declaredInputs(data.on);
  if (inputs) wf.inputs = inputs;
  return wf;
}

/** Reads `file` (relative to `root`) through src/fs and parses it. Throws PlanError. */
export async function readWorkflow(root: string, file: string): Promise<Workflow> {
  let text: string | null;
  try {
    text = await readTreeFile(root, file, MAX_WORKFLOW_BYTES);
  } catch (e) {
    if (e instanceof UnsafePathError) {
      throw new PlanError(
        `${file} cannot be read as a workflow: ${e.message}` +
          (/larger than/.test(e.message) ? ' (GitHub refuses workflows over 512 KiB).' : '.')
      );
    }
    throw e;
  }
  if (text === null) throw new PlanError(`${file}: no such workflow file in the repository.`);
  return parseWorkflow(text, file);
}

/** The workflow files under .github/workflows (plain files only; links are not followed), sorted. */
export async function listWorkflows(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await listTreeDir(root, WORKFLOWS_DIR);
  } catch (e) {
    if (e instanceof UnsafePathError) return [];
    throw e;
  }
  return entries
    .filter(e => e.kind === 'file' && /\.ya?ml$/i.test(e.name))
    .map(e => `${WORKFLOWS_DIR}/${e.name}`);
}
