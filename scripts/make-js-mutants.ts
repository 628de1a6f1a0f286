/**
 * Generates the mutants of the JavaScript real-project corpus (__tests__/repair/corpus/real-js): for
 * each project, the mutation sites found by the fixers' own tree-sitter parse, up to N per kind
 * picked by a SHA-256 of the site (the same every time), each kept only when the original passes
 * and the mutant's tests fail in the test image (offline) with the expected error. Writes
 * mutants.json.
 *
 *   node --import tsx scripts/make-js-mutants.ts [--per-kind N] [project ...]
 */
import { writeFile } from 'node:fs/promises';
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
import { createDockerSandbox } from '../src/sandbox/index.js';
import { generatorArgs, originalPasses, pickMutants } from './mutant-generation.js';

const { perKind, only } = generatorArgs(process.argv.slice(2));
const sandbox = await createDockerSandbox();

const kept: JsMutant[] = (await loadJsMutants().catch(() => [])).filter(
  m => only.length > 0 && !only.includes(m.project)
);
for (const p of await loadJsProjects()) {
  if (only.length > 0 && !only.includes(p.name)) continue;
  const files = await jsProjectFiles(p.name);
  // The original must pass in the image, or no mutant's failure says anything.
  if (!(await originalPasses(sandbox, p.name, files, jsProjectSpec(p)))) continue;
  const sites: JsSite[] = [];
  for (const f of p.sources) sites.push(...(await findJsSites(f, files[f])));
  const taken = takenNames(files);
  for (const kind of ['import-name', 'name', 'this-method'] as const) {
    const pool = sites
      .filter(s => s.kind === kind)
      .map(s => ({ s, key: siteKey(p.name, s) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    console.log(`${p.name} ${kind}: ${pool.length} sites`);
    kept.push(
      ...(await pickMutants(
        pool.map(x => x.s),
        perKind,
        st => mutateJs(p.name, st, files[st.file].split('\n')[st.line - 1], taken),
        m => checkJsMutant(sandbox, p, files, m)
      ))
    );
  }
}
kept.sort((a, b) => a.id.localeCompare(b.id));
await writeFile(path.join(REAL_JS_DIR, 'mutants.json'), `${JSON.stringify(kept, null, 2)}\n`, 'utf8');
console.log(`${kept.length} mutants`);
