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
import { generatorArgs, originalPasses, pickMutants } from './mutant-generation.js';

const { perKind, only } = generatorArgs(process.argv.slice(2));
const sandbox = await createDockerSandbox();
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const kept: Mutant[] = (await loadMutants().catch(() => [])).filter(
  m => only.length > 0 && !only.includes(m.project)
);
for (const p of await loadProjects()) {
  if (only.length > 0 && !only.includes(p.name)) continue;
  const files = await projectFiles(p.name);
  // The original must pass in the image, or no mutant's failure says anything.
  if (!(await originalPasses(sandbox, p.name, files, projectSpec(p)))) continue;
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
    kept.push(
      ...(await pickMutants(
        pool.map(x => x.s),
        perKind,
        st => mutate(p.name, st, files[st.file].split('\n')[st.line - 1], taken),
        m => checkMutant(sandbox, p, files, m)
      ))
    );
  }
}
kept.sort((a, b) => a.id.localeCompare(b.id));
await writeFile(path.join(REAL_DIR, 'mutants.json'), `${JSON.stringify(kept, null, 2)}\n`, 'utf8');
console.log(`${kept.length} mutants`);
