/** src/fs: listing a directory and chown of a copy never look through a committed link. */
import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chownTree, listTreeDir, UnsafePathError } from '../../src/fs/index.js';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nw-fs-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
});

describe('listTreeDir', () => {
  it('lists one folder with each entry as what it is: a link stays a link', async () => {
    const root = await temp();
    const outside = await temp();
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'src', 'a.py'), '');
    await writeFile(path.join(root, 'b.txt'), '');
    await symlink(outside, path.join(root, 'out'));
    expect(await listTreeDir(root)).toEqual([
      { name: 'b.txt', kind: 'file' },
      { name: 'out', kind: 'link' },
      { name: 'src', kind: 'dir' }
    ]);
    expect(await listTreeDir(root, './src/')).toEqual([{ name: 'a.py', kind: 'file' }]);
    expect(await listTreeDir(root, 'missing')).toEqual([]);
  });

  it('refuses a folder reached through a link, or a path leaving the tree', async () => {
    const root = await temp();
    const outside = await temp();
    await writeFile(path.join(outside, 'secret'), '');
    await symlink(outside, path.join(root, 'out'));
    await expect(listTreeDir(root, 'out')).rejects.toThrow(UnsafePathError);
    await expect(listTreeDir(root, 'src/../..')).rejects.toThrow(UnsafePathError);
  });
});

const asRoot = process.getuid?.() === 0;
(asRoot ? describe : describe.skip)('chownTree (as root)', () => {
  it('gives the tree to uid:gid and changes links themselves, never what they point at', async () => {
    const root = await temp();
    const outside = await temp();
    await writeFile(path.join(outside, 'keep'), '');
    await mkdir(path.join(root, 'sub'));
    await writeFile(path.join(root, 'sub', 'f.py'), '');
    await symlink(outside, path.join(root, 'sub', 'out'));
    await symlink(path.join(outside, 'keep'), path.join(root, 'keep-link'));
    await chownTree(root, 1234, 1234);
    for (const p of ['', 'sub', 'sub/f.py', 'sub/out', 'keep-link']) {
      expect({ p, uid: (await lstat(path.join(root, p))).uid }).toEqual({ p, uid: 1234 });
    }
    for (const p of [outside, path.join(outside, 'keep')]) {
      expect({ p, uid: (await lstat(p)).uid }).toEqual({ p, uid: 0 });
    }
  });
});
