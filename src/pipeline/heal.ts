import { diagnoseByRules } from './diagnose.js';
import { analyzeDependencyChange, type DependencyAnalysis } from '../deps/analyze.js';
import type { DependencyGit } from '../deps/attribution.js';
import type { Git } from '../delivery/ports.js';
import type { ListReleases } from '../deps/notes.js';
import { emptyUsage } from '../model/cost.js';
import { defaultFixers } from '../repair/fixers/index.js';
import type { Model } from '../model/port.js';
import { buildPlan, PlanError, withSetup, type Plan } from '../plan/index.js';
import { commandLanguage, detectProject, type DetectOverrides } from '../sandbox/detect.js';
import { repair, type RepairResult } from '../repair/index.js';
import type { ProjectSpec, Sandbox } from '../sandbox/port.js';
import { reproduce } from '../sandbox/reproduce.js';
import { extractFailures, triageOutput } from '../triage/index.js';
import type { DependencyChange, Diagnosis, Failure, Reproduction, Triage } from '../types.js';

/** Everything `heal` needs: a work tree at the failing commit and the ports to act on it. */
export interface HealInput {
  /** Git work tree at the failing commit; when fixed it holds the fix, uncommitted. */
  workdir: string;
  sandbox: Sandbox;
  spec: ProjectSpec;
  /** The triage of the run's logs (action); undefined for a local heal (CLI), which triages the reproduction. */
  triage?: Triage;
  model?: Model;
  maxAttempts: number;
  minConfidence: number;
  maxCostUsd?: number;
  protectedPaths: string[];
  /** Secrets to redact from any text that leaves the triage. */
  secrets: string[];
  /** Re-runs of the failing tests before and after a fix (default 2). */
  reruns?: number;
  /**
   * The failing commit's history, for the dependency lane: when `head` changes dependency versions
   * over `base` (its parent, or the PR's base), the fix adapts the code to the update.
   */
  dependencies?: DependencySource;
  log: (msg: string) => void;
}

/** Where the dependency lane reads the update from: git objects, and releases on GitHub. */
export interface DependencySource {
  git: DependencyGit;
  base: string;
  head: string;
  listReleases?: ListReleases;
}

/**
 * The dependency lane's source from a Git of the checkout: `head` over `base` (default its parent,
 * which the checkout must hold). Undefined when the Git cannot read files at a revision.
 */
export function dependencySource(
  git: Pick<Git, 'changedFiles' | 'showFile'>,
  head: string,
  base = `${head}^`,
  listReleases?: ListReleases
): DependencySource | undefined {
  const showFile = git.showFile?.bind(git);
  if (!showFile) return undefined;
  return {
    git: { changedFiles: (from, to) => git.changedFiles(from, to), showFile },
    base,
    head,
    ...(listReleases ? { listReleases } : {})
  };
}

/** The dependency lane's result beside the record: its fix branch and why it decided so. */
export interface DependencyLane {
  branch: string;
  reason: string;
  /** Markdown: the update, the decision, the notes and the impact report. */
  report: string;
}

/** The result of reproducing and repairing one failure. */
export interface HealReport {
  status: 'fixed' | 'escalated' | 'not-reproduced' | 'passing';
  reproduction: Reproduction;
  triage?: Triage;
  diagnosis?: Diagnosis;
  repair?: RepairResult;
  /** Installs the sandbox ran in this heal (once, unless a fix changed the dependency files). */
  installs?: number;
  /** The dependency update the failing commit makes, when it makes one (the dependency lane). */
  dependency?: DependencyChange;
  lane?: DependencyLane;
}

/** Where to find the failed job's workflow (the action knows the run; the CLI takes flags). */
export interface PlanRequest {
  /** The repository root at the failing commit. */
  root: string;
  workflow?: string;
  job?: string;
  step?: string;
  /** The given image, install and test: each wins over the plan's. */
  overrides: DetectOverrides;
  /** The failing step's command when the log shows it (detection fallback). */
  failingCommand?: string;
  log: (msg: string) => void;
  /** The workflow, job or step was named by the user: a plan error is theirs to fix (thrown). */
  strict?: boolean;
}

const shq = (s: string): string => (/^[\w./@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * How to reproduce (DESIGN.md, "Reproducing like CI"): the Plan of the failed job when its workflow
 * gives one, project-file detection (in `root`) otherwise. Given values win over both. The sandbox
 * works on `root`: the plan's install runs from there, its test in the plan's working directory.
 */
export async function specForHeal(req: PlanRequest): Promise<{ spec: ProjectSpec; plan?: Plan }> {
  const { log } = req;
  let plan: Plan | undefined;
  try {
    const p = await buildPlan(req.root, { workflow: req.workflow, job: req.job, step: req.step });
    if (p.workflow) plan = p;
  } catch (error) {
    if (!(error instanceof PlanError) || req.strict) throw error;
    log(`No plan from the workflow (${error.message}); detecting from the project files`);
  }
  if (!plan) return { spec: await detectProject(req.root, req.overrides, req.failingCommand) };
  logPlan(plan, log);
  const o = req.overrides;
  const given = (v: string | undefined): string | undefined => v?.trim() || undefined;
  const test = given(o.test) ?? plan.test;
  const from = [`${plan.workflow}, job '${plan.job}', step '${plan.step}'`];
  const spec: ProjectSpec = {
    // An image the plan does not know (a private or test image): the test command tells.
    language: plan.language !== 'unknown' ? plan.language : (commandLanguage(test) ?? 'unknown'),
    image: given(o.image) ?? plan.image,
    // The service setup (a database the tests need) runs in every test run, when the services are up.
    test: withSetup(
      plan.setup,
      plan.workingDirectory !== '.' && !given(o.test) ? `cd ${shq(plan.workingDirectory)} && ${test}` : test
    ),
    detectedFrom: from.join('; '),
    env: plan.env
  };
  const install = given(o.install) ?? plan.install;
  if (install) spec.install = install;
  // CI got past the workflow's install steps: failing here (an image without the runner's tools, no
  // registry) is the sandbox's environment, so the tests run alone, with a warning. A given install stays strict.
  if (install && !given(o.install)) spec.installFallback = 'any';
  if (plan.services.length > 0) spec.services = plan.services;
  if (given(o.image)) from.push('image given');
  if (given(o.install)) from.push('install command given');
  if (given(o.test)) from.push('test command given');
  spec.detectedFrom = from.join('; ');
  return { spec, plan };
}

function logPlan(p: Plan, log: (msg: string) => void): void {
  log(`Plan: ${p.workflow}, job '${p.job}', step '${p.step}'`);
  log(`  image ${p.image} (${p.from.image})`);
  for (const s of p.services)
    log(`  service ${s.name}: ${s.image}${s.health ? ` (health: ${s.health.cmd})` : ''}`);
  log(`  install: ${p.install ?? '(none)'} (${p.from.install})`);
  if (p.setup) log(`  service setup, before each test run: ${p.setup} (${p.from.setup ?? ''})`);
  log(`  test: ${p.test} in ${p.workingDirectory}`);
  const env = Object.keys(p.env);
  if (env.length > 0) log(`  env: ${env.join(', ')}`);
  for (const s of p.skipped) log(`  skipped ${s.step}: ${s.why}`);
  for (const n of p.notes) log(`  note: ${n}`);
}

/**
 * Reproduce, then repair (DESIGN.md steps 4–5). Shared by the action and the CLI so both heal the
 * same way; delivery is the caller's business.
 */
export async function heal(input: HealInput): Promise<HealReport> {
  try {
    const report = await healOnce(input);
    return input.sandbox.installs !== undefined ? { ...report, installs: input.sandbox.installs } : report;
  } finally {
    // The kept install goes with the heal.
    await input.sandbox.close?.().catch(() => undefined);
  }
}

async function healOnce(input: HealInput): Promise<HealReport> {
  const { log } = input;
  log(
    `Reproducing with '${input.spec.test}' in ${input.sandbox.kind === 'docker' ? input.spec.image : 'the host'}`
  );
  const expected = input.triage?.failures;
  const reproduction = await reproduce(input.sandbox, input.workdir, input.spec, expected, extractFailures);
  log(
    `Reproduction: exit ${reproduction.exitCode} in ${reproduction.durationMs} ms; ${reproduction.reason ?? ''}`
  );
  if (!reproduction.reproduced) {
    const passing = reproduction.exitCode === 0 && input.triage === undefined;
    return { status: passing ? 'passing' : 'not-reproduced', reproduction, triage: input.triage };
  }
  const triage =
    input.triage ?? (await triageOutput(reproduction.outputTail, { extraSecrets: input.secrets }));
  const diagnosis = diagnoseByRules(triage);
  const failures = extractFailures(reproduction.outputTail);
  const found = failures.length > 0 ? failures : triage.failures;
  const analysis = await analyzeDependencies(input, found);
  const dependency = analysis && {
    change: analysis.change,
    reason: analysis.reason,
    report: analysis.report
  };
  const lane = analysis && {
    dependency: analysis.change,
    lane: { branch: analysis.branch, reason: analysis.reason, report: analysis.report }
  };
  if (analysis?.change.decision === 'human') {
    // Too broad or architectural to patch: an escalation with the notes and the impact report.
    const reason = `the dependency update ${analysis.change.name} ${analysis.change.from} -> ${analysis.change.to} needs a person: ${analysis.reason}`;
    log(reason);
    return {
      status: 'escalated',
      reproduction,
      triage,
      diagnosis,
      repair: { fixed: false, attempts: [], edits: [], diagnosis, usage: emptyUsage(), reason, dependency },
      ...lane
    };
  }
  // A mechanical change the notes spell out: the lane's rename fixer goes first, proven like any other.
  const fixers =
    analysis?.fixer && analysis.change.decision === 'auto' ? [analysis.fixer, ...defaultFixers()] : undefined;
  const result = await repair({
    workdir: input.workdir,
    spec: input.spec,
    sandbox: input.sandbox,
    triage,
    failureOutput: reproduction.outputTail,
    failureExitCode: reproduction.exitCode,
    failureReports: reproduction.reports,
    reruns: input.reruns,
    failures: found,
    diagnosis,
    ...(fixers ? { fixers } : {}),
    ...(dependency ? { dependency } : {}),
    secrets: input.secrets,
    model: input.model,
    maxAttempts: input.maxAttempts,
    minConfidence: input.minConfidence,
    protectedPaths: input.protectedPaths,
    maxCostUsd: input.maxCostUsd,
    log
  });
  return {
    status: result.fixed ? 'fixed' : 'escalated',
    reproduction,
    triage,
    diagnosis: result.diagnosis,
    repair: result,
    ...lane
  };
}

/**
 * The dependency lane's analysis of the failing commit, or undefined: no history given, no
 * dependency version changed, or the analysis failed (said, and the heal goes on as usual).
 */
async function analyzeDependencies(
  input: HealInput,
  failures: readonly Failure[]
): Promise<DependencyAnalysis | undefined> {
  const src = input.dependencies;
  if (!src) return undefined;
  try {
    const analysis = await analyzeDependencyChange({
      workdir: input.workdir,
      git: src.git,
      base: src.base,
      head: src.head,
      failures,
      ...(src.listReleases ? { listReleases: src.listReleases } : {})
    });
    if (analysis) {
      const c = analysis.change;
      input.log(
        `Dependency update: ${c.name} ${c.from} -> ${c.to} (${c.ecosystem}); decision ${c.decision}: ${analysis.reason}`
      );
      for (const s of analysis.skipped.slice(0, 10)) input.log(`  skipped ${s}`);
    }
    return analysis;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // A first commit has no parent to compare with: nothing was updated, so there is nothing to say.
    if (!/bad revision|unknown revision|ambiguous argument/.test(message)) {
      input.log(`No dependency analysis (${message}); healing as usual`);
    }
    return undefined;
  }
}
