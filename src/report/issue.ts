/** The body of an escalation issue: the whole analysis and every attempt with its output tail. */
import { MAX_BODY, clip, code, details, fence, inline } from './markdown.js';
import {
  type Budget,
  attemptDetails,
  attemptsTable,
  chunkSection,
  diagnosisSection,
  evidence,
  failureFacts,
  failuresSection,
  fingerprintFooter,
  fitted,
  reproduceLocally,
  reproductionEvidence
} from './sections.js';
import { dependencySection } from './dependency.js';
import type { IssueInput } from './types.js';

/** The issue body (Markdown, under GitHub's size limit), ending with the fingerprint line. */
export function issueBody(input: IssueInput): string {
  return fitted(b => build(input, b), MAX_BODY);
}

function build(input: IssueInput, b: Budget): string {
  const { run, triage, diagnosis, reproduction, repair, reason, spec } = input;
  const attempts = repair?.attempts ?? [];
  const parts: string[] = [
    `## Nightwatch could not fix this failure`,
    '',
    `**Why:** ${inline(reason)}`,
    '',
    failureFacts(run, triage),
    '',
    '### Diagnosis',
    '',
    diagnosisSection(diagnosis),
    '',
    '### The failing log',
    '',
    chunkSection(triage, b.chunk)
  ];
  const failures = failuresSection(triage);
  if (failures) parts.push('', failures);
  if (repair?.dependency) parts.push('', dependencySection(repair.dependency));
  parts.push('', '### Reproduction', '');
  if (reproduction) {
    parts.push(
      reproduction.reproduced
        ? 'The failure reproduced in a sandbox.'
        : 'The failure did **not** reproduce in a sandbox.',
      reproduction.reason ? `\n${inline(reproduction.reason)}` : '',
      '',
      evidence('Test run', reproductionEvidence(reproduction), b.outputTail)
    );
  } else {
    parts.push('_Not attempted._');
  }
  parts.push('', `### Attempts (${attempts.length})`, '', attemptsTable(attempts));
  if (attempts.length > 0) parts.push('', attemptDetails(attempts, b.attemptTail));
  const rt = repair?.regressionTest;
  if (rt) {
    parts.push(
      '',
      `Regression test written: ${code(rt.file)}${rt.failedBefore ? ` (exit code ${rt.failedBefore.exitCode} on the failing commit)` : ''}.`
    );
    if (rt.content) parts.push('', details(inline(rt.file), fence(clip(rt.content, b.chunk))));
  }
  if (repair?.usage && repair.usage.calls > 0) {
    parts.push(
      '',
      `Model: ${repair.usage.calls} calls, ${repair.usage.promptTokens} prompt + ${repair.usage.outputTokens} output tokens (~$${repair.usage.estimatedCostUsd.toFixed(4)}).`
    );
  }
  parts.push(
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
