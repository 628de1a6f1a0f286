/** The diagnosis comment on a PR or commit (comment mode): short, with the log that says why. */
import { inline } from './markdown.js';
import {
  chunkSection,
  diagnosisSection,
  failureFacts,
  failuresSection,
  fingerprintFooter
} from './sections.js';
import type { CommentInput } from './types.js';

/** The comment body, ending with the fingerprint line (the comment is updated in place by it). */
export function diagnosisComment(input: CommentInput): string {
  const { run, triage, diagnosis } = input;
  const parts = [
    `### Nightwatch: ${inline(triage.category)} failure in ${inline(triage.job)}`,
    '',
    failureFacts(run, triage),
    '',
    diagnosisSection(diagnosis),
    '',
    chunkSection(triage, 4000)
  ];
  const failures = failuresSection(triage);
  if (failures) parts.push('', failures);
  parts.push('', '---', '', fingerprintFooter(triage.fingerprint), '');
  return parts.join('\n');
}
