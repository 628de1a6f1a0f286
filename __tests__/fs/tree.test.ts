/** src/fs: the host's one way into a work tree, tried the way a hostile repository would. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  editablePath,
  isTreeFile,
  listTreeFiles,
  normalizeRelative,
  readTreeFile,
  removeTreeFile,
  treeDir,
  UnsafePathError,
  writeTreeFile
} from '../../src/fs/index.js';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nw-fs-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
});

describe('normalizeRelative', () => {
  it.each([
    ['.github/./workflows/ci.yml', '.github/workflows/ci.yml'],
    ['src/../.github/workflows/x.yml', '.github/workflows/x.yml'],
    ['a\\b\\c.py', 'a/b/c.py'],
    ['./a//b/', 'a/b']
  ])('%s -> %s', (given, want) => {
    expect(normalizeRelative(given)).toBe(want);
  });

  it.each(['', '/etc/passwd', 'C:/x', '../x', 'a/../../x', '.', 'a\0b'])('refuses %j', p => {
    expect(() => normalizeRelative(p)).toThrow(UnsafePathError);
  });

  it('never lets an edit into .git, in any case or spelling', () => {
    for (const p of ['.git/config', 'a/.git/hooks/x', '.GIT/config', 'x/../.git/config']) {
      expect(() => editablePath(p)).toThrow(/\.git/);
    }
  });
});

describe('reading, writing and removing inside a hostile tree', () => {
  let root: string;
  let outside: string;
  beforeEach(async () => {
    root = await temp();
    outside = await temp();
    await writeFile(path.join(outside, 'secret.txt'), 'host secret');
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'src', 'a.py'), 'print(1)\n');
    await symlink(outside, path.join(root, 'out'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'creds.py'));
  });

  it('reads a plain file, and null for a missing one', async () => {
    expect(await readTreeFile(root, 'src/a.py')).toBe('print(1)\n');
    expect(await readTreeFile(root, 'src/missing.py')).toBeNull();
  });

  it('never reads through a link: a linked file or a linked folder', async () => {
    await expect(readTreeFile(root, 'creds.py')).rejects.toThrow(/symbolic link/);
    await expect(readTreeFile(root, 'out/secret.txt')).rejects.toThrow(/symbolic link/);
    expect(await isTreeFile(root, 'creds.py')).toBe(false);
    expect(await isTreeFile(root, 'out/secret.txt')).toBe(false);
  });

  it('never opens a FIFO (it would hang) and refuses an oversized file', async () => {
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    await expect(readTreeFile(root, 'pipe')).rejects.toThrow(/not a regular file/);
    await writeFile(path.join(root, 'big.txt'), 'x'.repeat(2000));
    await expect(readTreeFile(root, 'big.txt', 1000)).rejects.toThrow(/larger than 1000 bytes/);
  });

  it('never writes through a link, and creates missing folders inside the tree', async () => {
    await expect(writeTreeFile(root, 'out/secret.txt', 'PWNED')).rejects.toThrow(/symbolic link/);
    await expect(writeTreeFile(root, 'creds.py', 'PWNED')).rejects.toThrow(/symbolic link/);
    await expect(writeTreeFile(root, 'out/new/x.py', 'PWNED')).rejects.toThrow(/symbolic link/);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
    await writeTreeFile(root, 'tests/deep/test_x.py', 'ok\n');
    expect(await readFile(path.join(root, 'tests', 'deep', 'test_x.py'), 'utf8')).toBe('ok\n');
  });

  it('removes a link as a link, never its target', async () => {
    await removeTreeFile(root, 'creds.py');
    expect((await stat(path.join(outside, 'secret.txt'))).isFile()).toBe(true);
    await expect(removeTreeFile(root, 'out/secret.txt')).rejects.toThrow(/symbolic link/);
    expect((await stat(path.join(outside, 'secret.txt'))).isFile()).toBe(true);
  });

  it('lists files without following links', async () => {
    expect(await listTreeFiles(root)).toEqual(['src/a.py']);
  });

  it('a working directory must be a real folder of the tree', async () => {
    expect(await treeDir(root, '')).toBe(path.resolve(root));
    expect(await treeDir(root, './src/')).toBe(path.join(path.resolve(root), 'src'));
    await expect(treeDir(root, 'out')).rejects.toThrow(/symbolic link/);
    await expect(treeDir(root, 'src/a.py')).rejects.toThrow(/not a folder/);
    await expect(treeDir(root, '../x')).rejects.toThrow(/escapes/);
  });
});
