import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BRANCH_PREFIX, DEFAULT_GEMINI_MODEL, DEFAULT_PROTECTED_PATHS } from '../constants.js';
import { commitSubject } from '../delivery/commit-subject.js';
import { createGit, localBranchTip, localHead } from '../delivery/git.js';
import { protectedMatches } from '../delivery/safe-outputs.js';
import { fixBranch, fixPaths, freeBranch } from '../pipeline/deliver.js';
import { dependencySource, heal, specForHeal, type HealReport } from '../pipeline/heal.js';
import { PlanError } from '../plan/index.js';
import type { Model } from '../model/port.js';
import type { ReproductionDetail } from '../sandbox/reproduce.js';
import { detectProject } from '../sandbox/detect.js';
import { createSandbox } from '../sandbox/index.js';
import { onCancel } from '../cancel.js';
import { recordHeal } from '../pipeline/record.js';
import { openLocalState } from './state.js';
import { EXIT, PROGRAM } from './args.js';
import { checkWorkingDirectory, HEAL_USAGE, parseHealArgs, uncommittedWarning } from './heal-args.js';
import { nextStep } from './next-step.js';
import { relativePaths, relativePathsDeep } from './output.js';
import { riskVerdict, type RiskVerdict } from '../repair/risk.js';
import type { Attempt, DependencyChange, Diagnosis, Evidence } from '../types.js';

/** What `nightwatch heal --json` prints (the CLI contract in DESIGN.md). */
export interface HealJson {
  status: 'fixed' | 'escalated' | 'not-reproduced' | 'passing' | 'error';
  branch: string | null;
  diagnosis: Diagnosis | null;
  attempts: Attempt[];
  fingerprint: string | null;
  reproduction: { command: string; image: string; exitCode: number; durationMs: number } | null;
  /** Installs the sandbox ran (added): once per heal unless a fix changed the dependency files. */
  installs?: number;
  /** Why it ended as it did: the reason a fix was not found, or what the proof showed. */
  reason: string | null;
  /** The proof a fix carries (DESIGN.md Evidence); null without a fix. */
  evidence: Evidence | null;
  /** The fix's risk (repair/risk.ts) against --max-risk (added); null without a fix. */
  risk: RiskVerdict | null;
  /** The dependency update the failing commit makes (the dependency lane), when it makes one. */
  dependency?: DependencyChange;
  error?: string;
}

/** `nightwatch heal`: heal DIR's HEAD in a throwaway worktree; a fix lands on a new nightwatch/* branch. */
export async function healCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const args = await parseHealArgs(argv);
  if (!args) {
    out(HEAL_USAGE);
    return EXIT.ok;
  }
  const { json, repoDir, sandbox: sandboxKind, maxAttempts, minConfidence } = args;
  const values = { image: args.image, install: args.install, command: args.command };
  // Paths as the user knows them: the sandbox's and the worktree's are relative to the repository.
  let worktree = '';
  const roots = (): { worktrees: string[]; keep: string[] } => ({
    worktrees: worktree ? [worktree] : [],
    keep: [repoDir]
  });
  const say = (raw: string): void => {
    const s = relativePaths(raw, roots());
    if (json) process.stderr.write(`${s}\n`);
    else out(s);
  };
  const fail = (raw: string, code: number = EXIT.internal): number => {
    const message = relativePaths(raw, roots());
    if (json) {
      const body: HealJson = {
        status: 'error',
        branch: null,
        diagnosis: null,
        attempts: [],
        fingerprint: null,
        reason: message,
        evidence: null,
        risk: null,
        reproduction: null,
        error: message
      };
      out(JSON.stringify(body, null, 2));
    } else {
      process.stderr.write(`${PROGRAM} heal: ${message}\n`);
    }
    return code;
  };

  // Independent start-up work side by side (it is a visible share of a heal of a small project):
  // the sandbox's daemon check runs while git finds the commit and makes the worktree.
  // The Docker sandbox's progress (pulls with Docker's reason, install, services) is printed too.
  // The sandbox's progress (daemon, pulls, installs, services) goes to stderr: stdout keeps the result.
  const progress = (raw: string): void => {
    process.stderr.write(`${relativePaths(raw, roots())}\n`);
  };
  const sandboxReady = createSandbox(sandboxKind, say, {
    docker: {
      log: progress,
      installNetwork: args.installNetwork,
      // In a CI job (RUNNER_TEMP, emptied when the job ends) a second heal reuses the install.
      ...(process.env.RUNNER_TEMP
        ? { installCache: path.join(process.env.RUNNER_TEMP, 'nightwatch-install-cache') }
        : {})
    }
  });
  sandboxReady.catch(() => undefined); // awaited below; a failure is reported there
  let headSha: string;
  try {
    headSha = await localHead(repoDir);
  } catch {
    return fail(
      `${repoDir} is not a git repository with a commit. Run 'git init && git add -A && git commit' first.`,
      EXIT.usage
    );
  }
  const warning = await uncommittedWarning(repoDir, args.repo, headSha);
  if (warning) process.stderr.write(`${warning}\n`);
  try {
    await checkWorkingDirectory(repoDir, headSha, args.workingDirectory);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), EXIT.usage);
  }

  worktree = await mkdtemp(path.join(os.tmpdir(), 'nightwatch-heal-'));
  const made = worktree;
  // Ctrl-C: the worktree goes with the heal's containers and copies (src/cancel.ts).
  const untrackWorktree = onCancel('worktree', () => rm(made, { recursive: true, force: true }));
  let report: HealReport | undefined;
  let branch: string | null = null;
  // For the next step: where the tests ran, and whether the model could try.
  let sandboxUsed: 'docker' | 'host' = 'host';
  let modelUsed = false;
  try {
    // A repository of our own that borrows DIR's objects, not a worktree of DIR: DIR's checkout
    // stays as it was, and DIR's hooks, filters and fsmonitor (its .git/config) never run.
    const wt = await createGit(worktree, undefined, { trusted: true });
    const [, sandbox, state] = await Promise.all([
      wt.checkoutFromLocal(repoDir, headSha),
      sandboxReady,
      openLocalState(repoDir)
    ]);
    sandboxUsed = sandbox.kind;
    const workdir = args.workingDirectory ? path.join(worktree, args.workingDirectory) : worktree;
    const overrides = { image: values.image, install: values.install, test: values.command };
    const named = args.workflow !== undefined || args.job !== undefined || args.step !== undefined;
    if (named && args.workingDirectory)
      return fail(
        '--workflow/--job/--step and --working-directory: give one (the plan says where).',
        EXIT.usage
      );
    let spec;
    if (args.workingDirectory) spec = await detectProject(workdir, overrides);
    else {
      try {
        // The failed job's plan when the repository has workflows; project files otherwise.
        spec = (
          await specForHeal({
            root: worktree,
            workflow: args.workflow,
            job: args.job,
            step: args.step,
            overrides,
            log: say,
            strict: named
          })
        ).spec;
      } catch (error) {
        if (error instanceof PlanError) return fail(error.message, EXIT.usage);
        throw error;
      }
    }
    say(`Project: ${spec.language} (${spec.detectedFrom}); test: ${spec.test}`);
    const apiKey = process.env.GEMINI_API_KEY?.trim();
    let model: Model | undefined;
    if (apiKey) {
      // Loaded only when used: the SDK is most of the CLI's start-up time otherwise.
      const { createGeminiModel } = await import('../model/gemini.js');
      model = createGeminiModel({
        apiKey,
        model: process.env.GEMINI_MODEL?.trim() || DEFAULT_GEMINI_MODEL,
        baseUrl: process.env.GOOGLE_GEMINI_BASE_URL?.trim() || undefined,
        log: say,
        modelSetting: 'GEMINI_MODEL',
        // A rejected key or a retired model is said on stderr even with --json; the heal goes on
        // with the rules' diagnosis and the deterministic fixers.
        report: (level, m) => process.stderr.write(`${PROGRAM} heal: ${level}: ${m}\n`)
      });
    } else {
      say('No GEMINI_API_KEY: rules and deterministic fixers only.');
    }
    modelUsed = model !== undefined;
    report = await heal({
      workdir,
      sandbox,
      spec,
      model,
      maxAttempts,
      minConfidence,
      reruns: args.reruns,
      protectedPaths: DEFAULT_PROTECTED_PATHS,
      secrets: apiKey ? [apiKey] : [],
      // The dependency lane reads the update from HEAD over its parent (the user's objects).
      dependencies: dependencySource(wt, headSha),
      log: say
    });
    if (report.status === 'fixed' && report.repair) {
      // The action's names: nightwatch/fix-<16 hex of the fingerprint>, and a fix to a dependency
      // update on nightwatch/deps-<package>-<version>. A branch of that name whose tip the user
      // committed is never reset: the fix takes the next name (-2, -3, ...).
      const base =
        report.lane?.branch ??
        (report.triage ? fixBranch(report.triage) : `${BRANCH_PREFIX}fix-${headSha.slice(0, 16)}`);
      const free = await freeBranch(base, b => localBranchTip(repoDir, b));
      await wt.checkoutNewBranch(free.branch);
      const title = report.diagnosis?.rootCause ?? 'fix failing tests';
      const sha = await wt.commitPaths(
        fixPaths(report.repair.edits, args.workingDirectory || '.'),
        `nightwatch: ${commitSubject(title, 72 - 'nightwatch: '.length)}\n\n${title}`,
        `local-${headSha.slice(0, 7)}`
      );
      // The commit's whole diff, checked as the action checks a push: nothing protected reaches DIR.
      const hits = protectedMatches(await wt.changedFiles(headSha, sha), DEFAULT_PROTECTED_PATHS);
      if (hits.length > 0) {
        throw new Error(
          `The fix changes protected paths (${hits.join(', ')}); no branch was made. Fix these by hand.`
        );
      }
      await wt.deliverBranchTo(repoDir, free.branch, free.existing !== undefined);
      branch = free.branch;
    }
    const current = await state.load();
    await state.save(
      recordHeal(current, {
        runId: 0,
        runAttempt: 1,
        triage: report.triage,
        status: report.status,
        branch: branch ?? undefined,
        attempts: report.repair?.attempts.length ?? 0,
        usage: report.repair?.usage
      })
    );
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  } finally {
    untrackWorktree();
    await rm(worktree, { recursive: true, force: true });
  }

  const result: HealJson = relativePathsDeep<HealJson>(
    {
      status: report.status,
      branch,
      diagnosis: report.diagnosis ?? null,
      attempts: report.repair?.attempts ?? [],
      fingerprint: report.triage?.fingerprint ?? null,
      reason: report.repair?.reason ?? report.reproduction.reason ?? null,
      evidence: report.repair?.evidence ?? null,
      risk:
        report.status === 'fixed' && report.repair && report.diagnosis
          ? riskVerdict(
              { ...report.repair, regressionTest: report.repair.regressionTest?.file },
              report.diagnosis,
              args.maxRisk
            )
          : null,
      reproduction: {
        command: report.reproduction.command,
        image: report.reproduction.image,
        exitCode: report.reproduction.exitCode,
        durationMs: report.reproduction.durationMs
      },
      ...(report.installs !== undefined ? { installs: report.installs } : {}),
      ...(report.dependency ? { dependency: report.dependency } : {})
    },
    roots()
  );
  if (json) {
    out(JSON.stringify(result, null, 2));
  } else {
    out('');
    out(`Status: ${result.status}`);
    if (result.diagnosis)
      out(`Diagnosis: ${result.diagnosis.rootCause} (confidence ${result.diagnosis.confidence})`);
    for (const a of result.attempts)
      out(`  attempt ${a.n} [${a.source}] ${a.verdict}${a.summary ? ` — ${a.summary}` : ''}`);
    if (report.lane && result.dependency)
      out(
        `Dependency update: ${result.dependency.name} ${result.dependency.from} -> ${result.dependency.to}, decision ${result.dependency.decision} (${relativePaths(report.lane.reason, roots())})`
      );
    if (result.risk)
      out(
        `Risk: ${result.risk.score.toFixed(2)} (max-risk ${result.risk.max})${result.risk.needsReview ? ': review it carefully before merging' : ''}${result.risk.reasons.length > 0 ? ` — ${result.risk.reasons.join('; ')}` : ''}`
      );
    if (branch)
      out(`Fix committed on branch ${branch} of ${repoDir} (git diff ${headSha.slice(0, 7)} ${branch})`);
    if (result.status === 'not-reproduced')
      out(relativePaths(report.reproduction.reason ?? 'The failure did not reproduce.', roots()));
    if (result.status === 'passing') out('The tests pass: nothing to heal.');
    const lane = report.lane && result.dependency?.decision === 'human' ? result.dependency : undefined;
    out(
      nextStep({
        status: result.status as 'fixed' | 'escalated' | 'not-reproduced' | 'passing',
        branch,
        head: headSha.slice(0, 7),
        repo: args.repo,
        fingerprint: result.fingerprint,
        flaky: report.repair?.flaky === true,
        model: modelUsed,
        sandbox: sandboxUsed,
        dependency: lane,
        phase: (report.reproduction as Partial<ReproductionDetail>).phase
      })
    );
  }
  return result.status === 'escalated'
    ? EXIT.escalated
    : result.status === 'not-reproduced'
      ? EXIT.notReproduced
      : EXIT.ok;
}
