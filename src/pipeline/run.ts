import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { FINGERPRINT_LINE_PREFIX, Labels } from '../constants.js';
import { diagnoseByRules, diagnoseFailure } from './diagnose.js';
import { SafeOutputs } from '../delivery/safe-outputs.js';
import { checkGates, checkSteering } from './gates.js';
import { dependencySource, heal, specForHeal, type HealReport } from './heal.js';
import { actorOf, auditMemoryWrites, healRecordOf, recordHeal } from './record.js';
import { runSteering } from './steer.js';
import { runBackfill } from './backfill.js';
import { runPublish } from './publish.js';
import { reportMemory } from './patterns.js';
import { toProposal } from './propose.js';
import {
  deliverFix,
  escalate,
  fixBranch,
  fixPaths,
  type DeliverContext,
  type FixDelivered
} from './deliver.js';
import { applyFixToHead, checkoutMergeCommit } from './merge-commit.js';
import { diagnosisComment } from '../report/index.js';
import { dependencyBase, resolveRun } from './resolve.js';
import { treeDir } from '../fs/index.js';
import { detectProject } from '../sandbox/detect.js';
import { SandboxUnavailableError } from '../sandbox/errors.js';
import type { NightwatchState } from '../state/port.js';
import { breakerStatus } from '../state/breaker.js';
import { settleRerunEvent } from '../state/events.js';
import { isFlaky, isQuarantined, wasRerun } from '../state/flakiness.js';
import { learn } from '../state/learn.js';
import { TriageError, triageLogs } from '../triage/index.js';
import type { Diagnosis, FailedRun, Outcome, Triage } from '../types.js';
import { DeliveryError, type PipelineContext, type PipelineResult, type StageLogger } from './context.js';

const AUTH_FAILURE =
  /Bad credentials|could not read Username|terminal prompts disabled|Authentication failed|Invalid username or password|\b401\b/i;

/** The error of a failed delivery, saying which token was refused when GitHub refused one. */
function deliveryErrorMessage(error: unknown, appToken: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!AUTH_FAILURE.test(message)) return message;
  return appToken
    ? `The app-token was refused (expired or revoked? An installation token lasts one hour: mint it in the ` +
        `same job with actions/create-github-app-token). ${message}`
    : `The github-token was refused (expired, or missing the contents/pull-requests write permissions?). ${message}`;
}

/** The stages in order (DESIGN.md): resolve, gate, triage, diagnose, reproduce+repair, deliver, record. */
export async function runPipeline(ctx: PipelineContext): Promise<PipelineResult> {
  const { settings, github, log } = ctx;
  if (settings.phase === 'publish') return runPublish(ctx);
  if (settings.command) return runSteering(ctx);
  if (settings.backfillDays !== undefined) return runBackfill(ctx);
  const startedAt = Date.now();
  const run = await log.group('Resolve the run', async () => {
    const r = await resolveRun(ctx.eventName, ctx.payload, settings.runId, ctx.owner, ctx.repo, github);
    log.info(
      `Run ${r.runId} (attempt ${r.runAttempt}) of '${r.workflow}' on ${r.headBranch} @ ${r.headSha}: ${r.conclusion}`
    );
    return r;
  });

  const loaded = await log.group('Load state', () => ctx.state.load());
  let state = loaded;
  if (run.runAttempt > 1 && wasRerun(state, run.runId)) {
    // A re-run Nightwatch asked for came back: passed means the failure was flaky. Remember either way.
    const settled = settleRerunEvent(state, run.runId, run.runAttempt, run.conclusion === 'success');
    if (settled !== state && run.conclusion === 'success') {
      await ctx.state.save(settled);
      const reason = `the re-run of run ${run.runId} passed: the failure was flaky or environmental`;
      return { status: 'skipped', outcome: { kind: 'skipped', reason }, run, attempts: 0, refusals: [] };
    }
    state = settled;
  }
  // Gated on the state as loaded: settling a re-run records this attempt, which must not count as handled.
  const gate = checkGates(run, settings, loaded);
  if (!gate.pass) {
    log.info(`Skipped: ${gate.reason}`);
    // Nothing is written for a skipped run, not even state: a successful run leaves no trace.
    return {
      status: 'skipped',
      outcome: { kind: 'skipped', reason: gate.reason },
      run,
      attempts: 0,
      refusals: []
    };
  }

  // Every credential the job holds is redacted from what it quotes or writes, the app token included
  // (one not of GitHub's ghs_ shape escapes the pattern-based redaction).
  const secrets = [settings.githubToken, settings.appToken, settings.geminiApiKey].filter(s => s !== '');
  const triage = await log.group('Triage the logs', async () => {
    const jobs = await github.listJobs(run.runId, run.runAttempt);
    // The logs of the attempt that failed: after a re-run, the run's own logs are the latest attempt's.
    // Expired or deleted logs (410) end the run here with an error that says what to do.
    const zip = await github.downloadRunLogs(run.runId, run.runAttempt);
    assertZip(zip, `the log archive of attempt ${run.runAttempt} of run ${run.runId}`);
    const baseline = await fetchBaseline(ctx, run);
    const downloadJob = github.downloadJobLogs?.bind(github);
    const t = await triageLogs(zip, {
      jobs,
      baseline,
      extraSecrets: secrets,
      // An archive without the failed job's file: that job's own log, as GitHub serves it.
      jobLog: downloadJob
        ? job => {
            log.info(`The log archive has no file for job '${job.name}'; downloading the job's own log`);
            return downloadJob(job.id);
          }
        : undefined
    });
    log.info(`${t.category} failure in ${t.job} / ${t.step}; fingerprint ${t.fingerprint}`);
    log.info(`Chunk ${t.chunk.file}:${t.chunk.startLine}-${t.chunk.endLine}`);
    for (const f of t.failures.slice(0, 10)) log.info(`  ${f.tool} ${f.errorType ?? ''} ${f.message}`);
    for (const n of t.notes ?? []) log.warning(n);
    return t;
  });
  const steering = checkSteering(triage.fingerprint, state);
  if (!steering.pass) {
    log.info(`Skipped: ${steering.reason}`);
    return {
      status: 'skipped',
      outcome: { kind: 'skipped', reason: steering.reason },
      run,
      triage,
      attempts: 0,
      refusals: []
    };
  }
  // What became of earlier re-runs and fix PRs (the workflows run Nightwatch only on failures).
  state = await learn(state, github, m => log.warning(m));
  const rulesDiagnosis = diagnoseByRules(triage);

  const safe = new SafeOutputs({
    // A propose job writes nothing to GitHub whatever the mode: any write it tries is refused and recorded.
    mode: settings.phase === 'propose' ? 'diagnose' : settings.mode,
    protectedPaths: settings.protectedPaths,
    dryRun: settings.dryRun,
    github: ctx.writeGithub ?? github,
    secrets,
    log
  });
  const finish = async (
    partial: Omit<PipelineResult, 'refusals' | 'run' | 'triage'>
  ): Promise<PipelineResult> => {
    const result: PipelineResult = { ...partial, run, triage, refusals: safe.refusals };
    if (settings.dryRun) {
      // A dry run changes nothing, its memory included: recording it would make the next real run skip.
      log.info('Dry run: the state is not recorded');
      return result;
    }
    const refusedBefore = safe.refusals.length;
    const recorded: NightwatchState = recordHeal(
      state,
      healRecordOf(result, { actor: actorOf(ctx.payload), startedAt })
    );
    // What the memory says: metrics for the summary, the pattern issue, the digest, the dashboard;
    // the issues it writes (or is refused) are audited in the same save.
    const memory = await reportMemory(
      {
        settings,
        safe,
        log,
        repository: `${ctx.owner}/${ctx.repo}`,
        repoUrl: ctx.repoUrl,
        publishDashboard: ctx.publishDashboard
      },
      recorded,
      triage.fingerprint
    );
    result.metrics = memory.metrics;
    const next = auditMemoryWrites(recorded, memory, safe.refusals.slice(refusedBefore), {
      actor: actorOf(ctx.payload) ?? 'nightwatch',
      fingerprint: triage.fingerprint ?? 'unknown',
      runId: run.runId
    });
    await log.group('Record state', async () => {
      try {
        await ctx.state.save(next);
      } catch (error) {
        log.warning(`Could not save the state: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return result;
  };

  // Infra failures, and failures this fingerprint has shown to be flaky, are re-run once instead of patched.
  const flaky = isFlaky(state, triage.fingerprint) || isQuarantined(state, triage.fingerprint);
  if ((triage.knownPattern && triage.category === 'infra') || flaky) {
    if (state.reruns.includes(run.runId)) {
      return finish({
        status: 'diagnosed',
        outcome: { kind: 'diagnosed' },
        diagnosis: rulesDiagnosis,
        attempts: 0
      });
    }
    const r = await log.group('Re-run infra-failed jobs', () => rerunFailed(safe, github, run));
    if (r.jobs) {
      return finish({
        status: 'rerun',
        outcome: { kind: 'rerun', jobs: r.jobs },
        diagnosis: rulesDiagnosis,
        attempts: 0
      });
    }
    if (r.status === 'unchanged' && triage.category === 'infra') {
      // GitHub would not re-run it (too old, re-run limit, disabled workflow, no `actions: write`):
      // the warning above says why; an infrastructure failure is not patched instead.
      return finish({
        status: 'diagnosed',
        outcome: { kind: 'diagnosed' },
        diagnosis: rulesDiagnosis,
        attempts: 0
      });
    }
  }

  if (settings.mode === 'diagnose' || settings.mode === 'comment') {
    // The CI doctor: failures the rules cannot explain get the model's diagnosis when a key is set.
    const diagnosis = await log.group('Diagnose', () =>
      diagnoseFailure({ triage, model: ctx.model, secrets, log })
    );
    if (settings.mode === 'diagnose') {
      return finish({ status: 'diagnosed', outcome: { kind: 'diagnosed' }, diagnosis, attempts: 0 });
    }
    const commentUrl = await commentDiagnosis(safe, run, triage, diagnosis, log);
    return finish({
      status: 'diagnosed',
      outcome: { kind: 'diagnosed', commentUrl },
      diagnosis,
      attempts: 0
    });
  }

  // mode: fix
  const breaker = breakerStatus(state, new Date(), settings.breaker);
  if (breaker.open) {
    // Too many heals in a row failed: stop spending runner time and model budget until the cool-down ends.
    log.warning(`Diagnosing only: ${breaker.reason}`);
    return finish({
      status: 'diagnosed',
      outcome: { kind: 'diagnosed', reason: `Diagnosing only: ${breaker.reason}` },
      diagnosis: rulesDiagnosis,
      attempts: 0
    });
  }
  const existing =
    (await github.findOpenPull(fixBranch(triage))) ??
    (await github.findOpenPullByText(`${FINGERPRINT_LINE_PREFIX} ${triage.fingerprint}`));
  if (existing) {
    // The same failure already has an open fix: say so there instead of opening another.
    await safe.commentOnPull(
      existing.number,
      `This failure happened again in run ${run.htmlUrl || run.runId}. ${FINGERPRINT_LINE_PREFIX} ${triage.fingerprint}`
    );
    return finish({
      status: 'fixed',
      outcome: { kind: 'fixed', branch: existing.head, prUrl: existing.url, prNumber: existing.number },
      diagnosis: rulesDiagnosis,
      attempts: 0
    });
  }

  const work = await mkdtemp(path.join(ctx.tempDir, 'nightwatch-'));
  try {
    // The repository's own clone URL (the API knows it, including on GHES); the failing commit is
    // fetched by sha from it (fork PR heads are reachable from the base repository) and the fix is
    // pushed back to it.
    const repoUrl = (await github.getRepo()).cloneUrl;
    const { git, merge } = await log.group('Clone the failing commit', async () => {
      const g = await ctx.createGit(path.join(work, 'repo'));
      await g.fetchAndCheckout(repoUrl, run.headSha, settings.githubToken);
      // A pull_request run tested GitHub's merge commit, not the head: reproduce that one, in a clone
      // of its own; the head's clone stays clean for the fix branch.
      const m = await checkoutMergeCommit({
        run,
        triage,
        createGit: ctx.createGit,
        dir: path.join(work, 'merge'),
        repoUrl,
        token: settings.githubToken,
        log
      });
      return { git: g, merge: m };
    });
    // The working directory must be a real folder of the checkout: a committed link there would root the heal outside it.
    const workdir = await treeDir((merge?.git ?? git).dir, settings.workingDirectory);
    const overrides = { image: settings.image, install: settings.installCommand, test: settings.testCommand };
    // The failed job's own workflow says how to reproduce; a given working directory means detection there.
    const spec =
      settings.workingDirectory.replace(/^\.\/?$/, '') === ''
        ? (
            await specForHeal({
              root: workdir,
              workflow: run.workflowPath,
              job: triage.job,
              step: triage.step,
              overrides,
              failingCommand: stepCommand(triage),
              log: m => log.info(m)
            })
          ).spec
        : await detectProject(workdir, overrides, stepCommand(triage));
    log.info(`Project: ${spec.language} (${spec.detectedFrom}); image ${spec.image}; test '${spec.test}'`);
    // A pull request's update is compared with its base branch (the merge base), not only the last commit.
    const depBase = await dependencyBase(git, repoUrl, run, settings.githubToken, log);
    let report: HealReport;
    try {
      const sandbox = await ctx.createSandbox();
      report = await log.group('Reproduce and repair', () =>
        heal({
          workdir,
          sandbox,
          spec,
          triage,
          model: ctx.model,
          maxAttempts: settings.maxAttempts,
          reruns: settings.reruns,
          minConfidence: settings.minConfidence,
          maxCostUsd: settings.maxCostUsd,
          protectedPaths: settings.protectedPaths,
          secrets,
          // The dependency lane: the failing commit over its PR's merge base, else its parent (the clone holds it).
          dependencies: dependencySource(git, run.headSha, depBase, github.listReleases?.bind(github)),
          log: m => log.info(m)
        })
      );
    } catch (error) {
      if (!(error instanceof SandboxUnavailableError)) throw error;
      // No Docker (a container job, a macOS or Windows runner, an image that cannot be pulled) is not
      // an error: the triage and the diagnosis stand, delivered as the mode allows.
      log.warning(
        `Cannot reproduce: ${error.message}. Nightwatch diagnosed the failure from its logs only; ` +
          'to let it reproduce and fix, run it on a Linux runner with Docker (ubuntu-latest) and an image it can pull.'
      );
      const diagnosis = await diagnoseFailure({ triage, model: ctx.model, secrets, log });
      const commentUrl = await commentDiagnosis(safe, run, triage, diagnosis, log);
      return finish({
        status: 'diagnosed',
        outcome: { kind: 'diagnosed', commentUrl },
        diagnosis,
        attempts: 0
      });
    }
    if (merge) report.reproduction.mergeCommit = merge.merge;
    const attempts = report.repair?.attempts.length ?? 0;
    const diagnosis = report.diagnosis ?? rulesDiagnosis;

    if (report.status === 'not-reproduced' || report.status === 'passing') {
      return finish({
        status: 'not-reproduced',
        outcome: { kind: 'skipped', reason: report.reproduction.reason ?? 'did not reproduce' },
        diagnosis,
        heal: report,
        attempts
      });
    }
    if (report.repair?.flaky && settings.phase !== 'propose') {
      // The failing tests passed on a re-run of the broken commit: flaky, so nothing is patched. The
      // failed jobs are re-run instead, and the re-run's outcome teaches the state (flakiness).
      const reason = report.repair.reason ?? 'the failing tests are flaky';
      log.warning(reason);
      const { jobs } = await log.group('Re-run the flaky jobs', () => rerunFailed(safe, github, run));
      const outcome: Outcome = jobs ? { kind: 'rerun', jobs } : { kind: 'diagnosed' };
      return finish({ status: jobs ? 'rerun' : 'diagnosed', outcome, diagnosis, heal: report, attempts });
    }
    const dctx: DeliverContext = {
      safe,
      log,
      pushToken: ctx.writeToken ?? settings.githubToken,
      ownWriteToken: ctx.writeToken !== undefined && ctx.writeToken !== settings.githubToken,
      maxRisk: settings.maxRisk,
      pushToUpdateBranch: settings.pushToUpdateBranch
    };
    if (settings.phase === 'propose') {
      // No write to GitHub from the job that ran the failing code: the patch and the report go to
      // an artifact that a `publish` job checks and delivers.
      await log.group('Upload the proposal', () =>
        ctx.proposals.upload(toProposal(run, triage, diagnosis, report, spec))
      );
      return finish({
        status: 'proposed',
        outcome: { kind: 'skipped', reason: 'proposed for a publish job' },
        diagnosis,
        heal: report,
        attempts
      });
    }
    // A delivery that throws (a refused token, an API fault) loses nothing: the run is recorded and
    // the error carries the result, whose summary shows the verified fix.
    try {
      let refusedFix: string | undefined;
      if (report.status === 'fixed' && report.repair) {
        const repair = report.repair;
        // Verified at the merge commit: the fix branch starts at the head, so the edits go onto it.
        const notOnHead =
          merge && (await applyFixToHead(git, settings.workingDirectory, repair.edits, merge.merge));
        const delivered: FixDelivered = notOnHead
          ? { kind: 'refused', reason: notOnHead }
          : await log.group('Deliver the fix', () =>
              deliverFix(dctx, {
                run,
                triage,
                diagnosis,
                reproduction: report.reproduction,
                repair,
                spec,
                git,
                repoUrl,
                paths: fixPaths(repair.edits, settings.workingDirectory),
                ...(report.lane ? { branch: report.lane.branch, updateBranch: run.headBranch } : {})
              })
            );
        if (delivered.kind === 'refused') {
          refusedFix = delivered.reason;
        } else {
          const pull = delivered.pr.pull;
          return finish({
            status: 'fixed',
            outcome: { kind: 'fixed', branch: delivered.branch, prUrl: pull?.url, prNumber: pull?.number },
            diagnosis,
            heal: report,
            attempts
          });
        }
      }
      const reason = refusedFix
        ? `a verified fix was found but refused: ${refusedFix}`
        : (report.repair?.reason ?? 'no verified fix was found');
      const issue = await log.group('Escalate', () =>
        escalate(dctx, {
          run,
          triage,
          diagnosis,
          reproduction: report.reproduction,
          repair: report.repair,
          reason,
          spec
        })
      );
      return finish({
        status: 'escalated',
        outcome: { kind: 'escalated', reason, issueUrl: issue.issue?.url, issueNumber: issue.issue?.number },
        diagnosis,
        heal: report,
        attempts
      });
    } catch (error) {
      const message = deliveryErrorMessage(error, ctx.writeToken !== undefined);
      const result = await finish({
        status: 'error',
        outcome: { kind: 'error', message },
        diagnosis,
        heal: report,
        attempts
      });
      throw new DeliveryError(message, result);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Asks GitHub to re-run the run's failed jobs; `jobs` (the failed ones) when it did or would (dry run). */
async function rerunFailed(
  safe: SafeOutputs,
  github: PipelineContext['github'],
  run: FailedRun
): Promise<{ status: string; jobs?: number[] }> {
  const r = await safe.rerunFailedJobs(run.runId, run.runAttempt);
  if (r.status !== 'created' && r.status !== 'dry-run') return { status: r.status };
  const jobs = (await github.listJobs(run.runId, run.runAttempt))
    .filter(j => j.conclusion === 'failure')
    .map(j => j.id);
  return { status: r.status, jobs };
}

/**
 * Comments the diagnosis on the PR (or the commit) and labels the PR, as the mode allows. A write
 * the token may not make is a warning: the diagnosis stays in the summary and the outputs.
 */
async function commentDiagnosis(
  safe: SafeOutputs,
  run: FailedRun,
  triage: Triage,
  diagnosis: Diagnosis,
  log: StageLogger
): Promise<string | undefined> {
  const body = diagnosisComment({ run, triage, diagnosis });
  return log.group('Comment the diagnosis', async () => {
    const comment = await safe.commentOnPullOrCommit(run, body, triage.fingerprint).catch((e: unknown) => {
      log.warning(`Diagnosis not commented: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    const pr = run.pullRequests[0];
    if (pr !== undefined && comment !== undefined) {
      // The comment is what matters; a label that cannot be added is only a warning.
      const label = await safe.addLabels(pr, [Labels.Diagnosed]).catch((e: unknown) => ({
        status: 'refused' as const,
        reason: e instanceof Error ? e.message : String(e)
      }));
      if (label.status === 'refused') log.warning(`Label not added: ${label.reason ?? 'refused'}`);
    }
    return comment?.url;
  });
}

/** The failing step's own `run:` command, when the log shows it (the triage's step name is `Run <command>`). */
function stepCommand(triage: Triage): string | undefined {
  const m = /^Run (.+)$/.exec(triage.step);
  return m ? m[1].trim() : undefined;
}

/** The logs endpoint always serves a zip; anything else (an HTML error page, a truncated body) is reported, not triaged. */
function assertZip(data: Buffer, what: string): void {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return;
  if (data.length >= 4 && data.readUInt32LE(0) === 0x06054b50) return; // an empty zip
  const start = JSON.stringify(data.subarray(0, 40).toString('utf8'));
  throw new TriageError(
    `${what} is not a zip file (${data.length} bytes starting with ${start}). ` +
      'GitHub serves run logs as a zip; the logs may have expired or the download was cut off: re-run Nightwatch, or check the run in the web UI.'
  );
}

async function fetchBaseline(ctx: PipelineContext, run: FailedRun): Promise<Buffer | undefined> {
  try {
    const id = await ctx.github.findLastSuccessfulRun(run.workflowPath ?? run.workflow, run.headBranch);
    if (id === undefined) return undefined;
    const zip = await ctx.github.downloadRunLogs(id);
    assertZip(zip, `the log archive of the last green run ${id}`);
    return zip;
  } catch (error) {
    ctx.log.warning(
      `No baseline from the last green run: ${error instanceof Error ? error.message : String(error)}`
    );
    return undefined;
  }
}
