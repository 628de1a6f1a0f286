import { protectedMatches } from '../delivery/safe-outputs.js';
import { editablePath, isTreeFile, normalizeRelative, removeTreeFile, writeTreeFile } from '../fs/index.js';
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
import type { ProjectSpec, Sandbox, SandboxResult } from '../sandbox/port.js';
import type { Attempt, Diagnosis, Edit, Failure, ModelUsage, Triage } from '../types.js';
import { collectSources, isTestFile, testFilesOf } from './context.js';
import { applyEdits, revertEdits } from './edits.js';
import { defaultFixers, type Fixer } from './fixers/index.js';
import { outputBlamesFile, singleTestCommand } from './regression.js';

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
    return await ctx.sandbox.run({ workdir: ctx.workdir, spec });
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

/**
 * Repairs the failing tree (DESIGN.md step 5): deterministic fixers first, each verified by the
 * whole suite in a fresh sandbox run; then, with a model, a diagnosis (escalate below
 * minConfidence), a regression test that must fail on the broken code, and patches, each verified
 * by the suite plus the regression test, every failure fed into the next prompt.
 */
export async function repair(ctx: RepairContext): Promise<RepairResult> {
  const attempts: Attempt[] = [];
  const usage = emptyUsage();
  const log = ctx.log;
  const diagnosis = ctx.diagnosis;

  // 1. Deterministic fixers: each proposal verified; one that changes what fails is kept while the
  // fixers look at the new output (one typo may hide the next), else it is reverted.
  const fixers = ctx.fixers ?? defaultFixers();
  let budget = MAX_FIXER_RUNS;
  const chain: Edit[][] = [];
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
      log(`fixer ${fixer.name}: ${proposal.summary}; verifying`);
      budget--;
      const after = await runSuite(ctx);
      attempt.outputTail = tail(after.output);
      if (passed(after)) {
        attempt.verdict = 'pass';
        chain.push(edits);
        log(`fixer ${fixer.name}: the suite passes`);
        return after;
      }
      attempt.verdict = 'fail';
      log(`fixer ${fixer.name}: the suite still fails (exit ${after.exitCode})`);
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
  if (healed) return { fixed: true, attempts, edits: chain.flat(), after: healed, diagnosis, usage };

  if (!ctx.model) {
    const reason =
      attempts.length === 0
        ? 'no deterministic fixer applies and no model is configured'
        : 'the deterministic fixers did not make the suite pass and no model is configured';
    return { fixed: false, attempts, edits: [], diagnosis, usage, reason };
  }
  return modelLoop(ctx, ctx.model, attempts, usage, diagnosis);
}

async function modelLoop(
  ctx: RepairContext,
  model: Model,
  attempts: Attempt[],
  usage: ModelUsage,
  rulesDiagnosis: Diagnosis
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
    secrets: ctx.secrets
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
      const refused =
        refuseEdits(attempt.edits, ctx.protectedPaths) ??
        refuseLargePatch(attempt.edits) ??
        refuseTestEdits(attempt.edits, regression.file, diagnosis);
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
      const after = await runSuite(ctx);
      attempt.outputTail = tail(after.output);
      attempts.push(attempt);
      modelAttempts.push(attempt);
      if (passed(after)) {
        attempt.verdict = 'pass';
        log(`attempt ${attempt.n}: the suite and the regression test pass`);
        const edits = [...attempt.edits, { file: regression.file, search: '', replace: regression.content }];
        return { fixed: true, attempts, edits, regressionTest: regression, after, diagnosis, usage };
      }
      attempt.verdict = 'fail';
      log(`attempt ${attempt.n}: the suite still fails (exit ${after.exitCode})`);
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
  try {
    await writeTreeFile(ctx.workdir, file, t.content);
  } catch (err) {
    return { ok: false, verdict: 'invalid', reason: errText(err) };
  }
  const single = singleTestCommand(ctx.spec, file);
  const result = await runSuite(ctx, single ? { ...ctx.spec, test: single } : ctx.spec);
  const failed =
    result.phase === 'test' &&
    !result.timedOut &&
    result.exitCode !== 0 &&
    (single ? true : outputBlamesFile(result.output, file));
  if (failed) return { ok: true, file, failedBefore: { ...result, output: tail(result.output) } };
  await removeTreeFile(ctx.workdir, file);
  const reason =
    result.exitCode === 0
      ? 'it passes on the broken commit, so it does not catch the bug'
      : result.timedOut
        ? 'it timed out'
        : 'it did not fail as a test of its own';
  return { ok: false, verdict: 'fail', reason, output: result.output };
}
