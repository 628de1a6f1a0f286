/**
 * The Docker sandbox across the runs of one heal (real daemon, offline images): the install runs
 * once and later runs start from it; services reachable at localhost and by name, then removed; a
 * guessed install the image cannot run falls back to the tests alone; a failed pull says why.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDockerSandbox, DockerSandbox, toolingFailure } from '../../src/sandbox/docker.js';
import { SandboxUnavailableError } from '../../src/sandbox/errors.js';
import { installKey, namedPaths } from '../../src/sandbox/install-key.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { durationMs, healthBudgetMs } from '../../src/sandbox/services.js';
import {
  buildServiceImage,
  docker,
  dockerImagesReady,
  entries,
  PY_IMAGE,
  SERVICE_IMAGE,
  TempDirs
} from './helpers.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;
const spec = (over: Partial<ProjectSpec>): ProjectSpec => ({
  language: 'python',
  image: PY_IMAGE,
  test: 'true',
  detectedFrom: 'test',
  ...over
});

describe('install key', () => {
  const temps = new TempDirs();
  afterAll(() => temps.cleanup());

  it('changes with a dependency file or a path the install names, not with other source', async () => {
    const dir = await temps.make();
    await mkdir(path.join(dir, 'libs/client'), { recursive: true });
    await writeFile(path.join(dir, 'requirements.txt'), 'a==1\n');
    await writeFile(path.join(dir, 'libs/client/x.py'), 'X = 1\n');
    await writeFile(path.join(dir, 'app.py'), 'print(1)\n');
    const s = spec({ install: 'pip install -r requirements.txt ./libs/client' });
    const k0 = await installKey(dir, s);
    await writeFile(path.join(dir, 'app.py'), 'print(2)\n');
    expect(await installKey(dir, s)).toBe(k0);
    await writeFile(path.join(dir, 'libs/client/x.py'), 'X = 2\n');
    const k1 = await installKey(dir, s);
    expect(k1).not.toBe(k0);
    await writeFile(path.join(dir, 'requirements.txt'), 'a==2\n');
    expect(await installKey(dir, s)).not.toBe(k1);
    expect(await installKey(dir, { ...s, install: 'pip install -r requirements.txt' })).not.toBe(k1);
    expect(namedPaths("pip install -e . -r 'req/dev.txt' ./libs/client pytest")).toEqual([
      'req/dev.txt',
      'libs/client'
    ]);
  });

  it('knows tooling failures from project failures', () => {
    expect(toolingFailure(1, '/usr/bin/python3: No module named venv')).toBe(true);
    expect(
      toolingFailure(
        1,
        'The virtual environment was not created successfully because ensurepip is not\navailable.'
      )
    ).toBe(true);
    expect(toolingFailure(127, 'sh: 1: corepack: not found')).toBe(true);
    expect(toolingFailure(1, 'ERROR: Could not find a version that satisfies the requirement nope==9')).toBe(
      false
    );
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('10x')).toBeUndefined();
    expect(healthBudgetMs({ cmd: 'x', interval: '1s', timeout: '1s', retries: 2 })).toBe(5_000);
    expect(healthBudgetMs({ cmd: 'x', interval: '10s', timeout: '5s', retries: 100 })).toBe(120_000);
  });
});

describeDocker('DockerSandbox across one heal (real daemon)', () => {
  const temps = new TempDirs();
  let tmpRoot: string;
  let sandbox: DockerSandbox;
  const lines: string[] = [];

  beforeAll(async () => {
    tmpRoot = await temps.make('nw-once-root-');
    await buildServiceImage(await temps.make('nw-svc-image-'));
    sandbox = await createDockerSandbox({ tmpRoot, log: m => lines.push(m), pull: false });
  });

  afterEach(async () => {
    await sandbox.close();
    expect(await entries(tmpRoot)).toEqual([]);
    const left = await docker('ps', '-a', '-q', '--filter', 'label=nightwatch.service');
    expect(left.trim()).toBe('');
    const nets = await docker('network', 'ls', '-q', '--filter', 'label=nightwatch.service');
    expect(nets.trim()).toBe('');
    lines.length = 0;
  });

  afterAll(() => temps.cleanup());

  it('installs once: later runs see the install and the current source, deleted files gone', async () => {
    const dir = await temps.make();
    await writeFile(path.join(dir, 'requirements.txt'), 'one\n');
    await writeFile(path.join(dir, 'src.txt'), 'v1\n');
    await writeFile(path.join(dir, 'old.txt'), 'old\n');
    const s = spec({
      // What it makes lives in the tree and in HOME (a user-site install), and it counts itself.
      install:
        'mkdir -p deps "$HOME/.local/bin" && cat requirements.txt > deps/lib.txt && ' +
        'printf "#!/bin/sh\\necho tool-ok\\n" > "$HOME/.local/bin/mytool" && chmod +x "$HOME/.local/bin/mytool"',
      test: 'cat deps/lib.txt src.txt; mytool; ls old.txt 2>&1; exit 3'
    });
    const r1 = await sandbox.run({ workdir: dir, spec: s });
    expect(r1).toMatchObject({ exitCode: 3, phase: 'test' });
    expect(r1.output).toMatch(/^one$/m);
    expect(r1.output).toMatch(/^tool-ok$/m);
    expect(r1.output).toMatch(/^v1$/m);
    await writeFile(path.join(dir, 'src.txt'), 'v2\n');
    await rm(path.join(dir, 'old.txt'));
    const r2 = await sandbox.run({ workdir: dir, spec: s });
    expect(r2.output).toMatch(/^one$/m);
    expect(r2.output).toMatch(/^v2$/m);
    expect(r2.output).toMatch(/^tool-ok$/m);
    expect(r2.output).toMatch(/old\.txt.*No such file/);
    expect(sandbox.installs).toBe(1);
    expect(lines.filter(l => l.startsWith('install: mkdir'))).toHaveLength(1);
    // A changed dependency file installs again.
    await writeFile(path.join(dir, 'requirements.txt'), 'two\n');
    const r3 = await sandbox.run({ workdir: dir, spec: s });
    expect(r3.output).toMatch(/^two$/m);
    expect(sandbox.installs).toBe(2);
  });

  it('returns a failed install to every run with the same key, without installing again', async () => {
    const dir = await temps.make();
    await writeFile(path.join(dir, 'a.txt'), 'a\n');
    const before = sandbox.installs;
    const s = spec({ install: 'echo broken-install; exit 7', test: 'true' });
    for (let i = 0; i < 2; i++)
      expect(await sandbox.run({ workdir: dir, spec: s })).toMatchObject({ exitCode: 7, phase: 'install' });
    expect(sandbox.installs - before).toBe(1);
  });

  it('falls back to the tests alone when a guessed install cannot run in the image, with a warning', async () => {
    const dir = await temps.make();
    await writeFile(path.join(dir, 'a.txt'), 'a\n');
    const guessed = spec({
      install: 'corepack pnpm install --frozen-lockfile',
      test: 'echo tests-ran; exit 1'
    });
    // Given (not guessed): the failed install is the result.
    expect(await sandbox.run({ workdir: dir, spec: guessed })).toMatchObject({ phase: 'install' });
    await sandbox.close();
    const r = await sandbox.run({ workdir: dir, spec: { ...guessed, installFallback: 'tooling' } });
    expect(r).toMatchObject({ phase: 'test', exitCode: 1 });
    expect(r.output).toContain('tests-ran');
    expect(lines.join('\n')).toMatch(/for tooling reasons .*running the tests without it/);
  });

  it('starts services reachable at localhost and by name, without the internet, then removes them', async () => {
    const dir = await temps.make();
    await writeFile(
      path.join(dir, 'check.py'),
      [
        'import os, socket, urllib.request',
        'for url in ("http://localhost:8080/", "http://web:8080/"):',
        '    print(url, urllib.request.urlopen(url, timeout=5).status)',
        'print("env", os.environ.get("DB_NAME"))',
        'try:',
        '    socket.create_connection(("1.1.1.1", 53), timeout=3)',
        '    print("internet: reachable")',
        'except OSError as e:',
        '    print("internet: blocked", e)',
        ''
      ].join('\n')
    );
    const r = await sandbox.run({
      workdir: dir,
      spec: spec({
        test: 'python3 check.py',
        env: { DB_NAME: 'shop' },
        services: [
          {
            name: 'web',
            image: SERVICE_IMAGE,
            health: { cmd: 'python3 /healthcheck.py', interval: '1s', retries: 20 }
          }
        ]
      })
    });
    expect(r.output).toContain('http://localhost:8080/ 200');
    expect(r.output).toContain('http://web:8080/ 200');
    expect(r.output).toContain('env shop');
    expect(r.output).toContain('internet: blocked');
    expect(r.exitCode).toBe(0);
    expect(lines.join('\n')).toMatch(/service web: .* healthy after/);
  });

  it('waits a bounded time for a service that never gets healthy, and says so', async () => {
    const dir = await temps.make();
    await writeFile(path.join(dir, 'a.txt'), 'a\n');
    const t0 = Date.now();
    const r = await sandbox.run({
      workdir: dir,
      spec: spec({
        test: 'echo ran',
        services: [
          {
            name: 'sick',
            image: SERVICE_IMAGE,
            health: { cmd: 'false', interval: '1s', timeout: '1s', retries: 2 }
          }
        ]
      })
    });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.output).toContain('ran');
    expect(lines.join('\n')).toMatch(/service sick .* not healthy after 5s .*'false'/);
  });

  it("names Docker's reason when an image cannot be pulled, and prints the pull", async () => {
    const pulling = await createDockerSandbox({ tmpRoot, log: m => lines.push(m), pullTimeoutMs: 60_000 });
    const dir = await temps.make();
    const err = await pulling
      .run({ workdir: dir, spec: spec({ image: 'nightwatch-no-such-image-anywhere:0' }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxUnavailableError);
    const message = (err as Error).message;
    expect(lines.join('\n')).toMatch(/Pulling nightwatch-no-such-image-anywhere:0/);
    const said = lines.find(l => l.startsWith('Could not pull'));
    expect(said).toBeDefined();
    // Docker's own words (a registry or DNS error), in the error too.
    const reason = said!.replace(/^Could not pull \S+ after \d+s: /, '');
    expect(reason.length).toBeGreaterThan(10);
    expect(message).toContain(reason);
  }, 90_000);
});
