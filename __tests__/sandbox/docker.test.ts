import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDockerSandbox, DockerSandbox } from '../../src/sandbox/docker.js';
import { SandboxUnavailableError } from '../../src/sandbox/errors.js';
import { createSandbox, detectProject } from '../../src/sandbox/index.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import {
  containersUnder,
  dockerImagesReady,
  entries,
  NODE_IMAGE,
  PY_IMAGE,
  TempDirs,
  writeWheelProject
} from './helpers.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

const python = (test: string, install?: string): ProjectSpec => ({
  language: 'python',
  image: PY_IMAGE,
  test,
  install,
  detectedFrom: 'test'
});

describeDocker('DockerSandbox (real daemon, offline test images)', () => {
  const temps = new TempDirs();
  let tmpRoot: string;
  let sandbox: DockerSandbox;
  const lines: string[] = [];

  beforeAll(async () => {
    tmpRoot = await temps.make('nw-sbx-root-');
    sandbox = await createDockerSandbox({ tmpRoot, log: m => lines.push(m), pull: false });
  });

  afterEach(async () => {
    await sandbox.close();
    // The kept install lives until the heal ends (close); then every run leaves nothing: no run folder under tmpRoot, no container mounting one.
    expect(await entries(tmpRoot)).toEqual([]);
    expect(await containersUnder(tmpRoot)).toEqual([]);
  });

  afterAll(async () => {
    await temps.cleanup();
  });

  it('runs the broken python demo: exit 1 and the NameError, original tree untouched', async () => {
    const workdir = await temps.copyExample('demo-python');
    const before = await entries(workdir);
    const r = await sandbox.run({ workdir, spec: python('python3 -m pytest') });
    expect(r).toMatchObject({ exitCode: 1, phase: 'test', timedOut: false, image: PY_IMAGE });
    expect(r.output).toContain("NameError: name 'totl' is not defined");
    expect(r.output).toMatch(/2 failed, 6 passed/);
    // pytest's cache and bytecode went to the copy, not here
    expect(await entries(workdir)).toEqual(before);
  });

  it('passes the python demo once fixed (in a copy)', async () => {
    const workdir = await temps.copyExample('demo-python');
    const cart = path.join(workdir, 'invoice', 'cart.py');
    await writeFile(cart, (await readFile(cart, 'utf8')).replace('round_money(totl)', 'round_money(total)'));
    const r = await sandbox.run({ workdir, spec: python('python3 -m pytest') });
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/8 passed/);
  });

  it('runs the broken node demo through npm test: TS2551 with its suggestion; fixed, 7 tests pass', async () => {
    const workdir = await temps.copyExample('demo-node');
    const spec: ProjectSpec = { language: 'node', image: NODE_IMAGE, test: 'npm test', detectedFrom: 'test' };
    const broken = await sandbox.run({ workdir, spec });
    expect(broken.exitCode).not.toBe(0);
    expect(broken.output).toContain(
      "src/shipping.ts(10,15): error TS2551: Property 'subtotalCent' does not exist on type 'Cart'. Did you mean 'subtotalCents'?"
    );
    const shipping = path.join(workdir, 'src', 'shipping.ts');
    await writeFile(
      shipping,
      (await readFile(shipping, 'utf8')).replace('subtotalCent()', 'subtotalCents()')
    );
    const fixed = await sandbox.run({ workdir, spec });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.output).toMatch(/# pass 7\n# fail 0/);
    expect(await entries(workdir)).not.toContain('dist');
  });

  it('reproduces a detected Go module offline (go test, build cache in the copy), then passes once fixed', async () => {
    const workdir = await temps.make();
    await writeFile(path.join(workdir, 'go.mod'), 'module example.com/calc\n\ngo 1.19\n');
    await writeFile(
      path.join(workdir, 'calc.go'),
      'package calc\n\nfunc Add(a, b int) int { return a - b }\n'
    );
    await writeFile(
      path.join(workdir, 'calc_test.go'),
      'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(2, 3); got != 5 {\n\t\tt.Fatalf("Add(2, 3) = %d, want 5", got)\n\t}\n}\n'
    );
    const detected = await detectProject(workdir, { image: 'nightwatch-test-go:1' });
    expect(detected).toMatchObject({ language: 'go', test: 'go test ./...' });
    expect(detected.install).toBeUndefined();
    const r = await sandbox.run({ workdir, spec: detected });
    expect(r).toMatchObject({ exitCode: 1, phase: 'test' });
    expect(r.output).toMatch(/--- FAIL: TestAdd/);
    expect(r.output).toContain('Add(2, 3) = -1, want 5');
    await writeFile(
      path.join(workdir, 'calc.go'),
      'package calc\n\nfunc Add(a, b int) int { return a + b }\n'
    );
    const fixed = await sandbox.run({ workdir, spec: detected });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.output).toMatch(/^ok\s+example\.com\/calc/m);
  });

  it('the logic demo fails on its assertion, and passes with >=', async () => {
    const workdir = await temps.copyExample('demo-logic');
    const r = await sandbox.run({ workdir, spec: python('python3 -m pytest') });
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("AssertionError: assert Decimal('0.00') == Decimal('10.00')");
    const file = path.join(workdir, 'pricing', 'discount.py');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('subtotal > DISCOUNT', 'subtotal >= DISCOUNT')
    );
    expect((await sandbox.run({ workdir, spec: python('python3 -m pytest') })).exitCode).toBe(0);
  });

  it('gives the test phase no network: opening a socket fails', async () => {
    const workdir = await temps.make();
    await writeFile(
      path.join(workdir, 'net.py'),
      [
        'import socket, sys',
        'print(open("/proc/net/route").read().strip())',
        'try:',
        '    socket.create_connection(("1.1.1.1", 53), timeout=5)',
        '    print("CONNECTED")',
        'except OSError as e:',
        '    print("NO-NETWORK", e)',
        '    sys.exit(3)'
      ].join('\n')
    );
    const r = await sandbox.run({ workdir, spec: python('python3 net.py') });
    expect(r.output).toContain('NO-NETWORK');
    expect(r.output).not.toContain('CONNECTED');
    expect(r.exitCode).toBe(3);
    // Only the header of the routing table: no interface but lo.
    expect(r.output).toMatch(/^Iface\s+Destination/m);
    expect(r.output).not.toMatch(/^eth\d/m);
  });

  it('gives the install phase a network, and what it writes into the tree reaches the test phase', async () => {
    const workdir = await temps.make();
    const spec = python(
      'cat .nightwatch-sandbox/installed && grep -c . .nightwatch-sandbox/routes',
      'mkdir -p .nightwatch-sandbox && echo from-install > .nightwatch-sandbox/installed && ' +
        'grep -v ^Iface /proc/net/route > .nightwatch-sandbox/routes'
    );
    const r = await sandbox.run({ workdir, spec });
    expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
    expect(r.output).toContain('from-install');
    expect(Number(r.output.trim().split('\n').pop())).toBeGreaterThan(0);
  });

  it('installs a detected node dependency (npm install, as the non-root user) for the offline test phase', async () => {
    // A local file dependency: npm really installs it, without a registry (none is reachable here).
    const workdir = await temps.make();
    await mkdir(path.join(workdir, 'vendor', 'cents'), { recursive: true });
    await writeFile(
      path.join(workdir, 'vendor', 'cents', 'package.json'),
      JSON.stringify({ name: 'cents', version: '1.0.0', main: 'index.js' })
    );
    await writeFile(
      path.join(workdir, 'vendor', 'cents', 'index.js'),
      'module.exports = n => (n / 100).toFixed(2);\n'
    );
    await writeFile(
      path.join(workdir, 'package.json'),
      JSON.stringify({
        name: 'uses-cents',
        private: true,
        scripts: { test: 'node --test' },
        dependencies: { cents: 'file:vendor/cents' }
      })
    );
    await writeFile(
      path.join(workdir, 'cents.test.js'),
      "const test = require('node:test');\nconst assert = require('node:assert');\n" +
        "test('formats', () => assert.strictEqual(require('cents')(1234), '12.34'));\n"
    );
    const spec = await detectProject(workdir, { image: NODE_IMAGE });
    expect(spec).toMatchObject({ language: 'node', install: 'npm install', test: 'npm test' });
    const r = await sandbox.run({ workdir, spec });
    expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
    expect(r.output).toMatch(/# pass 1/);
    expect(await entries(workdir)).not.toContain('node_modules');
  });

  it('installs python requirements into a venv in the tree, which the offline test phase uses', async () => {
    // The image has no pip of its own: this is the ensurepip path.
    const workdir = await temps.make();
    await writeWheelProject(workdir);
    const spec = await detectProject(workdir, { image: PY_IMAGE });
    expect(spec.install).toMatch(/venv .* pip install -q -r requirements\.txt pytest$/);
    const r = await sandbox.run({ workdir, spec });
    expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
    expect(r.output).toMatch(/1 passed/);
  });

  it('reproduces a project in a sub-folder from the step command (`cd backend && ...`), venv included', async () => {
    const workdir = await temps.make();
    await mkdir(path.join(workdir, 'backend'));
    await writeWheelProject(path.join(workdir, 'backend'));
    await writeFile(path.join(workdir, 'README.md'), '# monorepo\n');
    const spec = await detectProject(workdir, { image: PY_IMAGE }, 'cd backend && python -m pytest -q');
    expect(spec.install).toMatch(/^cd backend && /);
    const r = await sandbox.run({ workdir, spec });
    expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
    expect(r.output).toMatch(/1 passed/);
  });

  it('stops at a failed install and reports the install phase', async () => {
    const workdir = await temps.make();
    const r = await sandbox.run({ workdir, spec: python('echo never', 'echo resolving deps; exit 7') });
    expect(r).toMatchObject({ exitCode: 7, phase: 'install' });
    expect(r.output).toContain('resolving deps');
    expect(r.output).not.toContain('never');
  });

  it('passes no host variable in: no GITHUB_TOKEN even when the host has one, HOME in the tree, CI=true', async () => {
    const saved = process.env.GITHUB_TOKEN;
    process.env.GITHUB_TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ012345';
    process.env.NIGHTWATCH_TEST_SECRET = 'hunter2-hunter2';
    try {
      // A sandbox made now, with the token in this process's environment.
      const sb = await createDockerSandbox({ pull: false });
      const workdir = await temps.make();
      const r = await sb.run({
        workdir,
        spec: python('env; id -u; ls -a /var/run /run 2>&1; test -S /var/run/docker.sock || echo NO-SOCKET')
      });
      expect(r.exitCode).toBe(0);
      expect(r.output).not.toContain('GITHUB_TOKEN');
      expect(r.output).not.toContain('ghs_0123456789');
      expect(r.output).not.toContain('hunter2');
      expect(r.output).not.toContain('NIGHTWATCH_TEST_SECRET');
      expect(r.output).toMatch(/^HOME=\/work\/\.nightwatch-sandbox\/home$/m);
      expect(r.output).toMatch(/^CI=true$/m);
      expect(r.output).toContain('NO-SOCKET');
      // Not root inside (this machine runs the tests as root: the copy is handed to uid 1000).
      const uid = process.getuid?.() === 0 ? 1000 : process.getuid?.();
      expect(r.output).toMatch(new RegExp(`^${uid}$`, 'm'));
    } finally {
      if (saved === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = saved;
      delete process.env.NIGHTWATCH_TEST_SECRET;
    }
  });

  it('does not copy .git (it can hold a token), and can write in the copy as its non-root user', async () => {
    const workdir = await temps.make();
    await mkdir(path.join(workdir, '.git'));
    await writeFile(
      path.join(workdir, '.git', 'config'),
      '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==\n'
    );
    await writeFile(path.join(workdir, 'a.txt'), 'a\n');
    const r = await sandbox.run({ workdir, spec: python('ls -a; touch b.txt && echo WROTE') });
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toMatch(/^\.git$/m);
    expect(r.output).toMatch(/^a\.txt$/m);
    expect(r.output).toContain('WROTE');
  });

  // Handing the copy over to another uid needs root (this machine, a container); a non-root
  // Nightwatch runs containers as itself.
  (process.getuid?.() === 0 ? it : it.skip)(
    'runs as the uid it is given, the copy handed to it',
    async () => {
      const sb = await createDockerSandbox({ tmpRoot, pull: false, user: '4242:4343' });
      const r = await sb.run({
        workdir: await temps.copyExample('demo-logic'),
        spec: python('id -u; id -g; touch x && stat -c %u pricing/discount.py')
      });
      expect(r.exitCode).toBe(0);
      expect(r.output.trim().split('\n')).toEqual(['4242', '4343', '4242']);
    }
  );

  it('applies the CPU, memory and process limits', async () => {
    const sb = await createDockerSandbox({ tmpRoot, pull: false, cpus: 1, memory: '256m', pidsLimit: 64 });
    const workdir = await temps.make();
    const r = await sb.run({
      workdir,
      spec: python(
        'cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory.max ' +
          '/sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null; true'
      )
    });
    expect(r.output).toMatch(/^64$/m);
    expect(r.output).toMatch(/^268435456$/m);
  });

  it('kills a run at its time limit and removes the container', async () => {
    const workdir = await temps.make();
    const t0 = Date.now();
    const r = await sandbox.run({ workdir, spec: python('echo started; sleep 300'), timeoutMs: 2000 });
    expect(r).toMatchObject({ timedOut: true, exitCode: 124, phase: 'test' });
    expect(r.output).toContain('started');
    expect(r.output).toContain('killed after 2s (time limit)');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('says when a run was killed for its memory', async () => {
    const sb = await createDockerSandbox({ tmpRoot, pull: false, memory: '128m' });
    const r = await sb.run({
      workdir: await temps.make(),
      spec: python('python3 -c "x = bytearray(512 * 1024 * 1024); print(len(x))"')
    });
    expect(r.exitCode).toBe(137);
    expect(r.output).toContain('killed (SIGKILL, exit 137): likely out of memory (limit 128m)');
  });

  it('ends a container by itself when Nightwatch dies mid-run (watchdog)', async () => {
    const root = await temps.make('nw-sbx-orphan-');
    const script = path.join(await temps.make(), 'orphan.mts');
    const docker = path.resolve('src', 'sandbox', 'docker.ts');
    await writeFile(
      script,
      `import { createDockerSandbox } from ${JSON.stringify(docker)};\n` +
        `const sb = await createDockerSandbox({ tmpRoot: ${JSON.stringify(root)}, pull: false, watchdogGraceMs: 1000 });\n` +
        `const workdir = ${JSON.stringify(await temps.make())};\n` +
        `await sb.run({ workdir, timeoutMs: 3000, spec: { language: 'unknown', image: '${PY_IMAGE}', test: 'sleep 300', detectedFrom: 't' } });\n`
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore' });
    try {
      let up: string[] = [];
      for (let i = 0; i < 100 && up.length === 0; i++) {
        await new Promise(r => setTimeout(r, 200));
        up = await containersUnder(root);
      }
      expect(up).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
    // Nobody removes it now: it must end itself at 3 s + 1 s, and the daemon remove it (--rm).
    const t0 = Date.now();
    let left = await containersUnder(root);
    while (left.length > 0 && Date.now() - t0 < 40_000) {
      await new Promise(r => setTimeout(r, 250));
      left = await containersUnder(root);
    }
    expect(left).toEqual([]);
    // 4 s after it started at most; generous, for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(25_000);
  });

  it('refuses a missing image with SandboxUnavailableError', async () => {
    const workdir = await temps.make();
    const run = sandbox.run({ workdir, spec: { ...python('true'), image: 'nightwatch-test-missing:0' } });
    await expect(run).rejects.toThrow(SandboxUnavailableError);
    await expect(
      sandbox.run({ workdir, spec: { ...python('true'), image: 'nightwatch-test-missing:0' } })
    ).rejects.toThrow(/Image 'nightwatch-test-missing:0' is not available/);
    expect(await sandbox.tryImageAvailable('nightwatch-test-missing:0')).toBe(false);
    expect(await sandbox.tryImageAvailable(PY_IMAGE)).toBe(true);
    expect(await sandbox.ping()).toBe(true);
  });

  it("reports docker's own refusal as a SandboxError, apart from the project's output", async () => {
    const workdir = await temps.make();
    // A memory limit the daemon rejects: `docker run` exits 125 with its reason on stderr.
    const strict = await createDockerSandbox({ tmpRoot, log: () => undefined, pull: false, memory: '1k' });
    await expect(strict.run({ workdir, spec: python('echo never') })).rejects.toThrow(
      /docker run failed for nightwatch-test-python:1: .*memory/i
    );
  });

  it('refuses to run when the daemon cannot see the copied tree (a container job, a remote daemon)', async () => {
    // A docker CLI that mounts an empty folder instead of the tree, as a daemon with another
    // filesystem would.
    const bin = await temps.make();
    const empty = await temps.make();
    const shim = path.join(bin, 'docker-elsewhere');
    await writeFile(
      shim,
      [
        '#!/bin/sh',
        'for a; do shift; case "$a" in type=bind,source=*) a="type=bind,source=' +
          empty +
          ',target=/work";; esac; set -- "$@" "$a"; done',
        'exec docker "$@"'
      ].join('\n'),
      { mode: 0o755 }
    );
    const sb = await createDockerSandbox({ docker: shim, tmpRoot, pull: false });
    const workdir = await temps.copyExample('demo-python');
    await expect(sb.run({ workdir, spec: python('python3 -m pytest') })).rejects.toThrow(
      /The Docker daemon at .* cannot see .*nightwatch-sbx-.*: use --sandbox host/
    );
  });

  it('keeps runs apart: two at once on the same tree', async () => {
    const workdir = await temps.make();
    const spec = python('test ! -e mine && echo $$ > mine && sleep 1 && cat mine');
    const [a, b] = await Promise.all([sandbox.run({ workdir, spec }), sandbox.run({ workdir, spec })]);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    expect(await entries(workdir)).toEqual([]);
  });

  it('keeps what the project wrote to stdout and stderr in order', async () => {
    const r = await sandbox.run({
      workdir: await temps.make(),
      spec: python(
        'echo out-1; echo err-2 >&2; echo out-3; python3 -c "import sys; sys.stderr.write(\'err-4\\n\')"'
      )
    });
    expect(r.output).toBe('out-1\nerr-2\nout-3\nerr-4\n');
  });

  it("createSandbox('auto') is the Docker sandbox when the daemon answers", async () => {
    const warnings: string[] = [];
    const sb = await createSandbox('auto', m => warnings.push(m));
    expect(sb).toMatchObject({ kind: 'docker', isolated: true });
    expect(warnings).toEqual([]);
  });

  it('says what it runs through the log', () => {
    expect(lines.some(l => /containers run as \d+:\d+/.test(l))).toBe(true);
    // As run: pytest asked for its JUnit XML report inside the run's private folder.
    const asRun =
      /^test: python3 -m pytest --junitxml=\/work\/\.nightwatch-sandbox\/reports\/[\w-]+\/pytest-0\.xml -o junit_family=xunit1 \(nightwatch-test-python:1; network none/;
    expect(lines.some(l => asRun.test(l))).toBe(true);
  });
});

describe('Docker daemon not reachable', () => {
  const clientEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DOCKER_HOST: 'unix:///nonexistent/docker.sock'
  };

  it('createDockerSandbox throws SandboxUnavailableError naming the address and the way out', async () => {
    const made = createDockerSandbox({ clientEnv });
    await expect(made).rejects.toThrow(SandboxUnavailableError);
    await expect(createDockerSandbox({ clientEnv })).rejects.toThrow(
      /^Docker daemon not reachable at unix:\/\/\/nonexistent\/docker\.sock: start Docker or use --sandbox host/
    );
  });

  it("createSandbox('auto') falls back to the host sandbox with warnings; 'docker' does not", async () => {
    const warnings: string[] = [];
    const sb = await createSandbox('auto', m => warnings.push(m), { docker: { clientEnv } });
    expect(sb.kind).toBe('host');
    expect(sb.isolated).toBe(false);
    expect(warnings.join('\n')).toMatch(/Docker daemon not reachable.*Falling back to the host sandbox/);
    expect(warnings.join('\n')).toMatch(/WITHOUT isolation/);
    await expect(createSandbox('docker', () => undefined, { docker: { clientEnv } })).rejects.toThrow(
      SandboxUnavailableError
    );
  });
});
