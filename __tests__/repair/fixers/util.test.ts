import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { isCodeColumn } from '../../../src/repair/fixers/python-name.js';
import {
  lineEdit,
  locateFile,
  minimalEdit,
  readMarked,
  uniqueClosest
} from '../../../src/repair/fixers/util.js';
import { failureSignature } from '../../../src/repair/loop.js';
import { makeTree } from '../helpers/tree.js';

describe('fixer helpers', () => {
  it('uniqueClosest follows Python (threshold, ties), accepts one adjacent swap, and skips constants', () => {
    expect(uniqueClosest('totl', ['total', 'x'])).toBe('total');
    expect(uniqueClosest('totl', ['total', 'tot'])).toBeUndefined();
    expect(uniqueClosest('cat', ['bat', 'hat'])).toBeUndefined();
    expect(uniqueClosest('nmae', ['name', 'age'])).toBe('name');
    expect(uniqueClosest('money', ['None', 'print'])).toBeUndefined();
    expect(uniqueClosest('none', ['None'])).toBe('None');
    expect(uniqueClosest('frobnicate', ['values', 'run'])).toBeUndefined();
  });

  it('isCodeColumn: strings and comments are not code, f-string fields are', () => {
    const line = 'x = f"{totl} and {{totl}}" + "totl"  # totl';
    const cols = [...line.matchAll(/totl/g)].map(m => m.index ?? -1);
    expect(cols.map(c => isCodeColumn(line, c))).toEqual([true, false, false, false]);
  });

  it('lineEdit widens the search text until it is unique', () => {
    const content = 'a = 1\nb = 2\na = 1\nc = 3\n';
    const edit = lineEdit('f', content, 2, 'a = 9\n')!;
    expect(content.split(edit.search)).toHaveLength(2);
    expect(content.replace(edit.search, edit.replace)).toBe('a = 1\nb = 2\na = 9\nc = 3\n');
  });

  it('minimalEdit keeps only the changed middle', () => {
    expect(minimalEdit('f', 'a\nb\nc\nd\n', 'a\nB\nc\nd\n')).toEqual({
      file: 'f',
      search: 'b\n',
      replace: 'B\n'
    });
    expect(minimalEdit('f', 'same', 'same')).toBeUndefined();
  });

  it('locateFile maps container paths by suffix and refuses paths outside the tree', async () => {
    const dir = await makeTree({ 'invoice/cart.py': '' });
    expect(await locateFile(dir, '/work/invoice/cart.py')).toBe('invoice/cart.py');
    expect(await locateFile(dir, 'invoice/cart.py')).toBe('invoice/cart.py');
    expect(await locateFile(dir, '/usr/lib/python3/dist-packages/invoice/cart.py')).toBeUndefined();
    expect(await locateFile(dir, '../invoice/cart.py')).toBeUndefined();
  });

  it('locateFile never answers a file reached through a symbolic link', async () => {
    const outside = await makeTree({ 'evil.py': 'print(nmae)\n' });
    const dir = await makeTree({ 'real.py': '' });
    await symlink(outside, path.join(dir, 'lnk'));
    await symlink(path.join(outside, 'evil.py'), path.join(dir, 'evil.py'));
    expect(await locateFile(dir, '/work/lnk/evil.py')).toBeUndefined();
    expect(await locateFile(dir, 'lnk/evil.py')).toBeUndefined();
    expect(await locateFile(dir, 'evil.py')).toBeUndefined();
    expect(await locateFile(dir, `${dir}/lnk/evil.py`)).toBeUndefined();
    expect(await locateFile(dir, './real.py')).toBe('real.py');
  });

  it('readMarked decodes only files whose command succeeded', () => {
    const b64 = Buffer.from('x = 1\n').toString('base64');
    expect([...readMarked(`noise\n@@NW-FILE a.py ${b64} @@NW-OK\n@@NW-FILE b.py  @@NW-FAIL\n`)]).toEqual([
      ['a.py', 'x = 1\n']
    ]);
  });

  it('failureSignature ignores timings and addresses', () => {
    const a = "E   NameError: name 'x' is not defined\nself = <A object at 0x7f00>\n1 failed in 0.03s";
    const b = "E   NameError: name 'x' is not defined\nself = <A object at 0x7faa>\n1 failed in 0.05s";
    expect(failureSignature(a)).toBe(failureSignature(b));
    expect(failureSignature(a)).not.toBe(failureSignature("E   NameError: name 'y' is not defined"));
  });
});
