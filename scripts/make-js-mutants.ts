/**
 * Generates the mutants of the JavaScript real-project corpus (__tests__/repair/corpus/real-js): for
 * each project, the mutation sites found by the fixers' own tree-sitter parse, up to N per kind
 * picked by a SHA-256 of the site (the same every time), each kept only when the original passes
 * and the mutant's tests fail in the test image (offline) with the expected error. Writes
 * mutants.json.
 *
 *   node --import tsx scripts/make-js-mutants.ts [--per-kind N] [project ...]
 */
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  REAL_JS_DIR,
  checkJsMutant,
  findJsSites,
  jsProjectFiles,
  jsProjectSpec,
  loadJsMutants,
  loadJsProjects,
  mutateJs,
  siteKey,
  takenNames,
  type JsMutant,
  type JsSite
} from '../__tests__/repair/corpus/real-js/real-js.js';
import { writeTreeTo } from '../__tests__/repair/corpus/real/real.js';
import { createDockerSandbox } from '../src/sandbox/index.js';

const args = process.argv.slice(2);
const perKindAt = args.indexOf('--per-kind');
const perKind = perKindAt >= 0 ? Number(args[perKindAt + 1]) : 3;
const only = args.filter((a, i) => !a.startsWith('--') && (perKindAt < 0 || i !== perKindAt + 1));
const sandbox = await createDockerSandbox();

const kept: JsMutant[] = (await loadJsMutants().catch(() => [])).filter(
  m => only.length > 0 && !only.includes(m.project)
);
for (const p of await loadJsProjects()) {
  if (only.length > 0 && !only.includes(p.name)) continue;
  const files = await jsProjectFiles(p.name);
  // The original must pass in the image, or no mutant's failure says anything.
  const origDir = await writeTreeTo(files, `nw-orig-${p.name}-`);
  const orig = await sandbox
    .run({ workdir: origDir, spec: jsProjectSpec(p) })
    .finally(() => rm(origDir, { recursive: true, force: true }));
  if (orig.exitCode !== 0) {
    console.error(
      `${p.name}: the original fails its tests in the image; fix its test command:\n${orig.output.slice(-2000)}`
    );
    process.exitCode = 1;
    continue;
  }
  const sites: JsSite[] = [];
  for (const f of p.sources) sites.push(...(await findJsSites(f, files[f])));
  const taken = takenNames(files);
  for (const kind of ['import-name', 'name', 'this-method'] as const) {
    const pool = sites
      .filter(s => s.kind === kind)
      .map(s => ({ s, key: siteKey(p.name, s) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    console.log(`${p.name} ${kind}: ${pool.length} sites`);
    let n = 0;
    let tries = 0;
    const usedNames = new Set<string>();
    for (const { s } of pool) {
      if (n >= perKind || tries >= 4 * perKind) break;
      if (usedNames.has(s.name)) continue; // variety: one mutant per name and kind
      const m = mutateJs(p.name, s, files[s.file].split('\n')[s.line - 1], taken);
      if (!m) continue;
      tries++;
      const ok = await checkJsMutant(sandbox, p, files, m);
      console.log(`${ok ? 'kept   ' : 'dropped'} ${m.id}: ${m.to.trim()}`);
      if (!ok) continue;
      usedNames.add(s.name);
      kept.push(m);
      n++;
    }
  }
}
kept.sort((a, b) => a.id.localeCompare(b.id));
await writeFile(path.join(REAL_JS_DIR, 'mutants.json'), `${JSON.stringify(kept, null, 2)}\n`, 'utf8');
console.log(`${kept.length} mutants`);
