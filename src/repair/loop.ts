import { revertsUpdate } from '../deps/analyze.js';
import { protectedMatches } from '../delivery/safe-outputs.js';
import {
  editablePath,
  isTreeFile,
  normalizeRelative,
  readTreeFile,
  removeTreeFile,
  writeTreeFile
} from '../fs/index.js';
import { stripAnsi } from '../triage/ansi.js';
import { addUsage, emptyUsage, estimateCost } from '../model/cost.js';
import { estimateTokens } from '../model/budget.js';
import { ModelError, type Model, type ModelRequest } from '../model/port.js';
import {
  diagnosisRequest,
  patchRequest,
  regressionTestRequest,
  type PromptContext,
  type RejectedTest
} from '../model/prompts.js';
import {
  modelDiagnosis,
  parseAnswer,
  type DiagnosisAnswer,
  type PatchAnswer,
  type RegressionTestAnswer
} from '../model/schemas.js';
import { SandboxError } from '../sandbox/errors.js';
import type { ProjectSpec, RunReport, Sandbox, SandboxResult } from '../sandbox/port.js';
import type {
  Attempt,
  DependencyChange,
  Diagnosis,
  Edit,
  Evidence,
  Failure,
  ModelUsage,
  Triage
} from '../types.js';
import { collectSources, isTestFile, testFilesOf } from './context.js';
import { applyEdits, revertEdits } from './edits.js';
import { defaultFixers, type Fixer } from './fixers/index.js';
import {
  accountRun,
  cheatsIn,
  judgeRuns,
  passedAlone,
  refuseRegressionFailure,
  refuseRegressionFile,
  rerunCode,
  strayFailures,
  STRAY_PASSES_NEEDED,
  STRAY_RUNS,
  type ProofRun,
  type StrayCheck
} from './proof.js';
import { executed, idsWith } from './accounting.js';
import { outputBlamesFile, rerunCommand, singleTestCommand } from './regression.js';
import { commandDir, failingTestsCommand, selectedTitle } from './select.js';

/** Everything repair needs: the broken tree, how to test it, what failed, and the limits. */
export interface RepairContext {
  /** A git checkout of the failing commit; repair edits it in place. */
  workdir: string;
  spec: ProjectSpec;
  sandbox: Sandbox;
  triage?: Triage;
  /** Real test output of the reproduction. */
  failureOutput: string;
  failures: Failure[];
  diagnosis: Diagnosis;
  /** Undefined when there is no Gemini key: deterministic fixers only. */
  model?: Model;
  /** Model attempts (default 3). */
  maxAttempts: number;
  /** Below it the model's diagnosis gets no patch: escalate. */
  minConfidence: number;
  /** Globs; edits touching them are refused (verdict invalid). `.github/workflows/**` always is. */
  protectedPaths: string[];
  maxCostUsd?: number;
  log: (msg: string) => void;
  /** Deterministic fixers to try (default: all). */
  fixers?: Fixer[];
  /** Secrets to redact from prompts besides the known token shapes. */
  secrets?: string[];
  /** Exit code of the reproduction (default 1). */
  failureExitCode?: number;
  /** Test reports (JUnit XML) the reproduction wrote: its accounting reads them before its output. */
  failureReports?: RunReport[];
  /**
   * Re-runs of the failing tests: on the broken commit before any fix (a test that passes on one is
   * flaky, not patched) and after the fix (each must pass). Default 2.
   */
  reruns?: number;
  /**
   * The dependency update the failing commit makes (the dependency lane): its notes and impact
   * report go into the prompts, and an edit that takes the update back is refused.
   */
  dependency?: DependencyContext;
}

/** The dependency lane's part of a repair: the update, why the lane decided so, and its report. */
export interface DependencyContext {
  change: DependencyChange;
  reason: string;
  /** Markdown: the update, the decision, the release notes and the impact report. */
  report: string;
}

/** What repair did: fixed or not, every attempt, and the final edits. */
export interface RepairResult {
  fixed: boolean;
  attempts: Attempt[];
  /** The final edits (applied in workdir when fixed; workdir restored when not). */
  edits: Edit[];
  regressionTest?: { file: string; content: string; failedBefore: SandboxResult };
  /** The verifying run of the whole suite (+ regression test) in a fresh sandbox run. */
  after?: SandboxResult;
  /** Refined by the model when it ran. */
  diagnosis: Diagnosis;
  usage: ModelUsage;
  /** Why not fixed (for the escalation issue). */
  reason?: string;
  /** The proof the fix carries (repair/proof.ts). */
  evidence?: Evidence;
  /** A failing test passed on a re-run of the broken commit: flaky, so nothing was patched. */
  flaky?: boolean;
  /** The fix changes an existing test's expectations (the diagnosis says the test is wrong): a draft PR. */
  changesTestExpectations?: boolean;
  /** The dependency update this repair adapted the code to (the dependency lane). */
  dependency?: DependencyContext;
}

const TAIL_CHARS = 4000;
const ALWAYS_PROTECTED = ['.github/workflows/**'];
/** Fixer edits chained at most this deep (a fix revealing the next error), and runs in all. */
const MAX_FIXER_ROUNDS = 3;
const MAX_FIXER_RUNS = 8;

/**
 * What fails, without what varies between runs (timings, addresses, temp paths): the error lines.
 * A fixer's edit that leaves it unchanged made no progress.
 */
export function failureSignature(output: string): string {
  const lines = output
    .split('\n')
    .filter(l => /\b\w*(Error|Exception)\b|error TS\d+|^FAILED |^ERROR |not ok \d/.test(l))
    .map(l =>
      l
        .replace(/0x[0-9a-f]+/gi, '0x')
        .replace(/\d+(\.\d+)?\s*m?s\b/g, 'T')
        .trim()
    );
  return [...new Set(lines)].sort().join('\n');
}

const tail = (s: string, n = TAIL_CHARS): string => (s.length > n ? s.slice(s.length - n) : s);
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The reason an edit list may not be applied (outside the tree, into `.git`, or a protected path
 * once normalised: `.github/./workflows/x` is `.github/workflows/x`), or undefined.
 */
export function refuseEdits(edits: Edit[], protectedPaths: string[]): string | undefined {
  const globs = [...new Set([...ALWAYS_PROTECTED, ...protectedPaths])];
  for (const e of edits) {
    try {
      editablePath(e.file);
    } catch (err) {
      return errText(err);
    }
    if (protectedMatches([e.file], globs).length > 0) return `edit to protected path '${e.file}' refused`;
  }
  return undefined;
}

/**
 * In the dependency lane, the reason the applied `edits` may not stay: they declare the package
 * back at a version older than the update's (a revert or a pin back). A lockfile sync that keeps
 * the new version is fine. Reads the edited files as they are now, through src/fs.
 */
async function refuseRevert(ctx: RepairContext, edits: Edit[]): Promise<string | undefined> {
  const dep = ctx.dependency?.change;
  if (!dep) return undefined;
  const after = new Map<string, string>();
  for (const file of new Set(edits.map(e => e.file))) {
    const text = await readTreeFile(ctx.workdir, file).catch(() => null);
    if (text !== null) after.set(file, text);
  }
  const back = revertsUpdate(dep, after);
  return back.length > 0
    ? `refused: ${back.join(', ')} would take ${dep.name} back from ${dep.to} (the update stays; adapt the code to it instead)`
    : undefined;
}

/** A path as the model wrote it, in canonical form when it has one (else as given, to be refused). */
function tidyPath(file: string): string {
  try {
    return normalizeRelative(file);
  } catch {
    return file;
  }
}

/** Drops edits that change nothing, so the final diff stays minimal. */
function meaningful(edits: Edit[]): Edit[] {
  return edits.filter(e => e.search !== e.replace);
}

async function runSuite(ctx: RepairContext, spec: ProjectSpec = ctx.spec): Promise<SandboxResult> {
  try {
    try {
      return await ctx.sandbox.run({ workdir: ctx.workdir, spec });
    } catch (err) {
      // Docker itself failed to create or start the container (a loaded daemon): not the tree's
      // doing, so once more before the run counts as failed.
      if (!(err instanceof SandboxError)) throw err;
      ctx.log(`sandbox error (${errText(err)}); running once more`);
      return await ctx.sandbox.run({ workdir: ctx.workdir, spec });
    }
  } catch (err) {
    return {
      exitCode: -1,
      output: `sandbox error: ${errText(err)}`,
      durationMs: 0,
      timedOut: false,
      image: spec.image,
      phase: 'test'
    };
  }
}

const passed = (r: SandboxResult): boolean => r.exitCode === 0 && !r.timedOut && r.phase === 'test';

/** The reproduction as the proof reads it. */
const reproduction = (ctx: RepairContext): ProofRun => ({
  output: ctx.failureOutput,
  exitCode: ctx.failureExitCode ?? 1,
  reports: ctx.failureReports
});

/**
 * The tests of a run after a fix that failed although every failing test of the reproduction passes
 * in it (proof.ts `strayFailures`); empty when there are none or they cannot be told by name.
 */
function straysOf(ctx: RepairContext, r: SandboxResult, edits: readonly Edit[]): string[] {
  if (r.phase !== 'test' || r.timedOut || r.exitCode === 0) return [];
  return strayFailures(reproduction(ctx), r, filesOf(edits)) ?? [];
}

const filesOf = (edits: readonly Edit[]): string[] => [...new Set(edits.map(e => e.file))];

/** Worth the proof: the suite passed, or failed only in other tests that are checked alone. */
const provable = (ctx: RepairContext, r: SandboxResult, edits: readonly Edit[]): boolean =>
  passed(r) || straysOf(ctx, r, edits).length > 0;

/** What a failed run shows, for the attempt and the log: its exit and the tests that failed. */
function failedRunSummary(r: SandboxResult): string {
  if (r.timedOut) return `the run timed out (exit ${r.exitCode})`;
  if (r.phase !== 'test') return `the ${r.phase} failed (exit ${r.exitCode})`;
  const acc = accountRun(r.output, r.reports);
  const failed = idsWith(acc, 'failed', 'errored');
  const counts = acc.readable
    ? `: ${acc.counts.failed} failed, ${acc.counts.errored} errored, ${acc.counts.passed} passed`
    : '';
  const names =
    failed.length > 0 ? `; ${failed.slice(0, 3).join(', ')}${failed.length > 3 ? ', …' : ''}` : '';
  return `exit ${r.exitCode}${counts}${names}`;
}

/**
 * Each stray failure run alone on the tree as it is, until it passed STRAY_PASSES_NEEDED times or
 * can no longer (at most STRAY_RUNS runs): a project's timing test that a loaded machine failed
 * passes again; a test the fix broke fails again. A test no command can select is not run (it then
 * counts as failed).
 */
async function checkStrays(ctx: RepairContext, ids: readonly string[]): Promise<StrayCheck[]> {
  const checks: StrayCheck[] = [];
  for (const id of ids) {
    const selected = failingTestsCommand(ctx.spec.test, [id]);
    const alone = selected ?? rerunCommand(ctx.spec, [id]);
    const passes: boolean[] = [];
    if (alone !== ctx.spec.test) {
      while (
        passes.length < STRAY_RUNS &&
        passes.filter(Boolean).length < STRAY_PASSES_NEEDED &&
        passes.filter(Boolean).length + (STRAY_RUNS - passes.length) >= STRAY_PASSES_NEEDED
      ) {
        const r = await runSuite(ctx, { ...ctx.spec, test: alone });
        passes.push(r.phase === 'test' && !r.timedOut && passedAlone(id, r));
      }
    }
    ctx.log(
      `${id} failed after the fix, not one of the failing tests; alone on the fixed tree it passed ${passes.filter(Boolean).length} of ${passes.length} run(s)`
    );
    checks.push({ id, passes });
  }
  return checks;
}

const DEFAULT_RERUNS = 2;

/** The ids of the tests that failed in the reproduction. */
function failingIds(ctx: RepairContext): string[] {
  return idsWith(accountRun(ctx.failureOutput, ctx.failureReports), 'failed', 'errored');
}

/**
 * Verify fast (issue 11): the failing tests alone, by the runner's own selection (select.ts). A
 * candidate is checked by it first, and only one that passes it gets the whole suite.
 */
interface FastCheck {
  /** The failing tests alone; undefined when no safe selection can be built (the whole suite then). */
  command?: string;
  /** Set once a run of `command` is seen to run the failing tests: the proof's re-runs then use it. */
  works: boolean;
}

/** The fast check of this repair: the selection of the reproduction's failing tests. */
async function fastCheckFor(ctx: RepairContext): Promise<FastCheck> {
  const ids = failingIds(ctx);
  let scripts: Record<string, unknown> | undefined;
  if (/\b(npm|yarn|pnpm)\b/.test(ctx.spec.test)) {
    const dir = commandDir(ctx.spec.test);
    const text = await readTreeFile(ctx.workdir, dir ? `${dir}/package.json` : 'package.json').catch(
      () => null
    );
    try {
      const pkg: unknown = text ? JSON.parse(text) : undefined;
      const s = pkg && typeof pkg === 'object' ? (pkg as { scripts?: unknown }).scripts : undefined;
      if (s && typeof s === 'object') scripts = s as Record<string, unknown>;
    } catch {
      // not JSON: no selection through npm
    }
  }
  const command = failingTestsCommand(ctx.spec.test, ids, scripts);
  if (command) ctx.log(`verify fast: candidates are checked first by the failing tests alone: ${command}`);
  return { command, works: false };
}

/** What a run of the fast check shows: `fail` (a counted test failed), `pass`, or nothing sure. */
function readFastRun(ctx: RepairContext, r: SandboxResult): 'pass' | 'fail' | 'unsure' {
  if (r.phase !== 'test' || r.timedOut) return 'unsure';
  const acc = accountRun(r.output, r.reports);
  if (!acc.readable || acc.problems.length > 0) return 'unsure';
  if (r.exitCode !== 0) return acc.counts.failed + acc.counts.errored > 0 ? 'fail' : 'unsure';
  // It passed: did it run the failing tests? At least as many tests, and none of them named otherwise.
  const ids = failingIds(ctx);
  const titles = new Set(ids.map(selectedTitle));
  if (executed(acc.counts) < titles.size) return 'unsure';
  for (const [id, status] of acc.tests)
    if ((ids.includes(id) || titles.has(selectedTitle(id))) && status !== 'passed') return 'unsure';
  return 'pass';
}

/** One run of the fast check on the tree as it is; undefined when there is none or it told nothing. */
async function runFastCheck(
  ctx: RepairContext,
  fast: FastCheck
): Promise<{ verdict: 'pass' | 'fail'; result: SandboxResult } | undefined> {
  if (!fast.command) return undefined;
  const r = await runSuite(ctx, { ...ctx.spec, test: fast.command });
  const verdict = readFastRun(ctx, r);
  if (verdict === 'unsure') return undefined;
  if (verdict === 'pass') fast.works = true;
  return { verdict, result: r };
}

/**
 * Runs the failing tests `n` times on the tree as it is: the exit code of each run as the flake rule
 * reads it (proof.ts `rerunCode`), and the other tests that failed in them (a whole-suite re-run).
 */
async function rerunFailing(
  ctx: RepairContext,
  n: number,
  edits: readonly Edit[],
  fast?: FastCheck
): Promise<{ codes: number[]; strays: string[]; details: (string | undefined)[] }> {
  const test = fast?.works && fast.command ? fast.command : rerunCommand(ctx.spec, failingIds(ctx));
  const codes: number[] = [];
  const strays: string[] = [];
  const details: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const r = await runSuite(ctx, { ...ctx.spec, test });
    const code = r.phase !== 'test' || r.timedOut ? -1 : rerunCode(reproduction(ctx), r, filesOf(edits));
    codes.push(code);
    details.push(code === 0 ? undefined : failedRunSummary(r));
    if (code !== -1) strays.push(...straysOf(ctx, r, edits));
  }
  return { codes, strays, details };
}

/**
 * The proof a candidate must carry before it counts as a fix: no cheat in its edits, every failing
 * test passing in the verified run with no fewer tests run and none newly skipped, and the failing
 * tests green on every re-run. The reasons go back to the model as the attempt's outcome.
 */
async function prove(
  ctx: RepairContext,
  edits: Edit[],
  after: SandboxResult,
  allowTestExpectationChange: boolean,
  fast?: FastCheck,
  /** Exit codes of runs of the failing tests alone already made on this tree (the fast check's). */
  made: number[] = []
): Promise<{ ok: boolean; reasons: string[]; evidence: Evidence }> {
  const cheats = cheatsIn(edits, { allowTestExpectationChange });
  const wanted = ctx.reruns ?? DEFAULT_RERUNS;
  const counted = cheats.length === 0 ? made.slice(0, wanted) : [];
  const more =
    cheats.length === 0
      ? await rerunFailing(ctx, wanted - counted.length, edits, fast)
      : { codes: [], strays: [], details: [] };
  const reruns = [...counted, ...more.codes];
  // Other tests that failed in the verified run or a whole-suite re-run: each is run alone (no cheat).
  const strayIds = cheats.length === 0 ? [...new Set([...straysOf(ctx, after, edits), ...more.strays])] : [];
  const strays = await checkStrays(ctx, strayIds);
  const verdict = judgeRuns({
    before: reproduction(ctx),
    after: { output: after.output, exitCode: after.exitCode, reports: after.reports },
    reruns,
    rerunDetails: [...counted.map(() => undefined), ...more.details],
    strays,
    edited: filesOf(edits)
  });
  const reasons = [...cheats, ...verdict.reasons];
  return { ok: reasons.length === 0, reasons, evidence: verdict.evidence };
}

/**
 * Repairs the failing tree (DESIGN.md step 5): deterministic fixers first, each verified by the
 * whole suite in a fresh sandbox run; then, with a model, a diagnosis (escalate below
 * minConfidence), a regression test that must fail on the broken code, and patches, each verified
 * by the suite plus the regression test, every failure fed into the next prompt.
 */
export async function repair(ctx: RepairContext): Promise<RepairResult> {
  const result = await repairOnce(ctx);
  return ctx.dependency ? { ...result, dependency: ctx.dependency } : result;
}

async function repairOnce(ctx: RepairContext): Promise<RepairResult> {
  const attempts: Attempt[] = [];
  const usage = emptyUsage();
  const log = ctx.log;
  const diagnosis = ctx.diagnosis;

  // 0. Not a flake: the reproduction's own command is run again on the broken commit (as CI would
  // re-run it; the failing tests alone could pass for want of another test's side effects); a run
  // that passes shows a flaky failure, which no patch can be said to fix.
  const reruns = ctx.reruns ?? DEFAULT_RERUNS;
  const fast = await fastCheckFor(ctx);
  // The failing tests alone first: failing on every re-run, they are no flake either. Any other
  // outcome (one passes alone: a flake, or another test's side effect) is decided by the whole command.
  let alone = reruns > 0 && fast.command !== undefined;
  for (let i = 0; alone && i < reruns; i++) {
    const r = await runSuite(ctx, { ...ctx.spec, test: fast.command! });
    alone = readFastRun(ctx, r) === 'fail';
  }
  if (reruns > 0 && alone) {
    log(
      `the failing tests failed again on ${reruns} re-run(s) of them alone on the broken commit: not a flake`
    );
  } else if (reruns > 0) {
    const codes: number[] = [];
    for (let i = 0; i < reruns; i++) {
      const r = await runSuite(ctx);
      codes.push(r.phase === 'test' && !r.timedOut ? r.exitCode : -1);
    }
    const green = codes.findIndex(c => c === 0);
    if (green >= 0) {
      const reason = `flaky: the failing tests passed on re-run ${green + 1} of ${reruns} of the broken commit, so no patch is proposed`;
      log(reason);
      return { fixed: false, flaky: true, attempts, edits: [], diagnosis, usage, reason };
    }
    log(`the failing tests failed again on ${reruns} re-run(s) of the broken commit: not a flake`);
  }

  // 1. Deterministic fixers: each proposal verified; one that changes what fails is kept while the
  // fixers look at the new output (one typo may hide the next), else it is reverted.
  const fixers = ctx.fixers ?? defaultFixers();
  let budget = MAX_FIXER_RUNS;
  const chain: Edit[][] = [];
  let fixerEvidence: Evidence | undefined;
  const explore = async (
    output: string,
    failures: Failure[],
    depth: number
  ): Promise<SandboxResult | undefined> => {
    for (const fixer of fixers) {
      if (budget <= 0) return undefined;
      let proposal;
      try {
        proposal = await fixer.propose({
          workdir: ctx.workdir,
          spec: ctx.spec,
          failureOutput: stripAnsi(output),
          failures,
          log,
          sandbox: ctx.sandbox
        });
      } catch (err) {
        log(`fixer ${fixer.name} failed: ${errText(err)}`);
        continue;
      }
      if (!proposal || proposal.edits.length === 0) continue;
      const edits = meaningful(proposal.edits);
      const attempt: Attempt = {
        n: attempts.length + 1,
        source: `fixer:${fixer.name}`,
        edits,
        verdict: 'invalid',
        outputTail: '',
        summary: proposal.summary
      };
      attempts.push(attempt);
      const refused = refuseEdits(edits, ctx.protectedPaths);
      const res = refused ? ({ ok: false, reason: refused } as const) : await applyEdits(ctx.workdir, edits);
      if (!res.ok) {
        attempt.summary = `${proposal.summary}; invalid: ${res.reason}`;
        log(`fixer ${fixer.name}: invalid: ${res.reason}`);
        continue;
      }
      const reverts = await refuseRevert(ctx, edits);
      if (reverts) {
        await revertEdits(res.snapshot);
        attempt.summary = `${proposal.summary}; invalid: ${reverts}`;
        log(`fixer ${fixer.name}: invalid: ${reverts}`);
        continue;
      }
      log(`fixer ${fixer.name}: ${proposal.summary}; verifying`);
      budget--;
      const quick = await runFastCheck(ctx, fast);
      const after = quick?.verdict === 'fail' ? quick.result : await runSuite(ctx);
      if (quick?.verdict === 'fail')
        log(`fixer ${fixer.name}: the failing tests alone still fail; the suite is not run`);
      attempt.outputTail = tail(after.output);
      const proven = [...chain.flat(), ...edits];
      if (provable(ctx, after, proven) && quick?.verdict !== 'fail') {
        // A deterministic fix is mechanical (a rename, an import): its edits may touch a test's lines.
        const made = quick?.verdict === 'pass' ? [0] : [];
        const proof = await prove(ctx, proven, after, true, fast, made);
        if (proof.ok) {
          attempt.verdict = 'pass';
          chain.push(edits);
          fixerEvidence = proof.evidence;
          log(`fixer ${fixer.name}: the suite passes, with proof`);
          return after;
        }
        if (passed(after)) {
          attempt.verdict = 'fail';
          attempt.summary = `${proposal.summary}; refused: ${proof.reasons.join('; ')}`;
          log(`fixer ${fixer.name}: the suite passes but the proof fails: ${proof.reasons.join('; ')}`);
          await revertEdits(res.snapshot);
          continue;
        }
        // Other tests failed and their runs alone repeat it: a suite that still fails (the fix may
        // have revealed the next error), as below.
        log(`fixer ${fixer.name}: not a flake of other tests: ${proof.reasons.join('; ')}`);
      }
      attempt.verdict = 'fail';
      attempt.summary = `${proposal.summary}; the suite still fails (${failedRunSummary(after)})`;
      log(`fixer ${fixer.name}: the suite still fails (${failedRunSummary(after)})`);
      if (
        depth + 1 < MAX_FIXER_ROUNDS &&
        after.phase === 'test' &&
        failureSignature(after.output) !== failureSignature(output)
      ) {
        const done = await explore(after.output, [], depth + 1);
        if (done) {
          chain.unshift(edits);
          return done;
        }
      }
      await revertEdits(res.snapshot);
    }
    return undefined;
  };
  const healed = await explore(ctx.failureOutput, ctx.failures, 0);
  if (healed) {
    const evidence = fixerEvidence && { ...fixerEvidence, guard: 'failing-tests' as const };
    return { fixed: true, attempts, edits: chain.flat(), after: healed, diagnosis, usage, evidence };
  }

  if (!ctx.model) {
    const last = attempts.length > 0 ? attempts[attempts.length - 1] : undefined;
    const reason =
      attempts.length === 0
        ? 'no deterministic fixer applies and no model is configured'
        : `the deterministic fixers did not make the suite pass and no model is configured (last: ${last!.source}: ${last!.summary ?? last!.verdict})`;
    return { fixed: false, attempts, edits: [], diagnosis, usage, reason };
  }
  return modelLoop(ctx, ctx.model, attempts, usage, diagnosis, fast);
}

async function modelLoop(
  ctx: RepairContext,
  model: Model,
  attempts: Attempt[],
  usage: ModelUsage,
  rulesDiagnosis: Diagnosis,
  fast: FastCheck
): Promise<RepairResult> {
  const log = ctx.log;
  let diagnosis = rulesDiagnosis;
  const sources = await collectSources(ctx.workdir, ctx.failureOutput, ctx.failures, rulesDiagnosis);
  const pctx: PromptContext = {
    language: ctx.spec.language,
    testCommand: ctx.spec.test,
    failureOutput: ctx.failureOutput,
    triageChunk: ctx.triage?.chunk.text,
    failures: ctx.failures,
    sources,
    testFiles: await testFilesOf(ctx.workdir),
    protectedPaths: [...new Set([...ALWAYS_PROTECTED, ...ctx.protectedPaths])],
    secrets: ctx.secrets,
    ...(ctx.dependency ? { dependency: ctx.dependency.report } : {})
  };
  const notFixed = (reason: string): RepairResult => ({
    fixed: false,
    attempts,
    edits: [],
    diagnosis,
    usage,
    reason
  });

  /** One model call: budget check, call, usage, parse. Throws ModelError; a bad answer is 'bad-answer'. */
  const ask = async <T>(req: ModelRequest, name: 'diagnosis' | 'regressionTest' | 'patch'): Promise<T> => {
    if (ctx.maxCostUsd !== undefined) {
      const next = estimateCost(model.name, estimateTokens(req.system + req.prompt), 2048);
      if (usage.estimatedCostUsd + next > ctx.maxCostUsd) {
        throw new ModelError(
          `the model budget of $${ctx.maxCostUsd} would be exceeded (spent ~$${usage.estimatedCostUsd.toFixed(4)})`,
          'budget'
        );
      }
    }
    const res = await model.generate(req);
    addUsage(usage, model.name, res.promptTokens, res.outputTokens);
    const parsed = await parseAnswer<T>(name, res.text);
    if (!parsed.ok) throw new ModelError(parsed.error, 'bad-answer');
    return parsed.value;
  };

  // 2. Diagnosis.
  try {
    const d = await ask<DiagnosisAnswer>(diagnosisRequest(pctx, rulesDiagnosis), 'diagnosis');
    diagnosis = modelDiagnosis(d);
    log(`model diagnosis (confidence ${d.confidence}): ${d.rootCause}`);
  } catch (err) {
    if (err instanceof ModelError && err.kind !== 'bad-answer')
      return notFixed(`model unavailable for the diagnosis: ${err.message}`);
    log(`model diagnosis unusable (${errText(err)}); keeping the rules' diagnosis`);
  }
  if (diagnosis.confidence < ctx.minConfidence) {
    return notFixed(
      `diagnosis confidence ${diagnosis.confidence.toFixed(2)} is below min-confidence ${ctx.minConfidence}: no patch proposed (${diagnosis.rootCause})`
    );
  }
  if (diagnosis.file) {
    const more = await collectSources(ctx.workdir, ctx.failureOutput, ctx.failures, diagnosis);
    pctx.sources = more;
  }

  // 3. Attempts: each one gets a regression test (until one is accepted) and then a patch.
  let regression: { file: string; content: string; failedBefore: SandboxResult } | undefined;
  const rejected: RejectedTest[] = [];
  const modelAttempts: Attempt[] = [];
  let stopReason: string | undefined;
  for (let i = 0; i < ctx.maxAttempts; i++) {
    const attempt: Attempt = {
      n: attempts.length + 1,
      source: 'model',
      edits: [],
      verdict: 'invalid',
      outputTail: ''
    };
    try {
      if (!regression) {
        const proposed = await ask<RegressionTestAnswer>(
          regressionTestRequest(pctx, diagnosis, rejected),
          'regressionTest'
        );
        const checked = await checkRegressionTest(ctx, proposed);
        if (!checked.ok) {
          attempt.verdict = checked.verdict;
          attempt.summary = `regression test ${proposed.file} rejected: ${checked.reason}`;
          attempt.outputTail = tail(checked.output ?? '');
          attempt.regressionTest = proposed.file;
          rejected.push({ file: proposed.file, reason: checked.reason, outputTail: checked.output });
          attempts.push(attempt);
          modelAttempts.push(attempt);
          log(`attempt ${attempt.n}: ${attempt.summary}`);
          continue;
        }
        regression = { file: checked.file, content: proposed.content, failedBefore: checked.failedBefore };
        log(`regression test ${checked.file} fails on the broken code, as it should`);
      }
      attempt.regressionTest = regression.file;
      // The fixers' failed tries are worth knowing too (what was already ruled out).
      const tried = [...attempts.filter(a => a.source.startsWith('fixer:')), ...modelAttempts];
      const patch = await ask<PatchAnswer>(patchRequest(pctx, diagnosis, regression, tried), 'patch');
      attempt.edits = meaningful(
        patch.edits.map(e => ({ file: tidyPath(e.file), search: e.search, replace: e.replace }))
      );
      attempt.summary = patch.explanation;
      const testIsWrong = diagnosis.file !== undefined && isTestFile(diagnosis.file);
      const cheats = cheatsIn(attempt.edits, { allowTestExpectationChange: testIsWrong });
      const refused =
        refuseEdits(attempt.edits, ctx.protectedPaths) ??
        refuseLargePatch(attempt.edits) ??
        refuseTestEdits(attempt.edits, regression.file, diagnosis) ??
        (cheats.length > 0 ? `refused: ${cheats.join('; ')}` : undefined);
      const res = refused
        ? ({ ok: false, reason: refused } as const)
        : await applyEdits(ctx.workdir, attempt.edits);
      if (!res.ok) {
        attempt.summary = `invalid: ${res.reason}`;
        attempts.push(attempt);
        modelAttempts.push(attempt);
        log(`attempt ${attempt.n}: ${attempt.summary}`);
        continue;
      }
      const reverts = await refuseRevert(ctx, attempt.edits);
      if (reverts) {
        await revertEdits(res.snapshot);
        attempt.summary = `invalid: ${reverts}`;
        attempts.push(attempt);
        modelAttempts.push(attempt);
        log(`attempt ${attempt.n}: ${attempt.summary}`);
        continue;
      }
      // Verify fast: the failing tests alone first; the whole suite only for a candidate that passes them.
      const quick = await runFastCheck(ctx, fast);
      const after = quick?.verdict === 'fail' ? quick.result : await runSuite(ctx);
      attempt.outputTail = tail(after.output);
      attempts.push(attempt);
      modelAttempts.push(attempt);
      const edits = [...attempt.edits, { file: regression.file, search: '', replace: regression.content }];
      const made = quick?.verdict === 'pass' ? [0] : [];
      const proof =
        provable(ctx, after, edits) && quick?.verdict !== 'fail'
          ? await prove(ctx, edits, after, testIsWrong, fast, made)
          : undefined;
      if (proof?.ok) {
        attempt.verdict = 'pass';
        log(`attempt ${attempt.n}: the suite and the regression test pass, with proof`);
        const evidence: Evidence = {
          ...proof.evidence,
          guard: 'regression-test',
          regressionTest: regression.file
        };
        const changesTestExpectations = attempt.edits.some(e => isTestFile(e.file));
        return {
          fixed: true,
          attempts,
          edits,
          regressionTest: regression,
          after,
          diagnosis,
          usage,
          evidence,
          changesTestExpectations
        };
      }
      if (proof) {
        attempt.verdict = 'fail';
        attempt.summary = `${patch.explanation}; the suite passes but the fix is refused: ${proof.reasons.join('; ')}`;
        log(`attempt ${attempt.n}: refused: ${proof.reasons.join('; ')}`);
        await revertEdits(res.snapshot);
        continue;
      }
      attempt.verdict = 'fail';
      log(
        quick?.verdict === 'fail'
          ? `attempt ${attempt.n}: the failing tests alone still fail (exit ${after.exitCode}); the suite is not run`
          : `attempt ${attempt.n}: the suite still fails (${failedRunSummary(after)})`
      );
      await revertEdits(res.snapshot);
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      attempt.summary = `model: ${err.message}`;
      attempts.push(attempt);
      modelAttempts.push(attempt);
      log(`attempt ${attempt.n}: ${attempt.summary}`);
      if (err.kind !== 'bad-answer') {
        stopReason =
          err.kind === 'budget' ? err.message : `the model is unavailable (${err.kind}): ${err.message}`;
        break;
      }
    }
  }
  if (regression) await removeTreeFile(ctx.workdir, regression.file);
  const n = modelAttempts.length;
  return notFixed(stopReason ?? `no verified fix after ${n} model attempt${n === 1 ? '' : 's'}`);
}

/** Limits that keep a model patch a minimal fix rather than a rewrite. */
const MAX_PATCH_FILES = 5;
const MAX_PATCH_LINES = 200;

/** The reason a patch is too large to be a minimal fix, or undefined. */
export function refuseLargePatch(edits: Edit[]): string | undefined {
  const files = new Set(edits.map(e => e.file)).size;
  if (files > MAX_PATCH_FILES)
    return `patch touches ${files} files (at most ${MAX_PATCH_FILES}): not a minimal fix`;
  const lines = edits.reduce((n, e) => n + e.search.split('\n').length + e.replace.split('\n').length, 0);
  if (lines > 2 * MAX_PATCH_LINES)
    return `patch rewrites ~${Math.round(lines / 2)} lines (at most ${MAX_PATCH_LINES}): not a minimal fix`;
  return undefined;
}

/** Existing test files may only change where the diagnosis puts the bug; the regression test never. */
function refuseTestEdits(edits: Edit[], regressionFile: string, diagnosis: Diagnosis): string | undefined {
  for (const e of edits) {
    if (e.file === regressionFile) return `edit to the regression test ${regressionFile} refused`;
    if (isTestFile(e.file) && e.file !== diagnosis.file)
      return `edit to test file ${e.file} refused (the diagnosis does not put the bug there)`;
  }
  return undefined;
}

type Checked =
  | { ok: true; file: string; failedBefore: SandboxResult }
  | { ok: false; verdict: 'fail' | 'invalid'; reason: string; output?: string };

/** Writes the proposed test and runs it on the broken code: it must exist new, and fail. */
async function checkRegressionTest(ctx: RepairContext, t: RegressionTestAnswer): Promise<Checked> {
  const refused = refuseEdits([{ file: t.file, search: '', replace: t.content }], ctx.protectedPaths);
  if (refused) return { ok: false, verdict: 'invalid', reason: refused };
  const file = editablePath(t.file);
  if (await isTreeFile(ctx.workdir, file))
    return {
      ok: false,
      verdict: 'invalid',
      reason: `${file} already exists (a regression test must be a new file)`
    };
  if (!isTestFile(file))
    return { ok: false, verdict: 'invalid', reason: `${file} is not where the test runner looks for tests` };
  const notATest = refuseRegressionFile(file);
  if (notATest) return { ok: false, verdict: 'invalid', reason: notATest };
  try {
    await writeTreeFile(ctx.workdir, file, t.content);
  } catch (err) {
    return { ok: false, verdict: 'invalid', reason: errText(err) };
  }
  const single = singleTestCommand(ctx.spec, file);
  const result = await runSuite(ctx, single ? { ...ctx.spec, test: single } : ctx.spec);
  // It must fail by a failing test (an assertion or the expected error), not by a collection error,
  // an import error of the test itself, or nothing collected.
  const badFailure =
    result.phase === 'test' && !result.timedOut
      ? refuseRegressionFailure(result.output, result.exitCode, result.reports)
      : undefined;
  const failed =
    result.phase === 'test' &&
    !result.timedOut &&
    result.exitCode !== 0 &&
    badFailure === undefined &&
    (single ? true : outputBlamesFile(result.output, file));
  if (failed) return { ok: true, file, failedBefore: { ...result, output: tail(result.output) } };
  await removeTreeFile(ctx.workdir, file);
  const reason =
    result.exitCode === 0
      ? 'it passes on the broken commit, so it does not catch the bug'
      : result.timedOut
        ? 'it timed out'
        : (badFailure ?? 'it did not fail as a test of its own');
  return { ok: false, verdict: 'fail', reason, output: result.output };
}
