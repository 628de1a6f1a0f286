/** The source context and the fixers read the tree through src/fs: a committed link is never read. */
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { collectSources } from '../../src/repair/context.js';
import { defaultFixers } from '../../src/repair/fixers/index.js';
import { makeTree } from './helpers/tree.js';

const spec = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: 'python3 -m pytest -q',
  detectedFrom: 'test'
};

describe('a tree whose links point at host files', () => {
  it('collectSources leaves out a file named in a traceback that is a link (or behind one)', async () => {
    const host = await makeTree({ 'secret-file': 'aws = "the-canary"\n', 'evil.py': 'x = the_canary\n' });
    const dir = await makeTree({ 'app.py': 'def load():\n    raise ValueError("bad")\n' });
    await symlink(path.join(host, 'secret-file'), path.join(dir, 'creds.py'));
    await symlink(host, path.join(dir, 'lnk'));
    const output = [
      'Traceback (most recent call last):',
      '  File "/work/creds.py", line 1, in <module>',
      '  File "/work/lnk/evil.py", line 1, in <module>',
      '  File "/work/app.py", line 2, in load',
      'ValueError: bad'
    ].join('\n');
    const diagnosis = { source: 'rules' as const, rootCause: 'x', category: 'test' as const, confidence: 1 };
    const sources = await collectSources(dir, output, [{ tool: 'python', message: 'x', file: 'creds.py' }], {
      ...diagnosis,
      file: 'lnk/evil.py',
      line: 1
    });
    expect(sources.map(s => s.file)).toEqual(['app.py']);
    expect(JSON.stringify(sources)).not.toContain('canary');
  });

  it('no fixer proposes an edit to a file behind a link, though the traceback blames it', async () => {
    const host = await makeTree({ 'evil.py': "name = 'x'\nprint(nmae)\n" });
    const dir = await makeTree({ 'ok.py': 'print(1)\n' });
    await symlink(host, path.join(dir, 'lnk'));
    const failureOutput = [
      'Traceback (most recent call last):',
      '  File "/work/lnk/evil.py", line 2, in <module>',
      '    print(nmae)',
      "NameError: name 'nmae' is not defined. Did you mean: 'name'?"
    ].join('\n');
    for (const fixer of defaultFixers()) {
      const proposal = await fixer.propose({
        workdir: dir,
        spec,
        failureOutput,
        failures: [],
        log: () => undefined
      });
      expect({ fixer: fixer.name, edits: proposal?.edits ?? [] }).toEqual({ fixer: fixer.name, edits: [] });
    }
  });
});
