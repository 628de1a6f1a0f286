/**
 * Where a bundle finds the parser's files: its own folder, and for the CLI's bundle (dist/cli/) the
 * action's (dist/), where the build puts them once. A link is never used; no other folder is tried.
 */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { locateParserFile, parserFolders } from '../../../src/repair/fixers/js-parse.js';

const NOWHERE = { file: 'grammar.wasm', from: 'no-such-package-nightwatch/grammar.wasm' };

describe('locateParserFile', () => {
  it('the CLI bundle (in a folder named cli) uses the file in the parent folder; another bundle only its own', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'nw-parse-'));
    await mkdir(path.join(dist, 'cli'));
    await mkdir(path.join(dist, 'other'));
    await writeFile(path.join(dist, 'grammar.wasm'), 'x');
    expect(parserFolders(path.join(dist, 'cli'))).toEqual([path.join(dist, 'cli'), dist]);
    expect(await locateParserFile(NOWHERE, path.join(dist, 'cli'))).toBe(path.join(dist, 'grammar.wasm'));
    expect(await locateParserFile(NOWHERE, dist)).toBe(path.join(dist, 'grammar.wasm'));
    await expect(locateParserFile(NOWHERE, path.join(dist, 'other'))).rejects.toThrow(
      /grammar\.wasm not found/
    );
    // its own copy first
    await writeFile(path.join(dist, 'cli', 'grammar.wasm'), 'y');
    expect(await locateParserFile(NOWHERE, path.join(dist, 'cli'))).toBe(
      path.join(dist, 'cli', 'grammar.wasm')
    );
  });

  it('never a link, beside the bundle or in the parent folder', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'nw-parse-'));
    await mkdir(path.join(dist, 'cli'));
    const elsewhere = path.join(await mkdtemp(path.join(tmpdir(), 'nw-elsewhere-')), 'evil.wasm');
    await writeFile(elsewhere, 'evil');
    await symlink(elsewhere, path.join(dist, 'grammar.wasm'));
    await symlink(elsewhere, path.join(dist, 'cli', 'grammar.wasm'));
    await expect(locateParserFile(NOWHERE, path.join(dist, 'cli'))).rejects.toThrow(/not found/);
  });
});
