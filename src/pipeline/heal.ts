import { diagnoseByRules } from './diagnose.js';
import type { Model } from '../model/port.js';
import { repair, type RepairResult } from '../repair/index.js';
import type { ProjectSpec, Sandbox } from '../sandbox/port.js';
import { reproduce } from '../sandbox/reproduce.js';
import { extractFailures, triageOutput } from '../triage/index.js';
import type { Diagnosis, Reproduction, Triage } from '../types.js';

/** Everything `heal` needs: a work tree at the failing commit and the ports to act on it. */
export interface HealInput {
  /** Git work tree at the failing commit; when fixed it holds the fix, uncommitted. */
  workdir: string;
  sandbox: Sandbox;
  spec: ProjectSpec;
  /** The triage of the run's logs (action); undefined for a local heal (CLI), which triages the reproduction. */
  triage?: Triage;
  model?: Model;
  maxAttempts: number;
  minConfidence: number;
  maxCostUsd?: number;
  protectedPaths: string[];
  /** Secrets to redact from any text that leaves the triage. */
  secrets: string[];
  log: (msg: string) => void;
}

/** The result of reproducing and repairing one failure. */
export interface HealReport {
  status: 'fixed' | 'escalated' | 'not-reproduced' | 'passing';
  reproduction: Reproduction;
  triage?: Triage;
  diagnosis?: Diagnosis;
  repair?: RepairResult;
}

/**
 * Reproduce, then repair (DESIGN.md steps 4–5). Shared by the action and the CLI so both heal the
 * same way; delivery is the caller's business.
 */
export async function heal(input: HealInput): Promise<HealReport> {
  const { log } = input;
  log(
    `Reproducing with '${input.spec.test}' in ${input.sandbox.kind === 'docker' ? input.spec.image : 'the host'}`
  );
  const expected = input.triage?.failures;
  const reproduction = await reproduce(input.sandbox, input.workdir, input.spec, expected, extractFailures);
  log(
    `Reproduction: exit ${reproduction.exitCode} in ${reproduction.durationMs} ms; ${reproduction.reason ?? ''}`
  );
  if (!reproduction.reproduced) {
    const passing = reproduction.exitCode === 0 && input.triage === undefined;
    return { status: passing ? 'passing' : 'not-reproduced', reproduction, triage: input.triage };
  }
  const triage =
    input.triage ?? (await triageOutput(reproduction.outputTail, { extraSecrets: input.secrets }));
  const diagnosis = diagnoseByRules(triage);
  const failures = extractFailures(reproduction.outputTail);
  const result = await repair({
    workdir: input.workdir,
    spec: input.spec,
    sandbox: input.sandbox,
    triage,
    failureOutput: reproduction.outputTail,
    failures: failures.length > 0 ? failures : triage.failures,
    diagnosis,
    model: input.model,
    maxAttempts: input.maxAttempts,
    minConfidence: input.minConfidence,
    protectedPaths: input.protectedPaths,
    maxCostUsd: input.maxCostUsd,
    log
  });
  return {
    status: result.fixed ? 'fixed' : 'escalated',
    reproduction,
    triage,
    diagnosis: result.diagnosis,
    repair: result
  };
}
