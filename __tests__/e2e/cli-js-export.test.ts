/**
 * The bundled CLI (dist/cli.js) heals a small ESM Node project whose test imports a misspelled
 * name, with no Gemini key: the js-export fixer parses the project with tree-sitter's wasm found
 * beside the bundles (once, in dist/; the CLI's bundle is in dist/cli/), renames the import and its
 * uses, and the fix is proved in Docker. The same heal twice gives the same commit content; with a
 * grammar missing, the fixer knows nothing and the heal escalates.
 */
import { access, cp, mkdtemp, rm } from 'node:fs/promises';
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

const PARSER = [
  'web-tree-sitter.cjs',
  'web-tree-sitter.wasm',
  'tree-sitter-javascript.wasm',
  'tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm'
];

/** Runs a copy of the CLI bundle with a bare environment (no node_modules anywhere near it). */
const runShipped = (entry: string, args: string[]): Promise<{ code: number; stdout: string }> =>
  exec(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' })
  );

interface HealOut {
  status: string;
  branch: string;
  attempts: { source: string; verdict: string }[];
}

describe('heal fixes a misspelled ESM import deterministically (bundled CLI, no Gemini key)', () => {
  it('the parser files ship once, in dist/ (the CLI bundle in dist/cli/ uses them)', async () => {
    for (const f of PARSER) {
      await expect(access(join(REPO_ROOT, 'dist', f))).resolves.toBeUndefined();
      await expect(access(join(REPO_ROOT, 'dist', 'cli', f))).rejects.toThrow(/ENOENT/);
    }
  });

  it('from a copy of dist/ with the javascript grammar removed: no fix, escalated (code 3), the tree untouched', async () => {
    const shipped = await mkdtemp(join(tmpdir(), 'nw-dist-'));
    dirs.push(shipped);
    await cp(join(REPO_ROOT, 'dist'), join(shipped, 'dist'), { recursive: true });
    await rm(join(shipped, 'dist', 'tree-sitter-javascript.wasm'));
    const repo = await repoFromFiles(FILES, { dirs });
    const head = await git(repo, 'rev-parse', 'HEAD');
    const r = await runShipped(join(shipped, 'dist', 'cli.js'), [
      'heal',
      '--repo',
      repo,
      '--image',
      NODE_IMAGE,
      '--json'
    ]);
    const out = JSON.parse(r.stdout) as HealOut;
    expect({ code: r.code, status: out.status }).toEqual({ code: 3, status: 'escalated' });
    expect(out.attempts.some(a => a.source === 'fixer:js-export')).toBe(false);
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
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
      const r = entry ? await runShipped(entry, args) : await cli(args);
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
