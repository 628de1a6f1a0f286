import AdmZip from 'adm-zip';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { releaseNotes } from '../../src/deps/notes.js';
import { findLinksDirs, MAX_WHEEL_TEXT_BYTES, wheelNameVersion, wheelTexts } from '../../src/deps/wheels.js';

function wheel(entries: Record<string, string | Buffer>): Buffer {
  const zip = new AdmZip();
  for (const [name, data] of Object.entries(entries)) zip.addFile(name, Buffer.from(data));
  return zip.toBuffer();
}

describe('findLinksDirs', () => {
  it('reads --find-links and -f as tree folders, relative to the file and to the root', () => {
    expect(findLinksDirs('requirements.txt', '--find-links wheels\nfoo==1\n')).toEqual(['wheels']);
    expect(findLinksDirs('reqs/requirements-dev.txt', '--find-links=../wheels/\n-f ./local # c\n')).toEqual([
      'wheels',
      'reqs/local',
      'local'
    ]);
  });

  it('leaves out URLs and paths outside the tree', () => {
    expect(
      findLinksDirs(
        'requirements.txt',
        '--find-links https://example.com/simple\n-f /opt/wheels\n--find-links ../../etc\n-f file:///tmp\n'
      )
    ).toEqual([]);
  });
});

describe('wheelNameVersion', () => {
  it('parses wheel file names, with and without a build tag', () => {
    expect(wheelNameVersion('mini_lib-2.0.0-py3-none-any.whl')).toEqual({
      name: 'mini_lib',
      version: '2.0.0'
    });
    expect(wheelNameVersion('x-1.0-1-py3-none-any.whl')).toEqual({ name: 'x', version: '1.0' });
    expect(wheelNameVersion('x-1.0.tar.gz')).toBeUndefined();
  });
});

describe('wheelTexts and releaseNotes from a local wheel index', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nw-wheels-'));
    await mkdir(path.join(dir, 'wheels'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the new version’s METADATA description as the notes', async () => {
    await writeFile(
      path.join(dir, 'wheels/Mini_Lib-2.0.0-py3-none-any.whl'),
      wheel({
        'mini_lib/__init__.py': '',
        'mini_lib-2.0.0.dist-info/METADATA':
          'Metadata-Version: 2.1\nName: mini-lib\nVersion: 2.0.0\n\n## 2.0.0\n\n- **Breaking:** renamed `a()` to `b()`.\n\n## 1.0.0\n\n- First.\n'
      })
    );
    await writeFile(
      path.join(dir, 'wheels/Mini_Lib-1.0.0-py3-none-any.whl'),
      wheel({ 'x.dist-info/METADATA': 'x' })
    );
    const notes = await releaseNotes(
      { name: 'mini-lib', ecosystem: 'pypi', from: '1.0.0', to: '2.0.0' },
      { tree: dir, findLinks: ['wheels'] }
    );
    expect(notes.entries.map(e => e.text)).toEqual(['**Breaking:** renamed `a()` to `b()`.']);
    expect(notes.source).toBe('wheels/Mini_Lib-2.0.0-py3-none-any.whl (METADATA)');
  });

  it('stops inflating at the cap whatever the zip declares (a bomb is not read whole)', async () => {
    const big = Buffer.alloc(MAX_WHEEL_TEXT_BYTES * 4, 0x41);
    const zip = new AdmZip();
    zip.addFile('m-1.0.dist-info/METADATA', big);
    // Lie about the size: the declared size says it is small.
    zip.getEntries()[0].header.size = 10;
    await writeFile(path.join(dir, 'wheels/m-1.0-py3-none-any.whl'), zip.toBuffer());
    const skipped: string[] = [];
    const got = await wheelTexts(dir, ['wheels'], 'm', '1.0', skipped);
    expect(got?.metadata).toBeUndefined();
    expect(skipped.join('\n')).toMatch(/m-1\.0-py3-none-any\.whl/);
  });

  it('does not follow a wheel that is a link, nor an index folder that is one', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'nw-wheels-out-'));
    try {
      await writeFile(
        path.join(outside, 'm-1.0-py3-none-any.whl'),
        wheel({ 'm-1.0.dist-info/METADATA': 'secret' })
      );
      await symlink(
        path.join(outside, 'm-1.0-py3-none-any.whl'),
        path.join(dir, 'wheels/m-1.0-py3-none-any.whl')
      );
      await symlink(outside, path.join(dir, 'linked'));
      const skipped: string[] = [];
      expect(await wheelTexts(dir, ['wheels', 'linked'], 'm', '1.0', skipped)).toBeUndefined();
      expect(skipped.join('\n')).toMatch(/symbolic link/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
