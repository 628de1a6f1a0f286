/**
 * What the two mutant generators (make-fixer-mutants.ts for Python, make-js-mutants.ts for
 * JavaScript) share: their arguments, the check that a project's original passes in the test
 * image, and the pick of up to N mutants per kind, in a fixed (hashed) order of sites.
 */
import { rm } from 'node:fs/promises';
import { writeTreeTo } from '../__tests__/repair/corpus/real/real.js';
import type { ProjectSpec, Sandbox } from '../src/sandbox/port.js';

/** `[--per-kind N] [project ...]`. */
export function generatorArgs(argv: string[]): { perKind: number; only: string[] } {
  const at = argv.indexOf('--per-kind');
  const perKind = at >= 0 ? Number(argv[at + 1]) : 3;
  if (!Number.isInteger(perKind) || perKind < 1)
    throw new Error('--per-kind takes a whole number of at least 1');
  return { perKind, only: argv.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1)) };
}

/** True when the project's original passes its tests in the image; otherwise says why and sets the exit code. */
export async function originalPasses(
  sandbox: Sandbox,
  name: string,
  files: Record<string, string>,
  spec: ProjectSpec
): Promise<boolean> {
  const dir = await writeTreeTo(files, `nw-orig-${name}-`);
  const orig = await sandbox
    .run({ workdir: dir, spec })
    .finally(() => rm(dir, { recursive: true, force: true }));
  if (orig.exitCode === 0) return true;
  console.error(
    `${name}: the original fails its tests in the image; fix its test command:\n${orig.output.slice(-2000)}`
  );
  process.exitCode = 1;
  return false;
}

/**
 * Up to `perKind` mutants from a pool of sites already in their fixed order: one per name, at most
 * 4 × perKind tried, each kept only when `check` says its tests fail with the expected error.
 */
export async function pickMutants<S extends { name: string }, M extends { id: string; to: string }>(
  pool: S[],
  perKind: number,
  mutate: (s: S) => M | undefined,
  check: (m: M) => Promise<boolean>
): Promise<M[]> {
  const kept: M[] = [];
  let tries = 0;
  const usedNames = new Set<string>();
  for (const s of pool) {
    if (kept.length >= perKind || tries >= 4 * perKind) break;
    if (usedNames.has(s.name)) continue; // variety: one mutant per name and kind
    const m = mutate(s);
    if (!m) continue;
    tries++;
    const ok = await check(m);
    console.log(`${ok ? 'kept   ' : 'dropped'} ${m.id}: ${m.to.trim() || '(line deleted)'}`);
    if (!ok) continue;
    usedNames.add(s.name);
    kept.push(m);
  }
  return kept;
}
