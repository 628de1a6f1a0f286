import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { changelogEntries, releaseEntries, tagVersion } from '../../src/deps/changelog.js';
import { githubRepository, parseMetadata, releaseNotes } from '../../src/deps/notes.js';
import { mechanicalChanges } from '../../src/deps/symbols.js';
import { createGitHub } from '../../src/delivery/github.js';
import { GitHubApi } from '../world/github-api.js';

const fixture = (name: string): Promise<string> =>
  readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('changelog entries (real CHANGELOG excerpts)', () => {
  it('commander 4.1.1 -> 6.0.0: only those versions, breaking first, pre-release stubs dropped', async () => {
    const entries = changelogEntries(await fixture('commander-CHANGELOG.md'), '4.1.1', '6.0.0');
    const versions = new Set(entries.map(e => e.version));
    expect([...versions].sort()).toEqual(['5.0.0', '5.1.0', '6.0.0']);
    const firstNonBreaking = entries.findIndex(e => !e.breaking);
    expect(entries.slice(firstNonBreaking).every(e => !e.breaking)).toBe(true);
    expect(entries[0].text).toMatch(/\*Breaking\* `\.args`/);
    expect(entries.some(e => /Released in/.test(e.text))).toBe(false);
    expect(entries.find(e => /`normalize`/.test(e.text))?.breaking).toBe(true);
    // A nested bullet stays with its parent entry.
    expect(entries.find(e => /`\.parseOptions\(\)`/.test(e.text))?.text).toMatch(/renamed `operands`/);
  });

  it('httpx 0.17.1 -> 0.20.0: the renames the notes spell out, and nothing ambiguous', async () => {
    const entries = changelogEntries(await fixture('httpx-CHANGELOG.md'), '0.17.1', '0.20.0');
    expect(entries.some(e => e.version === '0.15.0' || e.version === '0.17.1')).toBe(false);
    const { renames } = mechanicalChanges(entries);
    expect(renames.map(r => [r.from, r.to])).toEqual(
      expect.arrayContaining([
        ['httpx.ResponseClosed', 'httpx.StreamClosed'],
        ['allow_redirects', 'follow_redirects']
      ])
    );
    // "`response.ext` property and `Response(ext=...)` argument are now named" is not one rename.
    expect(renames.some(r => /ext/.test(r.from))).toBe(false);
    // "Drop `Response(on_close=...)`" is breaking.
    expect(entries.find(e => /on_close/.test(e.text))?.breaking).toBe(true);
  });

  it('httpx 0.14 -> 0.15: "deprecated in favour of" is a rename', async () => {
    const { renames } = mechanicalChanges(
      changelogEntries(await fixture('httpx-CHANGELOG.md'), '0.14.0', '0.15.0')
    );
    expect(renames.map(r => [r.from, r.to])).toEqual([['Headers.getlist()', 'Headers.get_list()']]);
  });

  it('commander: "rename `.command()` configuration `noHelp` to `hidden`"', async () => {
    const { renames } = mechanicalChanges(
      changelogEntries(await fixture('commander-CHANGELOG.md'), '5.0.0', '5.1.0')
    );
    expect(renames.map(r => [r.from, r.to])).toEqual([['noHelp', 'hidden']]);
  });

  it('a setext (reStructuredText) changelog and a huge one stay bounded', () => {
    const rst =
      'Changes\n=======\n\nVersion 8.0.0\n-------------\n\n-   ``foo`` was removed.\n\nVersion 7.1.2\n-------------\n\n-   Fix a bug.\n';
    const e = changelogEntries(rst, '7.1.2', '8.0.0');
    expect(e.map(x => [x.version, x.breaking])).toEqual([['8.0.0', true]]);
    const many = Array.from({ length: 5000 }, (_, i) => `## 2.0.${i}\n\n- removed thing ${i}\n`).join('\n');
    const t0 = Date.now();
    expect(changelogEntries(many, '1.0.0', '3.0.0').length).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('release tags: v-prefixed, monorepo tags of another package left out', () => {
    expect(tagVersion('v5.0.0')).toBe('5.0.0');
    expect(tagVersion('commander@5.0.0', 'commander')).toBe('5.0.0');
    expect(tagVersion('other-pkg@5.0.0', 'commander')).toBeUndefined();
    const entries = releaseEntries(
      [
        {
          tagName: 'v5.0.0',
          name: '5.0.0',
          body: '### Breaking\n- `foo` was renamed to `bar`',
          draft: false,
          prerelease: false
        },
        { tagName: 'v9.0.0', name: null, body: '- draft', draft: true, prerelease: false },
        { tagName: 'v4.0.0', name: null, body: '- old', draft: false, prerelease: false }
      ],
      '4.0.0',
      '9.0.0'
    );
    expect(entries.map(e => e.text)).toEqual(['`foo` was renamed to `bar`']);
  });

  it('metadata and repository URLs', () => {
    const meta =
      'Metadata-Version: 2.1\nName: httpx\nProject-URL: Source, https://github.com/encode/httpx\n\n# HTTPX\n\n## 0.20.0\n\n- x\n';
    expect(parseMetadata(meta)).toEqual({
      description: '# HTTPX\n\n## 0.20.0\n\n- x\n',
      repository: 'encode/httpx'
    });
    expect(githubRepository('git+https://github.com/tj/commander.js.git')).toBe('tj/commander.js');
    expect(githubRepository('git@github.com:tj/commander.js.git')).toBe('tj/commander.js');
    expect(githubRepository('https://gitlab.com/a/b')).toBeUndefined();
    expect(githubRepository('https://github.com/../x')).toBeUndefined();
  });
});

describe('releaseNotes: the installed package, read through src/fs', () => {
  let tree: string;
  beforeEach(async () => {
    tree = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-notes-'));
  });
  afterEach(async () => rm(tree, { recursive: true, force: true }));
  const change = { name: 'commander', ecosystem: 'npm' as const, from: '4.1.1', to: '5.0.0' };

  it('node_modules/<pkg>/CHANGELOG.md', async () => {
    await mkdir(path.join(tree, 'node_modules/commander'), { recursive: true });
    await writeFile(
      path.join(tree, 'node_modules/commander/CHANGELOG.md'),
      await fixture('commander-CHANGELOG.md')
    );
    const r = await releaseNotes(change, { tree });
    expect(r.source).toBe('node_modules/commander/CHANGELOG.md');
    expect(r.entries.length).toBeGreaterThan(5);
    expect(r.entries.every(e => e.version === '5.0.0')).toBe(true);
  });

  it('a CHANGELOG that is a link to a host file is not read; a 50 MB one is skipped; a package dir through a link is refused', async () => {
    await mkdir(path.join(tree, 'node_modules/commander'), { recursive: true });
    const secret = path.join(tree, 'host-secret.md');
    await writeFile(secret, '## 5.0.0\n\n- SECRET-HOST-CONTENT\n');
    await symlink(secret, path.join(tree, 'node_modules/commander/CHANGELOG.md'));
    const r = await releaseNotes(change, { tree });
    expect(r.entries).toEqual([]);
    expect(r.skipped.join('\n')).toMatch(/CHANGELOG\.md: a symbolic link, not read/);

    await rm(path.join(tree, 'node_modules/commander/CHANGELOG.md'));
    const big = path.join(tree, 'node_modules/commander/HISTORY.md');
    await writeFile(big, '## 5.0.0\n\n- x\n');
    await truncate(big, 50 * 1024 * 1024);
    const r2 = await releaseNotes(change, { tree });
    expect(r2.entries).toEqual([]);
    expect(r2.skipped.join('\n')).toMatch(/HISTORY\.md.*larger than/);

    await rm(path.join(tree, 'node_modules'), { recursive: true });
    await mkdir(path.join(tree, 'elsewhere'), { recursive: true });
    await writeFile(path.join(tree, 'elsewhere/CHANGELOG.md'), '## 5.0.0\n\n- via link\n');
    await mkdir(path.join(tree, 'node_modules'));
    await symlink(path.join(tree, 'elsewhere'), path.join(tree, 'node_modules/commander'));
    const r3 = await releaseNotes(change, { tree });
    expect(r3.entries).toEqual([]);
    expect(r3.skipped.join('\n')).toMatch(/symbolic link/);
  });

  it('a hostile package name never leaves node_modules', async () => {
    const r = await releaseNotes({ ...change, name: '../../etc' }, { tree });
    expect(r.skipped).toEqual(["'../../etc' is not an npm package name"]);
  });

  it('site-packages: the dist-info METADATA long description', async () => {
    const info = path.join(tree, '.venv/lib/python3.12/site-packages/httpx-0.20.0.dist-info');
    await mkdir(info, { recursive: true });
    const log = await fixture('httpx-CHANGELOG.md');
    await writeFile(
      path.join(info, 'METADATA'),
      `Metadata-Version: 2.1\nName: httpx\nVersion: 0.20.0\n\n${log}`
    );
    const r = await releaseNotes(
      { name: 'httpx', ecosystem: 'pypi', from: '0.19.0', to: '0.20.0' },
      { tree }
    );
    expect(r.source).toBe('.venv/lib/python3.12/site-packages/httpx-0.20.0.dist-info/METADATA');
    expect(r.entries[0].text).toMatch(/redirect responses are no longer/);
    expect(r.entries.find(e => /allow_redirects/.test(e.text))?.breaking).toBe(true);
  });
});

describe('releaseNotes: GitHub releases through the port and the emulator', () => {
  const api = new GitHubApi();
  beforeAll(async () => {
    await api.start();
    api.addRepo({ owner: 'acme', name: 'app' });
    api.addRepo({ owner: 'tj', name: 'commander.js' });
    api.addRelease({ owner: 'tj', repo: 'commander.js', tagName: 'v4.1.1', body: '- old fix' });
    api.addRelease({
      owner: 'tj',
      repo: 'commander.js',
      tagName: 'v5.0.0',
      body: '### Breaking\n\n- `CommanderStatic` was renamed to `Command`\n'
    });
    api.addRelease({ owner: 'tj', repo: 'commander.js', tagName: 'v6.0.0', body: '- draft', draft: true });
  });
  afterAll(async () => api.stop());

  it('no changelog installed: the releases of the repository package.json names, with the token', async () => {
    const tree = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-rel-'));
    try {
      await mkdir(path.join(tree, 'node_modules/commander'), { recursive: true });
      await writeFile(
        path.join(tree, 'node_modules/commander/package.json'),
        JSON.stringify({
          name: 'commander',
          repository: { type: 'git', url: 'https://github.com/tj/commander.js.git' }
        })
      );
      const gh = createGitHub({ token: api.token, owner: 'acme', repo: 'app', baseUrl: api.url, retries: 0 });
      const r = await releaseNotes(
        { name: 'commander', ecosystem: 'npm', from: '4.1.1', to: '6.0.0' },
        { tree },
        (o, n) => gh.listReleases!(o, n)
      );
      expect(r.repository).toBe('tj/commander.js');
      expect(r.source).toBe('https://github.com/tj/commander.js/releases');
      expect(r.entries.map(e => [e.version, e.text, e.breaking])).toEqual([
        ['5.0.0', '`CommanderStatic` was renamed to `Command`', true]
      ]);
      const req = api.requests.find(x => x.path === '/repos/tj/commander.js/releases');
      expect(req?.status).toBe(200);
      expect(req?.by).toBe('job');
      expect(api.schemaViolations).toEqual([]);
      // An unknown repository is no notes, not a failure.
      expect(await gh.listReleases!('nobody', 'nothing')).toEqual([]);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
