import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits, applyEditToText, revertEdits } from '../../src/repair/edits.js';
import { makeTree } from './helpers/tree.js';

describe('applyEdits / revertEdits', () => {
  it('applies exact edits in order and reverts to the originals, removing created files', async () => {
    const dir = await makeTree({ 'a.py': 'x = 1\ny = 2\n' });
    const res = await applyEdits(dir, [
      { file: 'a.py', search: 'x = 1\n', replace: 'x = 10\n' },
      { file: 'a.py', search: 'x = 10\ny', replace: 'x = 10\nz' },
      { file: 'tests/test_new.py', search: '', replace: 'def test_x():\n    pass\n' }
    ]);
    expect(res.ok).toBe(true);
    expect(await readFile(path.join(dir, 'a.py'), 'utf8')).toBe('x = 10\nz = 2\n');
    expect(existsSync(path.join(dir, 'tests/test_new.py'))).toBe(true);
    if (!res.ok) return;
    await revertEdits(res.snapshot);
    expect(await readFile(path.join(dir, 'a.py'), 'utf8')).toBe('x = 1\ny = 2\n');
    expect(existsSync(path.join(dir, 'tests/test_new.py'))).toBe(false);
  });

  it.each([
    ['a missing search text', { file: 'a.py', search: 'nope', replace: 'x' }, /not found/],
    ['a search text that occurs twice', { file: 'a.py', search: '= ', replace: '=' }, /occurs 2 times/],
    ['a missing file', { file: 'b.py', search: 'x', replace: 'y' }, /does not exist/],
    ['a path outside the tree', { file: '../evil.py', search: '', replace: 'x' }, /escapes/],
    ['an absolute path', { file: '/etc/passwd', search: 'root', replace: 'x' }, /relative/],
    ['a path into .git', { file: '.git/config', search: '', replace: 'x' }, /inside \.git/],
    ['creating a file that exists', { file: 'a.py', search: '', replace: 'x' }, /exists/]
  ])('refuses %s and leaves the tree untouched', async (_name, edit, why) => {
    const dir = await makeTree({ 'a.py': 'x = 1\ny = 2\n' });
    const res = await applyEdits(dir, [{ file: 'a.py', search: 'x = 1', replace: 'x = 5' }, edit]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(why);
    expect(await readFile(path.join(dir, 'a.py'), 'utf8')).toBe('x = 1\ny = 2\n');
  });

  it('refuses an empty edit list', async () => {
    const dir = await makeTree({ 'a.py': '' });
    expect(await applyEdits(dir, [])).toEqual({ ok: false, reason: 'no edits' });
  });

  it('treats special characters in search text literally', () => {
    expect(applyEditToText('a.b(c)$1', { file: 'f', search: '.b(c)$1', replace: '$&x' })).toBe('a$&x');
  });

  describe('a hostile tree: committed symbolic links are never followed', () => {
    /** A tree with links out of it, into its .git and onto its workflows, and the outside folder. */
    async function hostile(): Promise<{ dir: string; outside: string }> {
      const outside = await mkdtemp(path.join(tmpdir(), 'nw-outside-'));
      await writeFile(path.join(outside, 'evil.py'), 'nmae = 1\n');
      await writeFile(path.join(outside, 'secret.txt'), 'hunter2\n');
      const dir = await makeTree({
        'a.py': 'x = 1\n',
        '.git/config': '[core]\n\tbare = false\n',
        '.github/workflows/ci.yml': 'on: push\n'
      });
      await symlink(outside, path.join(dir, 'out'));
      await symlink('.git', path.join(dir, 'g'));
      await symlink('.github/workflows', path.join(dir, 'wf'));
      await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'secret.py'));
      return { dir, outside };
    }

    it.each([
      ['an existing file behind a directory link', { file: 'out/evil.py', search: 'nmae', replace: 'name' }],
      ['a new file behind a directory link', { file: 'out/new.py', search: '', replace: 'x = 1\n' }],
      [
        'git config through a link to .git',
        { file: 'g/config', search: '[core]', replace: '[core]\n\tfsmonitor = touch /tmp/pwned' }
      ],
      ['a workflow through a link', { file: 'wf/x.yml', search: '', replace: 'on: push\n' }],
      ['a file that is a link out of the tree', { file: 'secret.py', search: 'hunter2', replace: 'x' }],
      ['a link reached by a dotted path', { file: 'src/../out/./evil.py', search: 'nmae', replace: 'name' }]
    ])('refuses %s, and nothing in or out of the tree changes', async (_name, edit) => {
      const { dir, outside } = await hostile();
      const res = await applyEdits(dir, [{ file: 'a.py', search: 'x = 1', replace: 'x = 2' }, edit]);
      expect(res).toEqual({ ok: false, reason: expect.stringMatching(/symbolic link/) });
      expect(await readFile(path.join(dir, 'a.py'), 'utf8')).toBe('x = 1\n');
      expect((await readdir(outside)).sort()).toEqual(['evil.py', 'secret.txt']);
      expect(await readFile(path.join(outside, 'evil.py'), 'utf8')).toBe('nmae = 1\n');
      expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('hunter2\n');
      expect(await readFile(path.join(dir, '.git/config'), 'utf8')).toBe('[core]\n\tbare = false\n');
      expect(await readdir(path.join(dir, '.github/workflows'))).toEqual(['ci.yml']);
    });

    it('reverting does not write through a link swapped in after the apply', async () => {
      const { dir, outside } = await hostile();
      await mkdir(path.join(dir, 'pkg'));
      await writeFile(path.join(dir, 'pkg/m.py'), 'x = 1\n');
      const res = await applyEdits(dir, [{ file: 'pkg/m.py', search: 'x = 1', replace: 'x = 2' }]);
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      const { rm } = await import('node:fs/promises');
      await rm(path.join(dir, 'pkg'), { recursive: true });
      await symlink(outside, path.join(dir, 'pkg'));
      await writeFile(path.join(outside, 'm.py'), 'outside\n');
      await expect(revertEdits(res.snapshot)).rejects.toThrow(/symbolic link/);
      expect(await readFile(path.join(outside, 'm.py'), 'utf8')).toBe('outside\n');
    });
  });
});
