import { ModelError, type Model } from '../model/port.js';
import { diagnosisRequest } from '../model/prompts.js';
import { modelDiagnosis, parseAnswer, type DiagnosisAnswer } from '../model/schemas.js';
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

/** What the CI doctor needs to ask the model about a failure it cannot read from the repository. */
export interface DoctorInput {
  triage: Triage;
  model?: Model;
  /** Values to redact besides the known token shapes. */
  secrets: string[];
  log: { info(msg: string): void; warning(msg: string): void };
}

/**
 * The diagnosis for `diagnose` and `comment` modes: the rules first; when they cannot explain the
 * failure (no known pattern) and a model is configured, the model's root cause, confidence and
 * suggested fix, from the log chunk and the structured failures alone (no checkout in these modes).
 * A model that fails leaves the rules' diagnosis, with a warning that says why.
 */
export async function diagnoseFailure(input: DoctorInput): Promise<Diagnosis> {
  const { triage, model, log } = input;
  const rules = diagnoseByRules(triage);
  if (!model || triage.knownPattern) return rules;
  const request = diagnosisRequest(
    {
      language: triage.failures[0]?.tool ?? 'unknown',
      testCommand: triage.step,
      failureOutput: triage.chunk.text,
      triageChunk: triage.chunk.text,
      failures: triage.failures,
      sources: [],
      testFiles: [],
      protectedPaths: [],
      secrets: input.secrets
    },
    rules
  );
  try {
    const res = await model.generate(request);
    const parsed = await parseAnswer<DiagnosisAnswer>('diagnosis', res.text);
    if (!parsed.ok) throw new ModelError(parsed.error, 'bad-answer');
    const d = parsed.value;
    log.info(`Model diagnosis (confidence ${d.confidence}): ${d.rootCause}`);
    return modelDiagnosis(d);
  } catch (error) {
    log.warning(
      `The model could not diagnose this failure (${error instanceof Error ? error.message : String(error)}); ` +
        "reporting the rules' diagnosis."
    );
    return rules;
  }
}
