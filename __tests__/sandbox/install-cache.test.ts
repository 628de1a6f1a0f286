/**
 * The job's install cache (real daemon, offline images): a second heal in the same job — a new
 * Docker sandbox with the same cache folder and the same install key — starts from the first heal's
 * install instead of installing again; a cache folder that is not ours, or an entry someone else
 * planted, is not used.
 */
import { chmod, chown, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDockerSandbox } from '../../src/sandbox/docker.js';
import { installKey } from '../../src/sandbox/install-key.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { dockerImagesReady, PY_IMAGE, TempDirs } from './helpers.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

const SPEC: ProjectSpec = {
  language: 'python',
  image: PY_IMAGE,
  // What the install makes is what the tests need.
  install: 'mkdir -p deps && cat requirements.txt > deps/lib.txt',
  test: 'cat deps/lib.txt',
  detectedFrom: 'test'
};

describeDocker('the install cache of a job: caches survive between heals', () => {
  const temps = new TempDirs();
  afterAll(() => temps.cleanup());

  async function project(): Promise<string> {
    const dir = await temps.make();
    await writeFile(path.join(dir, 'requirements.txt'), 'lib-one\n');
    await writeFile(path.join(dir, 'app.py'), 'print(1)\n');
    return dir;
  }

  /** One heal's use of the sandbox: a run, then close (as heal() does); its installs and log. */
  async function heal(
    dir: string,
    installCache?: string
  ): Promise<{ installs: number; log: string; output: string }> {
    const lines: string[] = [];
    const sandbox = await createDockerSandbox({ installCache, log: m => lines.push(m), pull: false });
    try {
      const r = await sandbox.run({ workdir: dir, spec: SPEC });
      expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
      return { installs: sandbox.installs, log: lines.join('\n'), output: r.output };
    } finally {
      await sandbox.close();
    }
  }

  it('installs once across two heals in the same job; the second says it reused the install', async () => {
    const dir = await project();
    const cache = path.join(await temps.make('nw-job-temp-'), 'nightwatch-install-cache');
    const first = await heal(dir, cache);
    expect(first.installs).toBe(1);
    expect(first.output).toMatch(/^lib-one$/m);
    // The first heal is over (closed): its install stays in the job's cache, under its key.
    expect(await readdir(cache)).toEqual([await installKey(dir, SPEC)]);
    await writeFile(path.join(dir, 'app.py'), 'print(2)\n'); // another commit, same dependencies
    const second = await heal(dir, cache);
    expect(second.installs).toBe(0);
    expect(second.log).toMatch(/install: reused the install of an earlier heal in this job/);
    expect(second.output).toMatch(/^lib-one$/m);
    // A changed dependency file is another key: installed again.
    await writeFile(path.join(dir, 'requirements.txt'), 'lib-two\n');
    const third = await heal(dir, cache);
    expect(third.installs).toBe(1);
    expect(third.output).toMatch(/^lib-two$/m);
    expect((await readdir(cache)).sort()).toHaveLength(2);
  });

  it('without a cache folder each heal installs (the kept install goes with the heal)', async () => {
    const dir = await project();
    expect((await heal(dir)).installs).toBe(1);
    expect((await heal(dir)).installs).toBe(1);
  });

  it('a cache folder writable by others, or an entry planted by another user, is not used', async () => {
    const dir = await project();
    const open = path.join(await temps.make('nw-job-temp-'), 'cache');
    await mkdir(open);
    await chmod(open, 0o777);
    const a = await heal(dir, open);
    expect(a.log).toMatch(/install cache not used: .* writable by others/);
    expect(await readdir(open)).toEqual([]);
    expect((await heal(dir, open)).installs).toBe(1);

    // A complete-looking entry for this very key, but not ours: its "install" would be what the tests see.
    const cache = path.join(await temps.make('nw-job-temp-'), 'cache');
    await mkdir(cache, { mode: 0o700 });
    const key = await installKey(dir, SPEC);
    const planted = path.join(cache, key);
    await mkdir(path.join(planted, 'work', 'deps'), { recursive: true });
    await writeFile(path.join(planted, 'work', 'deps', 'lib.txt'), 'planted\n');
    await writeFile(path.join(planted, 'sources.json'), '["requirements.txt"]');
    if (process.getuid?.() === 0) {
      await chown(planted, 4242, 4242);
      await chown(path.join(planted, 'sources.json'), 4242, 4242);
      const b = await heal(dir, cache);
      expect(b.installs).toBe(1);
      expect(b.output).not.toMatch(/planted/);
    }
  });
});
