// `npm run demo [-- python|node]`: heals a fresh copy of a bundled demo repository with the bundled CLI
// (dist/cli.js) and the embedded defaults, then prints what it did (the fix branch and its diff).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'python';
const demos = { python: 'demo-python', node: 'demo-node' };
if (!(which in demos)) {
  console.error(`Unknown demo '${which}'. Expected one of: ${Object.keys(demos).join(', ')}`);
  process.exit(2);
}
const repo = mkdtempSync(path.join(os.tmpdir(), `nightwatch-${demos[which]}-`));
cpSync(path.join(root, 'examples', demos[which]), repo, { recursive: true });
const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
git('init', '-q', '-b', 'main');
git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'add', '-A');
git('-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'demo: a project with a real bug');
console.log(`Demo repository: ${repo}`);

// The offline images this project's tests build stand in for the default registry images when
// they are present (machines without registry access); elsewhere the defaults are used.
const args = [path.join(root, 'dist', 'cli.js'), 'heal', '--repo', repo];
const dockerUp = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
const localImage = which === 'python' ? 'nightwatch-test-python:1' : 'nightwatch-test-node:1';
if (dockerUp && spawnSync('docker', ['image', 'inspect', localImage], { stdio: 'ignore' }).status === 0) {
  args.push('--image', localImage);
}
console.log(`$ nightwatch-ci ${args.slice(1).join(' ')}\n`);
const heal = spawnSync(process.execPath, args, { stdio: 'inherit' });

const branches = git('branch', '--list', 'nightwatch/*', '--format=%(refname:short)').trim().split('\n').filter(Boolean);
for (const b of branches) {
  console.log(`\n$ git -C ${repo} show --stat --patch ${b}`);
  console.log(git('show', '--stat', '--patch', b));
}
console.log(`\nThe demo's own checkout is unchanged: git -C ${repo} status --short -> '${git('status', '--short').trim()}'`);
process.exit(heal.status ?? 1);
