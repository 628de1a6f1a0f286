/** The body of a fix pull request: why it failed, what changed, and the evidence that it works. */
import type { TestEvidence, PullRequestInput } from './types.js';
import { MAX_BODY, clip, code, details, fence, inline } from './markdown.js';
import {
  type Budget,
  attemptsTable,
  chunkSection,
  diagnosisSection,
  evidence,
  failureFacts,
  failuresSection,
  fingerprintFooter,
  fitted,
  proofSection,
  reproduceLocally,
  reproducedAt,
  reproductionEvidence,
  reviewCallout,
  riskSection
} from './sections.js';
import { Labels } from '../constants.js';
import { dependencySection } from './dependency.js';

/** Files the diff adds or changes that look like tests (the regression test among them). */
export function testFilesInDiff(diff: string): string[] {
  const files = [...diff.matchAll(/^\+\+\+ b\/(.+)$/gm)].map(m => m[1] ?? '');
  return files.filter(f =>
    /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|\.(test|spec)\.[jt]sx?$/.test(f)
  );
}

/** The PR body (Markdown, under GitHub's size limit), ending with the fingerprint line. */
export function pullRequestBody(input: PullRequestInput): string {
  return fitted(b => build(input, b), MAX_BODY);
}

function build(input: PullRequestInput, b: Budget): string {
  const { run, triage, diagnosis, reproduction, repair, diff, branch, spec } = input;
  const passing = [...repair.attempts].reverse().find(a => a.verdict === 'pass');
  const command = spec?.test ?? reproduction.command;
  const image = spec?.image ?? reproduction.image;
  const after: TestEvidence | undefined =
    input.after ??
    (repair.after
      ? {
          command,
          image: repair.after.image ?? image,
          exitCode: repair.after.exitCode,
          outputTail: repair.after.output,
          durationMs: repair.after.durationMs
        }
      : undefined) ??
    (passing ? { command, image, exitCode: 0, outputTail: passing.outputTail } : undefined);
  const regression = [
    ...new Set([
      ...(repair.regressionTest ? [repair.regressionTest.file] : []),
      ...repair.attempts.map(a => a.regressionTest).filter((t): t is string => !!t),
      ...testFilesInDiff(diff)
    ])
  ];

  const parts: string[] = [
    `## Nightwatch fix for ${runLinkText(input)}`,
    '',
    `This pull request from ${code(branch)} fixes the failure below. The fix was verified by running the tests in a fresh container${
      after ? ` (exit code ${after.exitCode})` : ''
    }. Please review it like any other change.`,
    ''
  ];
  const callout = reviewCallout(input.risk, repair.changesTestExpectations === true, Labels.NeedsReview);
  if (callout) parts.push(callout, '');
  const at = reproducedAt(reproduction);
  parts.push(
    failureFacts(run, triage),
    '',
    ...(at ? [at, ''] : []),
    '### Diagnosis',
    '',
    diagnosisSection(diagnosis),
    '',
    '### The failing log',
    '',
    chunkSection(triage, b.chunk)
  );
  const failures = failuresSection(triage);
  if (failures) parts.push('', failures);
  if (repair.dependency) parts.push('', dependencySection(repair.dependency));
  parts.push(
    '',
    '### The fix',
    '',
    passing?.summary ? `${inline(passing.summary)}\n` : '',
    fence(clipDiff(diff, b.diff), 'diff'),
    '',
    '### Regression test',
    '',
    regression.length > 0
      ? `${regression.map(code).join(', ')} — fails on ${code((reproduction.mergeCommit?.sha ?? run.headSha).slice(0, 12))}, passes with the fix.`
      : '_No separate regression test was added; the failing test itself is the evidence._',
    '',
    ...regressionEvidence(input, b, command, image),
    ...(repair.evidence ? ['### Proof', '', proofSection(repair.evidence, reproduction), ''] : []),
    ...(input.risk ? ['### Risk', '', riskSection(input.risk), ''] : []),
    '### Evidence',
    '',
    evidence('Before (failing commit)', reproductionEvidence(reproduction), b.outputTail)
  );
  if (after) parts.push('', evidence('After (this branch)', after, b.outputTail));
  parts.push(
    '',
    '### Attempts',
    '',
    attemptsTable(repair.attempts),
    '',
    '### Reproduce locally',
    '',
    reproduceLocally(run, spec, reproduction),
    '',
    '---',
    '',
    fingerprintFooter(triage.fingerprint),
    ''
  );
  return parts.join('\n');
}

function regressionEvidence(input: PullRequestInput, b: Budget, command: string, image: string): string[] {
  const rt = input.repair.regressionTest;
  if (!rt) return [];
  const out: string[] = [];
  if (rt.content) out.push(details(`${inline(rt.file)}`, fence(clip(rt.content, b.chunk))), '');
  if (rt.failedBefore) {
    out.push(
      evidence(
        'Regression test on the failing commit',
        {
          command,
          image: rt.failedBefore.image ?? image,
          exitCode: rt.failedBefore.exitCode,
          outputTail: rt.failedBefore.output,
          durationMs: rt.failedBefore.durationMs
        },
        b.outputTail
      ),
      ''
    );
  }
  return out;
}

function runLinkText(input: PullRequestInput): string {
  return `${inline(input.triage.job)} (run ${input.run.runId})`;
}

function clipDiff(diff: string, max: number): string {
  if (diff.length <= max) return diff;
  return `${diff.slice(0, max)}\n# … diff cut: ${diff.length - max} more characters; see the Files tab`;
}
