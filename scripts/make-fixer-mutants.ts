/**
 * Generates the mutants of the real-project fixer corpus (__tests__/repair/corpus/real): for each
 * project, the mutation sites found by Python's `ast` (sites.py, in the test image), a few per kind
 * picked by a hash (the same every time), each mutant kept only when its tests fail in the test
 * image (offline) with the expected error. Writes mutants.json.
 *
 *   node --import tsx scripts/make-fixer-mutants.ts [--per-kind N] [project ...]
 */
import { rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  REAL_DIR,
  checkMutant,
  findSites,
  loadMutants,
  loadProjects,
  mutate,
  projectFiles,
  projectSpec,
  writeTreeTo,
  type Mutant
} from '../__tests__/repair/corpus/real/real.js';
import { createDockerSandbox } from '../src/sandbox/index.js';

const args = process.argv.slice(2);
const perKindAt = args.indexOf('--per-kind');
const perKind = perKindAt >= 0 ? Number(args[perKindAt + 1]) : 3;
const only = args.filter((a, i) => !a.startsWith('--') && (perKindAt < 0 || i !== perKindAt + 1));
const sandbox = await createDockerSandbox();
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const kept: Mutant[] = (await loadMutants().catch(() => [])).filter(
  m => only.length > 0 && !only.includes(m.project)
);
for (const p of await loadProjects()) {
  if (only.length > 0 && !only.includes(p.name)) continue;
  const files = await projectFiles(p.name);
  // The original must pass in the image, or no mutant's failure says anything.
  const origDir = await writeTreeTo(files, `nw-orig-${p.name}-`);
  const orig = await sandbox
    .run({ workdir: origDir, spec: projectSpec(p) })
    .finally(() => rm(origDir, { recursive: true, force: true }));
  if (orig.exitCode !== 0) {
    console.error(
      `${p.name}: the original fails its tests in the image; fix its test command:\n${orig.output.slice(-2000)}`
    );
    process.exitCode = 1;
    continue;
  }
  const dir = await writeTreeTo(files, `nw-sites-${p.name}-`);
  const sites = await findSites(dir, p.sources).finally(() => rm(dir, { recursive: true, force: true }));
  const taken = new Set(Object.values(files).flatMap(t => t.match(/[A-Za-z_]\w*/g) ?? []));
  const byKind = new Map<string, typeof sites>();
  for (const s of sites) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  for (const kind of [...byKind.keys()].sort()) {
    const pool = byKind
      .get(kind)!
      .map(s => ({ s, key: sha(`${p.name}:${s.kind}:${s.file}:${s.line}:${s.col}:${s.name}`) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    let n = 0;
    let tries = 0;
    const usedNames = new Set<string>();
    for (const { s } of pool) {
      if (n >= perKind || tries >= 4 * perKind) break;
      if (usedNames.has(s.name)) continue; // variety: one mutant per name and kind
      const m = mutate(p.name, s, files[s.file].split('\n')[s.line - 1], taken);
      if (!m) continue;
      tries++;
      const ok = await checkMutant(sandbox, p, files, m);
      console.log(`${ok ? 'kept   ' : 'dropped'} ${m.id}: ${m.to.trim() || '(line deleted)'}`);
      if (!ok) continue;
      usedNames.add(s.name);
      kept.push(m);
      n++;
    }
  }
}
kept.sort((a, b) => a.id.localeCompare(b.id));
await writeFile(path.join(REAL_DIR, 'mutants.json'), `${JSON.stringify(kept, null, 2)}\n`, 'utf8');
console.log(`${kept.length} mutants`);
