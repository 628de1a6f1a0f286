import type { Diagnosis, Triage } from '../types.js';

/**
 * The deterministic diagnosis: known patterns and the first structured failure. The model refines it
 * (repair/) when a key is given; this is what `diagnose` and `comment` modes report without one.
 */
export function diagnoseByRules(triage: Triage): Diagnosis {
  if (triage.knownPattern) {
    return {
      source: 'rules',
      rootCause: `Infrastructure failure (${triage.knownPattern}) in ${triage.job} / ${triage.step}; the code is likely fine.`,
      category: triage.category,
      confidence: 0.8,
      plan: 'Re-run the failed jobs once; if it fails again the same way, look at the runner or the service.'
    };
  }
  const first = triage.failures[0];
  if (!first) {
    return {
      source: 'rules',
      rootCause: `The ${triage.category} step '${triage.step}' failed; no structured error was recognised in its log.`,
      category: triage.category,
      confidence: 0.2
    };
  }
  const where = first.file ? ` at ${first.file}${first.line ? `:${first.line}` : ''}` : '';
  const test = first.testName ? ` (test ${first.testName})` : '';
  const kind = first.errorType ? `${first.errorType}: ` : '';
  const more = triage.failures.length > 1 ? ` and ${triage.failures.length - 1} more failure(s)` : '';
  return {
    source: 'rules',
    rootCause: `${first.tool} reports ${kind}${first.message}${where}${test}${more}.`,
    category: triage.category,
    confidence: /did you mean/i.test(first.message) ? 0.9 : 0.5,
    file: first.file,
    line: first.line
  };
}
