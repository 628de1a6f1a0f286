import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { deliverFix, escalate, fixPaths, type DeliverContext } from './deliver.js';
import { protectedMatches, SafeOutputs } from '../delivery/safe-outputs.js';
import { checkGates } from './gates.js';
import type { PipelineContext, PipelineResult } from './context.js';
import { ProposalError } from './propose.js';
import { recordHeal } from './record.js';
import { applyEdits, touchedFiles } from '../repair/edits.js';
import type { Edit } from '../types.js';

/** Edits relative to the working directory, made relative to the repository root. */
function inRepository(edits: Edit[], workingDirectory: string): Edit[] {
  const wd = workingDirectory.trim();
  if (wd === '' || wd === '.' || wd === './') return edits;
  return edits.map(e => ({ ...e, file: `${wd}/${e.file}` }));
}

/**
 * The `publish` phase: deliver what a `propose` job of this run uploaded. This job holds the write
 * token and runs none of the failing code: it re-reads the run from the API (not from the
 * proposal), checks the edits against the protected paths itself, applies them to a fresh clone
 * of the failing commit, and pushes and opens the PR (or the escalation issue) through the safe outputs.
 */
export async function runPublish(ctx: PipelineContext): Promise<PipelineResult> {
  const { settings, github, log } = ctx;
  const proposal = await log.group('Download the proposal', () => ctx.proposals.download());
  if (!proposal) {
    return {
      status: 'skipped',
      outcome: { kind: 'skipped', reason: 'the propose job uploaded no proposal' },
      attempts: 0,
      refusals: []
    };
  }
  const run = await github.getRun(proposal.runId);
  run.runAttempt = proposal.runAttempt;
  const state = await ctx.state.load();
  // The propose job of this run recorded it as `proposed`; that is the one entry that does not make it handled.
  const ledger = state.ledger.filter(e => !(e.runId === run.runId && e.status === 'proposed'));
  const gate = checkGates(run, settings, { ...state, ledger });
  if (!gate.pass) {
    return {
      status: 'skipped',
      outcome: { kind: 'skipped', reason: gate.reason },
      run,
      attempts: 0,
      refusals: []
    };
  }
  const secrets = [settings.githubToken, settings.appToken].filter(s => s !== '');
  const safe = new SafeOutputs({
    mode: settings.mode,
    protectedPaths: settings.protectedPaths,
    dryRun: settings.dryRun,
    github: ctx.writeGithub ?? github,
    secrets,
    log
  });
  const dctx: DeliverContext = {
    safe,
    log,
    pushToken: ctx.writeToken ?? settings.githubToken,
    ownWriteToken: ctx.writeToken !== undefined && ctx.writeToken !== settings.githubToken,
    maxRisk: settings.maxRisk
  };
  const { triage, diagnosis, reproduction, spec } = proposal;
  const repair = {
    attempts: proposal.attempts,
    usage: proposal.usage,
    reason: proposal.reason,
    changesTestExpectations: proposal.changesTestExpectations === true
  };
  const base = { run, triage, diagnosis, attempts: proposal.attempts.length, refusals: safe.refusals };
  const record = async (r: PipelineResult): Promise<PipelineResult> => {
    await ctx.state
      .save(
        recordHeal(state, {
          runId: run.runId,
          runAttempt: run.runAttempt,
          triage,
          status: r.status,
          outcome: r.outcome,
          attempts: r.attempts,
          usage: proposal.usage,
          rootCause: diagnosis.rootCause
        })
      )
      .catch(error =>
        log.warning(`Could not save the state: ${error instanceof Error ? error.message : String(error)}`)
      );
    return r;
  };

  let reason = proposal.reason ?? 'no verified fix was found';
  if (proposal.status === 'fixed') {
    // Checked here, before any clone: the proposal came from the job that ran the failing code.
    // Paths are made relative to the repository (the edits are relative to the working directory),
    // so the protected paths and src/fs see the whole path, the working directory included.
    const edits = inRepository(proposal.edits, settings.workingDirectory);
    const hits = protectedMatches(touchedFiles(edits), settings.protectedPaths);
    if (hits.length > 0) {
      safe.refusals.push({
        action: 'push',
        reason: `the proposal changes protected paths: ${hits.join(', ')}`
      });
      reason = `the proposed fix was refused: it changes protected paths (${hits.join(', ')})`;
    } else {
      const work = await mkdtemp(path.join(ctx.tempDir, 'nightwatch-publish-'));
      try {
        const repoUrl = (await github.getRepo()).cloneUrl;
        const git = await ctx.createGit(path.join(work, 'repo'));
        await git.fetchAndCheckout(repoUrl, run.headSha, settings.githubToken);
        // Through src/fs: an edit through a committed link (out of the clone, into .git) is refused.
        const applied = await applyEdits(git.dir, edits);
        if (!applied.ok)
          throw new ProposalError(`the proposed edits do not apply to ${run.headSha}: ${applied.reason}`);
        const delivered = await log.group('Deliver the fix', () =>
          deliverFix(dctx, {
            run,
            triage,
            diagnosis,
            reproduction,
            repair,
            spec,
            git,
            repoUrl,
            paths: fixPaths(proposal.edits, settings.workingDirectory),
            edits: proposal.edits
          })
        );
        if (delivered.kind === 'fixed') {
          const pull = delivered.pr.pull;
          return record({
            ...base,
            status: 'fixed',
            outcome: { kind: 'fixed', branch: delivered.branch, prUrl: pull?.url, prNumber: pull?.number }
          });
        }
        reason = `the proposed fix was refused: ${delivered.reason}`;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
  }
  const issue = await log.group('Escalate', () =>
    escalate(dctx, { run, triage, diagnosis, reproduction, repair, reason, spec })
  );
  return record({
    ...base,
    status: 'escalated',
    outcome: { kind: 'escalated', reason, issueUrl: issue.issue?.url, issueNumber: issue.issue?.number }
  });
}
