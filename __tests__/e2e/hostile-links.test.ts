/**
 * Issue 8, points 1 and 2, through the bundled CLI and action: a repository that commits symbolic
 * links (out of the tree, onto the user's own checkout and its `.git`, onto `.github/workflows`, onto
 * a host file) and spells protected paths oddly cannot make Nightwatch's host-side code read, write
 * or chown anything outside the work tree, or land a workflow change on a branch.
 */
import { existsSync } from 'node:fs';
import { cp, lstat, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeminiEmulator, type GeminiAnswer } from '../world/gemini.js';
import { REPO_ROOT } from '../world/harness.js';
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { cli, commitAll, git, removeDirs, repoFromDemo } from './cli-runner.js';
import {
  DEMO_LOGIC_FIX,
  demoLogicDiagnosis,
  demoLogicRegression,
  errorOf,
  modelPatch,
  PYTHON_IMAGE,
  seedScenario,
  tamperProposal,
  type ProposedEdit
} from './scenario.js';

const GEMINI_KEY = 'hostile-links-gemini-key';
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

interface HealJson {
  status: string;
  branch: string | null;
  attempts: { n: number; source: string; verdict: string; summary?: string; edits: { file: string }[] }[];
}

async function heal(repo: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<HealJson> {
  const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json', ...args], { env });
  try {
    return JSON.parse(r.stdout) as HealJson;
  } catch {
    throw new Error(`heal printed no JSON:\n${r.stdout}\n${r.stderr}`);
  }
}

/** Every entry of a folder (and the folder) as owner, mode, mtime and content: any change shows. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const st = await lstat(dir);
  out['.'] = `${st.uid}:${st.gid} ${st.mode} ${st.mtimeMs}`;
  for (const name of (await readdir(dir)).sort()) {
    const s = await lstat(join(dir, name));
    const body = s.isFile() ? await readFile(join(dir, name), 'utf8') : '';
    out[name] = `${s.uid}:${s.gid} ${s.mode} ${s.mtimeMs} ${body}`;
  }
  return out;
}

/** A folder outside every tree, with a file the repository points at; dated long ago. */
async function outsideDir(dirs: string[], files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nw-outside-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    await utimes(join(dir, name), LONG_AGO, LONG_AGO);
  }
  await utimes(dir, LONG_AGO, LONG_AGO);
  return dir;
}

/** A git repository of `examples/<demo>` plus the given links, committed. */
const repoWithLinks = (dirs: string[], demo: string, links: Record<string, string>): Promise<string> =>
  repoFromDemo(demo, { dirs, links, prefix: `nw-hostile-${demo}-`, message: 'broken, with links' });

const DIAGNOSIS = demoLogicDiagnosis();
/** A patch that fixes the bug and, beside it, makes one more edit. */
const patch = (...extra: ProposedEdit[]): GeminiAnswer => modelPatch([DEMO_LOGIC_FIX, ...extra]);

describe('a repository with hostile links and paths (bundled CLI and action)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await removeDirs(dirs);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)(
    'the Docker sandbox hands its copy to the container user without following a linked directory',
    async () => {
      const out = await outsideDir(dirs, { 'keep.txt': 'root owns this\n' });
      const before = await snapshot(out);
      const repo = await repoWithLinks(dirs, 'demo-python', { out });
      const r = await heal(repo, []);
      expect(r.status).toBe('fixed');
      expect(await snapshot(out)).toEqual(before);
    }
  );

  it('a deterministic fixer told that the bug is in lnk/evil.py does not touch the file behind the link', async () => {
    const evil = "name = 'x'\nprint(nmae)\n";
    const out = await outsideDir(dirs, { 'evil.py': evil });
    const before = await snapshot(out);
    const repo = await repoWithLinks(dirs, 'demo-python', { lnk: out });
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/work/lnk/evil.py", line 2, in <module>',
      '    print(nmae)',
      "NameError: name 'nmae' is not defined. Did you mean: 'name'?"
    ].join('\n');
    const command = `printf '%s\\n' '${traceback.replace(/'/g, `'\\''`)}'; exit 1`;
    const r = await heal(repo, ['--command', command]);
    expect(r.status).not.toBe('fixed');
    expect(r.attempts.flatMap(a => a.edits.map(e => e.file)).filter(f => f.startsWith('lnk/'))).toEqual([]);
    expect(await snapshot(out)).toEqual(before);
  });

  it('model edits and the regression test are never written through a link: outside files, the user checkout and its .git, workflows', async () => {
    const out = await outsideDir(dirs, { 'evil.py': 'nmae = 1\n' });
    const before = await snapshot(out);
    const marker = join(out, '..', `nw-fsmonitor-ran-${Date.now()}`);
    const repo = await mkdtemp(join(tmpdir(), 'nw-hostile-user-'));
    dirs.push(repo);
    await cp(join(REPO_ROOT, 'examples', 'demo-logic'), repo, { recursive: true });
    // Links the repository commits: out of the tree, onto the user's own checkout and its .git, and
    // (relative) onto the tree's own workflows.
    await symlink(out, join(repo, 'out'));
    await symlink(repo, join(repo, 'me'));
    await symlink(join(repo, '.git'), join(repo, 'g'));
    await symlink('.github/workflows', join(repo, 'ci'));
    await commitAll(repo, { message: 'broken, with links' });
    const head = await git(repo, 'rev-parse', 'HEAD');
    const config = await readFile(join(repo, '.git', 'config'), 'utf8');
    const userFile = await lstat(join(repo, 'pricing', 'discount.py'));

    const gemini = new GeminiEmulator({ apiKey: GEMINI_KEY });
    const { url } = await gemini.start();
    try {
      gemini.enqueue(
        DIAGNOSIS,
        demoLogicRegression('out/test_pwn.py'),
        demoLogicRegression('tests/test_discount_boundary.py'),
        patch({ file: 'g/config', search: '[core]', replace: `[core]\n\tfsmonitor = touch ${marker}` }),
        patch({ file: 'out/evil.py', search: 'nmae', replace: 'PWNED' }),
        patch({ file: 'ci/ci.yml', search: 'name: CI', replace: 'name: PWNED' }),
        patch({
          file: 'me/pricing/discount.py',
          search: DEMO_LOGIC_FIX.search,
          replace: `${DEMO_LOGIC_FIX.search}  # pwned`
        }),
        patch()
      );
      const r = await heal(repo, ['--max-attempts', '6'], {
        GEMINI_API_KEY: GEMINI_KEY,
        GOOGLE_GEMINI_BASE_URL: url
      });
      // Nothing outside the work tree changed, and no command planted in the user's .git/config ran.
      expect(await snapshot(out)).toEqual(before);
      expect(existsSync(marker)).toBe(false);
      expect(await readFile(join(repo, '.git', 'config'), 'utf8')).toBe(config);
      const after = await lstat(join(repo, 'pricing', 'discount.py'));
      expect(after.mtimeMs).toBe(userFile.mtimeMs);
      expect(await git(repo, 'status', '--porcelain')).toBe('');
      expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
      expect(r.status).toBe('fixed');
      const invalid = r.attempts.filter(a => a.verdict === 'invalid');
      expect(invalid).toHaveLength(5);
      for (const a of invalid) expect(a.summary).toMatch(/symbolic link/);
      expect(r.attempts.at(-1)).toMatchObject({ source: 'model', verdict: 'pass' });
      // The fix branch holds the fix and the regression test, and no workflow.
      const changed = (await git(repo, 'diff', '--name-only', head, r.branch!)).split('\n').sort();
      expect(changed).toEqual(['pricing/discount.py', 'tests/test_discount_boundary.py']);
    } finally {
      await gemini.stop();
      await rm(marker, { force: true });
    }
  });

  it('the source sent to the model never comes through a link to a host file', async () => {
    const canary = 'the-canary-sings-at-midnight-over-the-harbour';
    const out = await outsideDir(dirs, { 'secret-file': `${canary}\n` });
    const repo = await repoWithLinks(dirs, 'demo-logic', { 'creds.py': join(out, 'secret-file') });
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/work/creds.py", line 1, in <module>',
      '    load()',
      'ValueError: bad credentials'
    ].join('\n');
    const command = `printf '%s\\n' '${traceback}'; exit 1`;
    const gemini = new GeminiEmulator({ apiKey: GEMINI_KEY });
    const { url } = await gemini.start();
    try {
      gemini.enqueue({ json: { ...DIAGNOSIS.json, file: 'creds.py', line: 1, confidence: 0.1 } });
      const r = await heal(repo, ['--command', command], {
        GEMINI_API_KEY: GEMINI_KEY,
        GOOGLE_GEMINI_BASE_URL: url
      });
      expect(r.status).toBe('escalated');
      expect(gemini.generateRequests.length).toBeGreaterThan(0);
      expect(gemini.generateRequests.map(q => q.promptText).join('\n')).toContain('bad credentials');
      for (const q of gemini.generateRequests) expect(q.promptText).not.toContain(canary);
    } finally {
      await gemini.stop();
    }
  });

  it('protected paths spelled with ./ or ../ are refused: no workflow lands on the branch', async () => {
    const repo = await repoWithLinks(dirs, 'demo-logic', {});
    const head = await git(repo, 'rev-parse', 'HEAD');
    const gemini = new GeminiEmulator({ apiKey: GEMINI_KEY });
    const { url } = await gemini.start();
    try {
      gemini.enqueue(
        DIAGNOSIS,
        demoLogicRegression('tests/test_discount_boundary.py'),
        patch({ file: '.github/./workflows/ci.yml', search: 'name: CI', replace: 'name: PWNED' }),
        patch({ file: 'pricing/../.github/workflows/ci.yml', search: 'name: CI', replace: 'name: PWNED' }),
        patch({ file: '.GitHub/Workflows/ci.yml', search: 'name: CI', replace: 'name: PWNED' }),
        patch()
      );
      const r = await heal(repo, ['--max-attempts', '4'], {
        GEMINI_API_KEY: GEMINI_KEY,
        GOOGLE_GEMINI_BASE_URL: url
      });
      expect(r.status).toBe('fixed');
      const invalid = r.attempts.filter(a => a.verdict === 'invalid');
      expect(invalid.map(a => a.summary)).toEqual([
        expect.stringMatching(/protected path/),
        expect.stringMatching(/protected path/),
        expect.stringMatching(/protected path/)
      ]);
      const changed = (await git(repo, 'diff', '--name-only', head, r.branch!)).split('\n').sort();
      expect(changed).toEqual(['pricing/discount.py', 'tests/test_discount_boundary.py']);
    } finally {
      await gemini.stop();
    }
  });

  describe('phase: publish', () => {
    let world: World;
    beforeEach(async () => {
      world = await startWorld();
    });
    afterEach(async () => {
      await world.stop();
    });

    it('refuses a proposal whose edit goes through a committed link, and writes nothing outside the clone', async () => {
      const out = await outsideDir(dirs, { 'evil.py': 'nmae = 1\n' });
      const before = await snapshot(out);
      await seedScenario(world, {
        owner: 'acme',
        repo: 'linked',
        demo: 'demo-python',
        runId: 8101,
        command: 'python3 -m pytest',
        image: PYTHON_IMAGE,
        links: { out }
      });
      const event = workflowRunEvent({ api: world.api, runId: 8101 });
      const proposed = await world.run({
        eventName: 'workflow_run',
        eventPayload: event,
        repository: 'acme/linked',
        inputs: { image: PYTHON_IMAGE, phase: 'propose' }
      });
      expect({ status: proposed.outputs.status, error: errorOf(proposed) }).toEqual({
        status: 'proposed',
        error: undefined
      });
      // Whatever ran in the propose job could have rewritten its artifact: an edit through the link.
      tamperProposal(world, edits => edits.push({ file: 'out/evil.py', search: 'nmae', replace: 'PWNED' }));

      const published = await world.run({
        eventName: 'workflow_run',
        eventPayload: event,
        repository: 'acme/linked',
        inputs: { phase: 'publish' }
      });
      expect(await snapshot(out)).toEqual(before);
      expect(world.git.pushes).toEqual([]);
      expect(world.api.pulls).toEqual([]);
      expect(published.outputs.status).not.toBe('fixed');
      expect(errorOf(published)).toMatch(/do not apply.*'out\/evil\.py' passes through a symbolic link/);
    });
  });
});
