/**
 * The bundled CLI (dist/cli.js) heals a small ESM Node project whose test imports a misspelled
 * name, with no Gemini key: the js-export fixer parses the project with tree-sitter's wasm found
 * next to the bundle (dist/cli/), renames the import and its uses, and the fix is proved in Docker.
 * The same heal twice gives the same commit content.
 */
import { access, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../world/harness.js';
import { cli, exec, git, removeDirs, repoFromFiles } from './cli-runner.js';
import { NODE_IMAGE } from './scenario.js';

const dirs: string[] = [];
afterAll(async () => {
  await removeDirs(dirs);
});

const FILES = {
  'package.json': JSON.stringify(
    // A check script: a node:test file that fails to load is one failure named after the file,
    // which the proof cannot find among the verified run's tests (they are named by test).
    { name: 'dates', private: true, type: 'module', scripts: { test: 'node test/check.js' } },
    null,
    2
  ),
  'src/util.js':
    'export function formatDate(d) {\n  return d.toISOString().slice(0, 10);\n}\n\nexport function formatTime(d) {\n  return d.toISOString().slice(11, 19);\n}\n',
  'src/index.js': "export { formatDate, formatTime } from './util.js';\n",
  'test/check.js':
    "import assert from 'node:assert/strict';\nimport { formatDat } from '../src/index.js';\n\nassert.equal(formatDat(new Date(Date.UTC(2024, 0, 2))), '2024-01-02');\nconsole.log('ok');\n"
};

interface HealOut {
  status: string;
  branch: string;
  attempts: { source: string; verdict: string }[];
}

describe('heal fixes a misspelled ESM import deterministically (bundled CLI, no Gemini key)', () => {
  it('the wasm grammars ship next to both bundles', async () => {
    for (const dir of ['dist', 'dist/cli'])
      for (const f of [
        'web-tree-sitter.cjs',
        'web-tree-sitter.wasm',
        'tree-sitter-javascript.wasm',
        'tree-sitter-typescript.wasm',
        'tree-sitter-tsx.wasm'
      ])
        await expect(access(join(REPO_ROOT, dir, f))).resolves.toBeUndefined();
  });

  it('js-export renames the import and its use, through a re-export barrel; twice the same, once from a copy of dist/ with no node_modules', async () => {
    // The copy proves the bundle finds the parser beside itself (as in a runner), not in node_modules.
    const shipped = await mkdtemp(join(tmpdir(), 'nw-dist-'));
    dirs.push(shipped);
    await cp(join(REPO_ROOT, 'dist'), join(shipped, 'dist'), { recursive: true });
    const diffs: string[] = [];
    for (const entry of [undefined, join(shipped, 'dist', 'cli.js')]) {
      const repo = await repoFromFiles(FILES, { dirs });
      const head = await git(repo, 'rev-parse', 'HEAD');
      const args = ['heal', '--repo', repo, '--image', NODE_IMAGE, '--json'];
      const r = entry
        ? await exec(process.execPath, [entry, ...args], {
            env: { PATH: process.env.PATH, HOME: process.env.HOME }
          }).then(
            ({ stdout }) => ({ code: 0, stdout }),
            (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' })
          )
        : await cli(args);
      const out = JSON.parse(r.stdout) as HealOut;
      expect({ code: r.code, status: out.status }).toEqual({ code: 0, status: 'fixed' });
      expect(out.attempts[0]).toMatchObject({ source: 'fixer:js-export', verdict: 'pass' });
      const diff = await git(repo, 'diff', head, out.branch, '--', 'src', 'test');
      expect(diff).toContain("+import { formatDate } from '../src/index.js';");
      expect(diff).toContain("+assert.equal(formatDate(new Date(Date.UTC(2024, 0, 2))), '2024-01-02');");
      expect(diff.match(/^[+-][^+-]/gm)).toHaveLength(4); // two lines changed, nothing else
      diffs.push(diff);
      // The checkout itself is left as it was.
      expect(await git(repo, 'status', '--porcelain')).toBe('');
    }
    expect(diffs[1]).toBe(diffs[0]);
  });
});
