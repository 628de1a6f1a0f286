import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
    ['a path into .git', { file: '.git/config', search: '', replace: 'x' }, /not an editable/],
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
});
