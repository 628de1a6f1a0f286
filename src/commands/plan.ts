import { stat } from 'node:fs/promises';
import { UnsafePathError } from '../fs/index.js';
import { buildPlan, PlanError, type Plan } from '../plan/index.js';
import { ProjectDetectionError } from '../sandbox/errors.js';
import { EXIT, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';

const USAGE = `Usage: ${PROGRAM} plan --repo DIR [--workflow PATH] [--job NAME] [--step NAME] [--json]

Print how the failed job is reproduced: the image, the services, the install and the test command,
read from the job's workflow at DIR's checkout (project files when no workflow says).

  --repo DIR         the repository (default: .)
  --workflow PATH    the workflow file, relative to DIR (default: the one under .github/workflows
                     that has the job)
  --job NAME         the job as the run shows it, matrix values included: 'test (3.12)'
                     (default: the first job that runs tests)
  --step NAME        the failing step as the run shows it (default: the job's first test step)
  --json             print the plan as JSON
  -h, --help         this help

Exit codes: 0 done, 1 internal error, 2 usage error (also a workflow or job that cannot be planned).`;

/** The `--json` form: the Plan's fields (DESIGN.md, "Contracts"), absent values as null. */
export function planJson(p: Plan): Record<string, unknown> {
  return {
    image: p.image,
    language: p.language,
    version: p.version ?? null,
    services: p.services.map(s => ({
      name: s.name,
      image: s.image,
      env: s.env ?? {},
      health: s.health ?? null
    })),
    install: p.install ?? null,
    setup: p.setup ?? null,
    test: p.test,
    workingDirectory: p.workingDirectory,
    env: p.env,
    from: p.from,
    skipped: p.skipped,
    notes: p.notes,
    workflow: p.workflow ?? null,
    job: p.job ?? null,
    step: p.step ?? null
  };
}

export function formatPlan(p: Plan): string {
  const lines: string[] = [];
  if (p.workflow) lines.push(`Workflow:   ${p.workflow}`, `Job:        ${p.job}`, `Step:       ${p.step}`);
  lines.push(`Image:      ${p.image}  (${p.from.image})`);
  lines.push(`Language:   ${p.language}${p.version ? ` ${p.version}` : ''}`);
  for (const s of p.services) {
    lines.push(`Service:    ${s.name}: ${s.image}${s.health ? `  (health: ${s.health.cmd})` : ''}`);
    for (const [k, v] of Object.entries(s.env ?? {})) lines.push(`              ${k}=${v}`);
  }
  lines.push(`Install:    ${p.install ?? '(none)'}  (${p.from.install})`);
  if (p.setup)
    lines.push(`Setup:      ${p.setup}  (${p.from.setup ?? ''}; before the test, in every test run)`);
  lines.push(`Test:       ${p.test}  (${p.from.test})`);
  lines.push(`Directory:  ${p.workingDirectory}`);
  const env = Object.entries(p.env);
  if (env.length > 0) {
    lines.push('Env:');
    for (const [k, v] of env) lines.push(`  ${k}=${v}`);
  }
  if (p.skipped.length > 0) {
    lines.push('Skipped:');
    for (const s of p.skipped) lines.push(`  - ${s.step}: ${s.why}`);
  }
  if (p.notes.length > 0) {
    lines.push('Notes:');
    for (const n of p.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n');
}

/** `nightwatch-ci plan --repo DIR [--workflow PATH] [--job NAME] [--step NAME] [--json]`. */
export async function planCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const parsed = parseCommand(
    argv,
    {
      repo: { type: 'string' },
      workflow: { type: 'string' },
      job: { type: 'string' },
      step: { type: 'string' },
      json: { type: 'boolean' }
    },
    USAGE
  );
  if (!parsed) {
    out(USAGE);
    return EXIT.ok;
  }
  const repo = stringValue(parsed, 'repo') ?? '.';
  const isDir = await stat(repo).then(
    s => s.isDirectory(),
    () => false
  );
  if (!isDir) throw new UsageError(`--repo ${repo}: no such folder.`, USAGE);
  let plan: Plan;
  try {
    plan = await buildPlan(repo, {
      workflow: stringValue(parsed, 'workflow'),
      job: stringValue(parsed, 'job'),
      step: stringValue(parsed, 'step')
    });
  } catch (err) {
    if (err instanceof PlanError || err instanceof ProjectDetectionError || err instanceof UnsafePathError) {
      process.stderr.write(`${PROGRAM} plan: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  out(parsed.values.json === true ? JSON.stringify(planJson(plan), null, 2) : formatPlan(plan));
  return EXIT.ok;
}
