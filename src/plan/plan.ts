/**
 * The failed job's workflow -> a reproduction Plan (DESIGN.md, "Reproducing like CI"). The job is
 * found by the name the run shows (matrix values included); its setup actions or `container:` give
 * the image, `services:` the sidecars, the `run:` steps before the failing step that install or
 * build the install, the failing step the test. Project-file detection is the fallback when no
 * workflow says.
 */
import path from 'node:path';
import { listTreeDir, normalizeRelative, readTreeFile, UnsafePathError } from '../fs/index.js';
import { commandLanguage, DEFAULT_IMAGES, detectProject } from '../sandbox/detect.js';
import { ProjectDetectionError } from '../sandbox/errors.js';
import { condition, hasExpression, substitute, toText, type Contexts } from './expressions.js';
import {
  actionName,
  imageLanguage,
  imageVersion,
  javaBuildImage,
  toolchainOf,
  versionFileOf,
  versionInFile,
  type Toolchain
} from './image.js';
import { displayName, expandMatrix, type Combination } from './matrix.js';
import { serviceNeed } from './setup.js';
import { classifyRun, runsTests, shellQuote, stepCommand, stepDisplayName } from './steps.js';
import { PlanError, type Language, type Plan, type PlanService, type SkippedStep } from './types.js';
import {
  listWorkflows,
  readWorkflow,
  type Mapping,
  type Workflow,
  type WorkflowJob,
  type WorkflowStep
} from './workflow.js';

export interface PlanOptions {
  /** The workflow file, relative to the repository (default: search .github/workflows). */
  workflow?: string;
  /** The job's display name as the run shows it (`test (3.12)`); default: the first job that tests. */
  job?: string;
  /** The failing step's name as the run shows it; default: the job's first test step. */
  step?: string;
}

interface Candidate {
  workflow: Workflow;
  job: WorkflowJob;
  combination: Combination;
  index: number;
  total: number;
  name: string;
  /** The matrix is computed at run time: its keys as written. */
  dynamicKeys?: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function candidates(wf: Workflow): Candidate[] {
  const out: Candidate[] = [];
  for (const job of wf.jobs) {
    if (job.uses !== undefined) continue;
    const { combinations, dynamic, keys } = expandMatrix(job, wf.path, inputsContext(wf));
    combinations.forEach((combination, index) => {
      const strategy = { 'job-index': index, 'job-total': combinations.length };
      let name = displayName(job, combination, strategy);
      if (dynamic && job.name === undefined) name = `${job.id} (…)`;
      const c: Candidate = { workflow: wf, job, combination, index, total: combinations.length, name };
      if (dynamic) c.dynamicKeys = keys ?? [];
      out.push(c);
    });
  }
  return out;
}

const fold = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

const MAX_NAME_VALUES = 8;

const inputsContext = (wf: Workflow): Contexts => (wf.inputs ? { inputs: wf.inputs } : {});

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The matrix values a run's job name shows, for a matrix computed at run time: the name's template
 * (`Tests on ${{ matrix.python-version }}`) matched against it, or the default form `id (a, b)`
 * read in the order the matrix's keys are written. Undefined when the name does not fit.
 */
function valuesFromName(c: Candidate, name: string): Record<string, string> | undefined {
  if (name.length > 512) return undefined;
  const keys = c.dynamicKeys ?? [];
  if (c.job.name === undefined) {
    const m = /^(.*) \((.*)\)$/s.exec(name.trim());
    if (!m || fold(m[1]) !== fold(c.job.id) || keys.length === 0) return undefined;
    const values = m[2].split(', ');
    if (values.length !== keys.length) return undefined;
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  }
  const template = c.job.name;
  if (!hasExpression(template)) return undefined;
  let pattern = '';
  const groups: string[] = [];
  let at = 0;
  for (const m of template.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    pattern += escapeRegExp(template.slice(at, m.index));
    at = m.index + m[0].length;
    const key = /^\s*matrix\.([A-Za-z_][\w-]*)\s*$/.exec(m[1])?.[1];
    if (key) {
      groups.push(key);
      pattern += '(.+?)';
    } else pattern += '.*?';
  }
  pattern += escapeRegExp(template.slice(at));
  // Lazy groups side by side backtrack polynomially: a name of a few values only, and a short one.
  if (groups.length === 0 || groups.length > MAX_NAME_VALUES) return undefined;
  const found = new RegExp(`^${pattern}$`, 's').exec(name.trim());
  if (!found) return undefined;
  const out: Record<string, string> = {};
  for (const [i, key] of groups.entries()) {
    if (key in out && out[key] !== found[i + 1]) return undefined;
    out[key] = found[i + 1];
  }
  return out;
}

/** The candidate a `--job` names: exactly, then ignoring case and spacing, then by job id or base name. */
function pickByName(all: Candidate[], name: string): { found?: Candidate; note?: string } {
  const exact = all.find(c => c.name === name);
  if (exact) return { found: exact };
  const folded = all.find(c => fold(c.name) === fold(name));
  if (folded) return { found: folded };
  const byBase = all.filter(
    c => fold(c.job.id) === fold(name) || (c.job.name !== undefined && fold(c.job.name) === fold(name))
  );
  if (byBase.length > 0) {
    return {
      found: byBase[0],
      note:
        byBase.length > 1
          ? `'${name}' names ${byBase.length} matrix jobs; the first, '${byBase[0].name}', is planned`
          : undefined
    };
  }
  // A matrix computed at run time: the values are read from the name the run shows.
  for (const c of all) {
    if (!c.dynamicKeys) continue;
    const values = valuesFromName(c, name);
    if (!values) continue;
    const shown = Object.entries(values).map(([k, v]) => `${k}=${v}`);
    return {
      found: {
        ...c,
        name: name.trim(),
        combination: { ...c.combination, matrix: { ...c.combination.matrix, ...values } }
      },
      note: `the matrix of job '${c.job.id}' is computed at run time; its values are read from the job's name: ${shown.join(', ')}`
    };
  }
  // `name (…)` matches any values.
  const dyn = all.find(
    c => c.name.endsWith(' (…)') && fold(name).startsWith(fold(c.name.slice(0, -4)) + ' (')
  );
  if (dyn)
    return {
      found: dyn,
      note: `the matrix of job '${dyn.job.id}' is computed at run time; its values are unknown here`
    };
  return {};
}

/**
 * The `job` context as far as the reproduction honours it: each service listens at localhost on its
 * container port, so `job.services.<id>.ports[5432]` is 5432 (on a runner, the host port mapped to it).
 */
function jobContext(job: WorkflowJob): Mapping {
  const services: Mapping = {};
  for (const [name, raw] of Object.entries(job.services ?? {})) {
    const spec = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Mapping) : {};
    const ports: Mapping = {};
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      const m = /(?:^|:)(\d+)(?:\/\w+)?$/.exec(toText(port).trim());
      if (m) ports[m[1]] = m[1];
    }
    services[name] = { ports };
  }
  return { services, status: 'success' };
}

/** Actions that run a command given in `with:` (a retry wrapper): the input that holds it. */
const COMMAND_ACTIONS: Record<string, string> = {
  'nick-fields/retry': 'command',
  'wandalen/wretry.action': 'command'
};

/** What a step runs: its `run:`, or the command a wrapper action is given. */
function runOf(step: WorkflowStep): { run: string; shell?: string; wrapper?: string } | undefined {
  if (step.run !== undefined) return { run: step.run, ...(step.shell ? { shell: step.shell } : {}) };
  const name = step.uses ? actionName(step.uses) : undefined;
  const input = name ? COMMAND_ACTIONS[name] : undefined;
  const command = input ? step.with[input] : undefined;
  if (typeof command !== 'string' || command.trim() === '') return undefined;
  const shell = typeof step.with.shell === 'string' ? step.with.shell : undefined;
  return { run: command, wrapper: name, ...(shell ? { shell } : {}) };
}

function hasTestStep(c: Candidate): boolean {
  return c.job.steps.some(s => {
    const r = runOf(s);
    return r !== undefined && classifyRun(s.name, r.run) === 'test';
  });
}

/** Evaluates a mapping of `env:` values; secrets and unknown expressions are dropped with a note. */
function plainEnv(raw: Mapping, ctx: Contexts, where: string, notes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!ENV_NAME.test(k)) {
      notes.push(`${where} ${JSON.stringify(k)} dropped: not a variable name`);
      continue;
    }
    if (v !== null && typeof v === 'object') {
      notes.push(`${where} ${k} dropped: not a plain value`);
      continue;
    }
    const s = substitute(toText(v), ctx);
    if (s.secret) notes.push(`${where} ${k} dropped: it uses secrets or github.token`);
    else if (s.unresolved.length > 0) notes.push(`${where} ${k} dropped: ${s.unresolved[0]}`);
    else out[k] = s.text;
  }
  return out;
}

/** A substituted string, with what was dropped said in notes. */
function text(raw: string, ctx: Contexts, where: string, notes: string[]): string {
  const s = substitute(raw, ctx);
  if (s.secret) notes.push(`${where}: what uses secrets or github.token was left empty`);
  for (const u of s.unresolved) notes.push(`${where}: ${u} (left empty)`);
  return s.text;
}

/** A working directory inside the repository, `.` for the root. */
function directory(raw: string | undefined, ctx: Contexts, where: string, notes: string[]): string {
  if (raw === undefined) return '.';
  const t = text(raw, ctx, where, notes)
    .trim()
    .replace(/^\.\/+/, '');
  if (t === '' || t === '.') return '.';
  try {
    return normalizeRelative(t);
  } catch (e) {
    if (e instanceof UnsafePathError)
      throw new PlanError(`${where}: working-directory '${t}' is not inside the repository.`);
    throw e;
  }
}

/** `--health-*` options of a service; every other option is dropped (and said). */
function health(options: string, name: string, notes: string[]): PlanService['health'] {
  const words = options.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const unq = (w: string): string => w.replace(/^(["'])([\s\S]*)\1$/, '$2');
  const h: Record<string, string> = {};
  const dropped: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^--health-(cmd|interval|timeout|retries|start-period)(?:=(.*))?$/.exec(words[i]);
    if (m) {
      h[m[1]] = unq(m[2] ?? words[++i] ?? '');
    } else if (words[i].startsWith('-')) dropped.push(words[i]);
  }
  if (dropped.length > 0)
    notes.push(`service ${name}: options ${dropped.join(' ')} dropped (only --health-* are kept)`);
  if (!h.cmd) return undefined;
  const out: NonNullable<PlanService['health']> = { cmd: h.cmd };
  if (h.interval) out.interval = h.interval;
  if (h.timeout) out.timeout = h.timeout;
  if (h.retries && /^\d+$/.test(h.retries)) out.retries = Number(h.retries);
  if (h['start-period']) out.startPeriod = h['start-period'];
  return out;
}

function services(job: WorkflowJob, ctx: Contexts, file: string, notes: string[]): PlanService[] {
  const out: PlanService[] = [];
  for (const [name, raw] of Object.entries(job.services ?? {})) {
    const where = `jobs.${job.id}.services.${name}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      notes.push(`${where} dropped: '${name}' cannot name a container`);
      continue;
    }
    const spec: Mapping =
      typeof raw === 'string'
        ? { image: raw }
        : raw && typeof raw === 'object' && !Array.isArray(raw)
          ? (raw as Mapping)
          : {};
    const image = text(toText(spec.image ?? ''), ctx, where, notes).trim();
    if (image === '') {
      notes.push(`${where} has no image; GitHub skips it too`);
      continue;
    }
    if (!/^[\w][\w.\-/:@]*$/.test(image))
      throw new PlanError(`${file}: ${where}.image '${image}' is not an image name.`);
    const svc: PlanService = { name, image };
    const env = plainEnv((spec.env as Mapping) ?? {}, ctx, `${where}.env`, notes);
    if (Object.keys(env).length > 0) svc.env = env;
    if (spec.credentials !== undefined)
      notes.push(`${where}.credentials dropped: no registry login in a reproduction`);
    // The services share the test's network namespace: each listens at localhost on its own port.
    for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
      const m = /^(?:[\d.]+:)?(\d+):(\d+)(?:\/\w+)?$/.exec(toText(port).trim());
      if (m && m[1] !== m[2])
        notes.push(
          `${where}: port ${m[1]} maps to ${m[2]}; in the reproduction the service is at localhost:${m[2]}, not ${m[1]}`
        );
    }
    if (typeof spec.options === 'string') {
      const h = health(text(spec.options, ctx, where, notes), name, notes);
      if (h) svc.health = h;
    }
    out.push(svc);
  }
  return out;
}

function containerImage(
  job: WorkflowJob,
  ctx: Contexts,
  notes: string[]
): { image: string; env: Mapping } | undefined {
  const raw = job.container;
  if (raw === undefined || raw === null) return undefined;
  const spec: Mapping =
    typeof raw === 'string'
      ? { image: raw }
      : typeof raw === 'object' && !Array.isArray(raw)
        ? (raw as Mapping)
        : {};
  const where = `jobs.${job.id}.container`;
  const s = substitute(toText(spec.image ?? ''), ctx);
  const image = s.text.trim();
  if (s.secret || s.unresolved.length > 0 || image === '') {
    notes.push(`${where}: the image cannot be known outside a run; not used`);
    return undefined;
  }
  if (!/^[\w][\w.\-/:@]*$/.test(image))
    throw new PlanError(`${where}.image '${image}' is not an image name.`);
  if (spec.options !== undefined) notes.push(`${where}.options dropped`);
  if (spec.credentials !== undefined)
    notes.push(`${where}.credentials dropped: no registry login in a reproduction`);
  return { image, env: (spec.env as Mapping) ?? {} };
}

/** Why an action step is not run. */
function whyActionSkipped(uses: string): string {
  const name = actionName(uses);
  if (uses.startsWith('./'))
    return 'a local action (composite or JavaScript): its steps are not run; put what it installs in the install';
  if (uses.startsWith('docker://')) return 'a container action: not run';
  if (name === 'actions/checkout') return 'the sandbox already holds the failing commit';
  if (name === 'actions/cache' || name?.startsWith('actions/cache'))
    return 'a cache: not needed to reproduce';
  if (/^actions\/(upload|download)-artifact$/.test(name ?? '')) return 'artifacts: not needed to reproduce';
  return `the action ${name ?? uses} is not run: only run: steps are reproduced`;
}

/** A tool action the official images lack: what installs it, and the toolchain it also sets up. */
interface ToolAction {
  install: (inputs: Record<string, string>) => string;
  why: (inputs: Record<string, string>) => string;
  toolchain?: (inputs: Record<string, string>) => Toolchain | undefined;
}

const UV: ToolAction = {
  install: () => 'python3 -m pip install -q uv',
  why: () => 'uv installed with pip',
  // setup-uv's python-version installs that Python (and sets UV_PYTHON): the image's.
  toolchain: inputs =>
    inputs['python-version']?.trim()
      ? toolchainOf('actions/setup-python', { 'python-version': inputs['python-version'] })
      : undefined
};

const TOOL_ACTIONS: Record<string, ToolAction> = {
  'astral-sh/setup-uv': UV,
  'hynek/setup-cached-uv': UV,
  'pnpm/action-setup': {
    install: inputs => `npm install --global pnpm@${inputs.version?.trim() || 'latest'}`,
    why: inputs =>
      inputs.version?.trim()
        ? `pnpm ${inputs.version.trim()} installed with npm`
        : 'pnpm installed with npm (latest: the packageManager field of package.json is not read)'
  }
};

/** One install unit: the step's own env and working directory, without leaking into the next. */
function unit(command: string, dir: string, env: Record<string, string>): string {
  const exports = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const parts = [
    ...(exports.length > 0 ? [`export ${exports.join(' ')}`] : []),
    ...(dir !== '.' ? [`cd ${shellQuote(dir)}`] : []),
    command
  ];
  if (parts.length === 1) return /[;&|]/.test(command) ? `(${command})` : command;
  return `(${parts.join(' && ')})`;
}

function pickStep(job: WorkflowJob, stepName: string | undefined, names: string[]): WorkflowStep {
  if (stepName !== undefined) {
    const i = names.findIndex(n => n === stepName);
    const j = i >= 0 ? i : names.findIndex(n => fold(n) === fold(stepName));
    if (j < 0) {
      throw new PlanError(
        `job '${job.name ?? job.id}' has no step '${stepName}'. Its steps: ${names.map(n => `'${n}'`).join(', ')}.`
      );
    }
    return job.steps[j];
  }
  const test = job.steps.find(s => {
    const r = runOf(s);
    return r !== undefined && classifyRun(s.name, r.run) === 'test';
  });
  const last = [...job.steps].reverse().find(s => runOf(s) !== undefined);
  const step = test ?? last;
  if (!step) throw new PlanError(`job '${job.name ?? job.id}' has no run: step to reproduce.`);
  return step;
}

/** A version file a setup step names, read safely from the repository (bounded, no link followed). */
async function readVersionFile(
  root: string,
  file: string,
  language: Language,
  where: string,
  notes: string[]
): Promise<string | undefined> {
  let text: string | null;
  try {
    text = await readTreeFile(root, normalizeRelative(file.replace(/^\.\/+/, '')), 64 * 1024);
  } catch (e) {
    if (!(e instanceof UnsafePathError)) throw e;
    notes.push(`${where}: ${file} not read: ${e.message}`);
    return undefined;
  }
  if (text === null) {
    notes.push(`${where}: ${file} is not in the repository`);
    return undefined;
  }
  return versionInFile(language, file, text);
}

/** The language the project files in `dir` of the repository say (undefined when none does). */
async function projectLanguage(root: string, dir: string): Promise<Language | undefined> {
  try {
    // Through src/fs first: a folder that is (or passes through) a link is not looked into.
    if (dir !== '.' && (await listTreeDir(root, dir)).length === 0) return undefined;
    const spec = await detectProject(dir === '.' ? root : path.join(root, dir));
    return spec.language !== 'unknown' ? spec.language : undefined;
  } catch {
    return undefined;
  }
}

/** The Plan of one job of one workflow. */
async function planJob(
  root: string,
  c: Candidate,
  stepName: string | undefined,
  notes: string[]
): Promise<Plan> {
  const { workflow: wf, job } = c;
  const strategy = {
    'job-index': c.index,
    'job-total': c.total,
    'fail-fast': job.strategy?.['fail-fast'] ?? true
  };
  const base: Contexts = {
    matrix: c.combination.matrix,
    strategy,
    ...inputsContext(wf),
    job: jobContext(job)
  };
  if (job.services && JSON.stringify(job.steps).includes('job.services'))
    notes.push(
      'job.services.<id>.ports[<port>] is the port itself: in the reproduction each service listens at localhost on its own port'
    );
  if (wf.inputs && JSON.stringify(job).includes('inputs.'))
    notes.push(
      `inputs take the defaults ${wf.path} declares (${Object.keys(wf.inputs).join(', ')}); a caller may pass others`
    );
  const wfEnv = plainEnv(wf.env, base, 'env', notes);
  const container = containerImage(job, { ...base, env: wfEnv }, notes);
  const jobEnv = {
    ...wfEnv,
    ...(container
      ? plainEnv(container.env, { ...base, env: wfEnv }, `jobs.${job.id}.container.env`, notes)
      : {})
  };
  Object.assign(jobEnv, plainEnv(job.env, { ...base, env: jobEnv }, `jobs.${job.id}.env`, notes));
  const jobCtx: Contexts = { ...base, env: jobEnv };

  const runsOn = toText(job.runsOn ?? '');
  const os = substitute(runsOn, jobCtx).text;
  if (/windows|macos/i.test(os)) notes.push(`the job runs on ${os}; it is reproduced on Linux`);

  const names = job.steps.map(s =>
    stepDisplayName(
      s.name !== undefined ? substitute(s.name, { ...jobCtx, env: { ...jobEnv } }).text : undefined,
      s.run,
      s.uses
    )
  );
  const failing = pickStep(job, stepName, names);
  const failingName = names[failing.index];
  const failingRun = runOf(failing);
  if (failingRun === undefined) {
    throw new PlanError(
      `step '${failingName}' of job '${c.name}' is an action (uses: ${failing.uses}), not a command; name the step that runs the tests (--step).`
    );
  }
  if (failingRun.wrapper)
    notes.push(`step '${failingName}': the command given to ${failingRun.wrapper} (its retries are not run)`);

  const skipped: SkippedStep[] = [];
  const units: string[] = [];
  const setupUnits: string[] = [];
  // Its notes keep their place, after the steps'.
  const serviceNotes: string[] = [];
  const planServices = services(job, jobCtx, wf.path, serviceNotes);
  const toolchains: { tc: Toolchain; step: string }[] = [];
  let installSteps = 0;
  for (const step of job.steps.slice(0, failing.index)) {
    const name = names[step.index];
    const stepEnvRaw = plainEnv(step.env, jobCtx, `step '${name}' env`, notes);
    const ctx: Contexts = { ...jobCtx, env: { ...jobEnv, ...stepEnvRaw } };
    if (step.if !== undefined) {
      const ok = condition(step.if, ctx);
      if (ok === false) {
        skipped.push({ step: name, why: `its if: (${step.if.trim()}) is false for this job` });
        continue;
      }
      if (ok === undefined)
        notes.push(`step '${name}': its if: (${step.if.trim()}) cannot be known here; the step is kept`);
    }
    const run = runOf(step);
    if (step.uses !== undefined && run === undefined) {
      const inputs: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.with)) inputs[k] = substitute(toText(v), ctx).text;
      const vf = versionFileOf(step.uses, inputs);
      if (vf) {
        const v = await readVersionFile(root, vf.file, vf.language, `step '${name}'`, notes);
        if (v) {
          inputs[vf.input] = v;
          notes.push(`step '${name}': ${vf.key} ${vf.file} says ${v}`);
        }
      }
      const tc = toolchainOf(step.uses, inputs);
      if (tc) {
        toolchains.push({ tc, step: name });
        if (tc.install) {
          const dir = directory(tc.install.directory, ctx, `step '${name}'`, notes);
          units.push(unit(tc.install.command, dir, {}));
          notes.push(`step '${name}': ${tc.install.why}`);
        }
        continue;
      }
      const tool = TOOL_ACTIONS[actionName(step.uses) ?? ''];
      if (tool) {
        const implied = tool.toolchain?.(inputs);
        if (implied) toolchains.push({ tc: implied, step: name });
        units.push(tool.install(inputs));
        notes.push(`step '${name}': ${tool.why(inputs)}`);
        continue;
      }
      skipped.push({ step: name, why: whyActionSkipped(step.uses) });
      continue;
    }
    const script = text(run!.run, ctx, `step '${name}'`, notes);
    let kind = classifyRun(step.name, script);
    // Named like a test but running none (`rm -rf src` "to ensure tests run against the wheel"):
    // it prepares the test, so it stays.
    if (kind === 'test' && !runsTests(script) && !/test/i.test(script)) kind = 'install';
    // Waiting for the job's services is the sandbox's own business (their health checks).
    if (kind === 'wait' && !job.services) kind = 'install';
    if (kind !== 'install') {
      const why = {
        test: 'another test run before the failing step: not needed to reproduce it',
        check: 'a check (lint, format, types): not needed to reproduce the failure',
        info: 'prints information only',
        deliver: 'uploads or publishes: never run in a reproduction',
        system:
          'installs system packages (sudo, apt-get): the sandbox installs as an unprivileged user; give an image that has them (--image)',
        docker:
          'runs Docker: the sandbox has no Docker; a database it starts must be a job service (services:) to be reproduced',
        wait: "waits for a service: the sandbox waits for each service's health check before the tests"
      }[kind];
      skipped.push({ step: name, why });
      continue;
    }
    const cmd = stepCommand(script, run!.shell);
    if (cmd.note) notes.push(`step '${name}': ${cmd.note}`);
    const dir = directory(
      step.workingDirectory ?? job.workingDirectory ?? wf.workingDirectory,
      ctx,
      `step '${name}'`,
      notes
    );
    const need = serviceNeed(
      script,
      ctx.env ?? {},
      planServices.map(s => s.name)
    );
    if (need) {
      setupUnits.push(unit(cmd.command, dir, stepEnvRaw));
      notes.push(
        `step '${name}' ${need}: it runs before the test in every test run, when the services are up (not in the install)`
      );
      continue;
    }
    units.push(unit(cmd.command, dir, stepEnvRaw));
    installSteps++;
  }

  const testEnv = plainEnv(failing.env, jobCtx, `step '${failingName}' env`, notes);
  const testCtx: Contexts = { ...jobCtx, env: { ...jobEnv, ...testEnv } };
  const testScript = text(failingRun.run, testCtx, `step '${failingName}'`, notes);
  const testCmd = stepCommand(testScript, failingRun.shell);
  if (testCmd.note) notes.push(`step '${failingName}': ${testCmd.note}`);
  if (classifyRun(failing.name, testScript) === 'docker')
    notes.push(
      `step '${failingName}' runs Docker; the sandbox has none, so it cannot run as written: name the command it runs inside (--command)`
    );
  const workingDirectory = directory(
    failing.workingDirectory ?? job.workingDirectory ?? wf.workingDirectory,
    testCtx,
    `step '${failingName}'`,
    notes
  );

  notes.push(...serviceNotes);
  const plan: Plan = {
    image: '',
    language: 'unknown',
    services: planServices,
    test: testCmd.command,
    workingDirectory,
    env: { ...jobEnv, ...testEnv },
    from: {
      image: '',
      install:
        installSteps > 0 || units.length > 0
          ? `${installSteps} run: step${installSteps === 1 ? '' : 's'} before '${failingName}'`
          : `none: no install or build step before '${failingName}'`,
      test: `step '${failingName}' of job '${c.name}' in ${wf.path}`
    },
    skipped,
    notes,
    workflow: wf.path,
    job: c.name,
    step: failingName
  };
  if (units.length > 0) plan.install = units.join(' && ');
  if (setupUnits.length > 0) {
    plan.setup = setupUnits.join(' && ');
    plan.from.setup = `${setupUnits.length} run: step${setupUnits.length === 1 ? '' : 's'} before '${failingName}' that need the services`;
  }

  const allCommands = `${plan.install ?? ''}\n${plan.setup ?? ''}\n${plan.test}`;
  if (container) {
    plan.image = container.image;
    plan.language = imageLanguage(container.image);
    const v = imageVersion(container.image);
    if (v) plan.version = v;
    plan.from.image = `jobs.${job.id}.container`;
    if (toolchains.length > 0)
      notes.push(
        `setup actions (${toolchains.map(t => t.step).join(', ')}) not applied: the job runs in its container`
      );
    return plan;
  }
  if (toolchains.length > 0) {
    // The test command's tool says which toolchain is the job's; `make test` says nothing: the
    // project files where it runs do (fzf sets up Go and Ruby, and is a Go project).
    const want =
      commandLanguage(plan.test) ??
      (toolchains.length > 1 ? await projectLanguage(root, plan.workingDirectory) : undefined);
    const chosen = toolchains.find(t => t.tc.language === want) ?? toolchains[toolchains.length - 1];
    plan.language = chosen.tc.language;
    plan.version = chosen.tc.version;
    plan.image =
      chosen.tc.language === 'java'
        ? javaBuildImage(chosen.tc.image, chosen.tc.version, allCommands)
        : chosen.tc.image;
    plan.from.image = `step '${chosen.step}'`;
    if (chosen.tc.note) notes.push(chosen.tc.note);
    for (const t of toolchains)
      if (t !== chosen)
        notes.push(`step '${t.step}' (${t.tc.action} ${t.tc.version}) not in the image ${plan.image}`);
    return plan;
  }
  // No project file says either (the project is in a folder, or none is read): the tool the test
  // command runs names the language (`cargo test` -> rust:1).
  const byCommand = (): boolean => {
    const lang = commandLanguage(plan.test);
    if (!lang || lang === 'unknown') return false;
    plan.image =
      lang === 'java'
        ? DEFAULT_IMAGES[/\bgradlew?\b/.test(plan.test) ? 'gradle' : 'maven']
        : DEFAULT_IMAGES[lang];
    plan.language = lang;
    plan.from.image = `the test command (${lang}): neither the workflow nor the project files name a toolchain`;
    return true;
  };
  return detectProject(root, {}, plan.test).then(
    spec => {
      plan.image = spec.image;
      plan.language = spec.language;
      plan.from.image = `project files (${spec.detectedFrom}): the workflow names no toolchain`;
      if (spec.image === DEFAULT_IMAGES.unknown) byCommand();
      return plan;
    },
    () => {
      if (byCommand()) return plan;
      plan.image = DEFAULT_IMAGES.unknown;
      plan.from.image = 'default: neither the workflow nor the project files name a toolchain';
      return plan;
    }
  );
}

/** A Plan from project files alone (no workflow says how the project is tested). */
async function planFromProject(root: string, notes: string[]): Promise<Plan> {
  let spec;
  try {
    spec = await detectProject(root);
  } catch (e) {
    if (e instanceof ProjectDetectionError) {
      throw new PlanError(`${e.message}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
    }
    throw e;
  }
  const plan: Plan = {
    image: spec.image,
    language: spec.language,
    services: [],
    test: spec.test,
    workingDirectory: '.',
    env: {},
    from: { image: `project files (${spec.detectedFrom})`, install: 'project files', test: 'project files' },
    skipped: [],
    notes
  };
  if (spec.install) plan.install = spec.install;
  return plan;
}

/**
 * The reproduction Plan of a repository at `root` (its failing commit checked out). Throws PlanError
 * for a workflow or job that cannot be planned; ProjectDetectionError when nothing says how to test.
 */
export async function buildPlan(root: string, options: PlanOptions = {}): Promise<Plan> {
  const notes: string[] = [];
  const workflows: Workflow[] = [];
  if (options.workflow !== undefined) {
    workflows.push(await readWorkflow(root, options.workflow));
  } else {
    for (const file of await listWorkflows(root)) {
      try {
        workflows.push(await readWorkflow(root, file));
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        notes.push(`${file} skipped: ${e.message}`);
      }
    }
  }
  const all = workflows.flatMap(candidates);
  if (options.job !== undefined) {
    const { found, note } = pickByName(all, options.job);
    if (!found) {
      const where = options.workflow ?? '.github/workflows';
      const names = all.slice(0, 30).map(c => `'${c.name}'`);
      throw new PlanError(
        `no job named '${options.job}' in ${where}.` +
          (names.length > 0
            ? ` Jobs: ${names.join(', ')}${all.length > 30 ? ', …' : ''}.`
            : ' It has no workflow with jobs.') +
          (notes.length > 0 ? ` (${notes.join('; ')})` : '')
      );
    }
    if (note) notes.push(note);
    return planJob(root, found, options.step, notes);
  }
  const first = all.find(hasTestStep);
  if (first) return planJob(root, first, options.step, notes);
  if (options.workflow !== undefined && all.length > 0) return planJob(root, all[0], options.step, notes);
  notes.push(
    workflows.length === 0
      ? 'no readable workflow under .github/workflows: planned from the project files'
      : 'no workflow job runs tests: planned from the project files'
  );
  return planFromProject(root, notes);
}
