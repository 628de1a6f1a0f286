// ncc writes each bundle as index.js in its own folder, with its chunk files beside it. The action
// wants dist/index.js; the CLI lives in dist/cli/ (its chunks could share names with the action's)
// behind the dist/cli.js entry named by package.json's bin.
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const dist = 'dist';
for (const f of readdirSync(dist)) {
  if (f !== 'action' && f !== 'cli-bundle') rmSync(join(dist, f), { recursive: true, force: true });
}
for (const f of readdirSync(join(dist, 'action'))) renameSync(join(dist, 'action', f), join(dist, f));
rmSync(join(dist, 'action'), { recursive: true, force: true });
renameSync(join(dist, 'cli-bundle'), join(dist, 'cli'));
if (!existsSync(join(dist, 'cli', 'index.js'))) throw new Error('ncc did not write dist/cli-bundle/index.js');
// Node 22.1+ keeps V8's compiled code of the bundle between runs (a third of a short heal's
// start-up); older Node has no such cache and just loads the bundle.
writeFileSync(
  join(dist, 'cli.js'),
  "#!/usr/bin/env node\nimport module from 'node:module';\n\nmodule.enableCompileCache?.();\nawait import('./cli/index.js');\n"
);
chmodSync(join(dist, 'cli.js'), 0o755);
// The JS/TS fixers parse with tree-sitter's WebAssembly runtime and grammars, which they look for
// next to the running bundle, the CLI's (dist/cli/) in dist/ too: PARSER_FILES of
// src/repair/fixers/js-parse.ts (file <- from), copied once, into dist/.
const require = createRequire(import.meta.url);
const parserFiles = {
  'web-tree-sitter.cjs': 'web-tree-sitter',
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm'
};
for (const [file, from] of Object.entries(parserFiles)) {
  const source = require.resolve(from);
  if (basename(source) !== file) throw new Error(`${from} resolves to ${source}, not ${file}`);
  copyFileSync(source, join(dist, file));
  chmodSync(join(dist, file), 0o644); // npm keeps an executable bit of the package's tarball
}
