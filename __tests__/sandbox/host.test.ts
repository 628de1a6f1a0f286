import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isSecretVariable, sanitizeEnv } from '../../src/sandbox/env.js';
import { createHostSandbox, HOST_SANDBOX_WARNING } from '../../src/sandbox/host.js';
import { createSandbox, detectProject } from '../../src/sandbox/index.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { entries, TempDirs, writeWheelProject } from './helpers.js';

const sh = (test: string, install?: string): ProjectSpec => ({
  language: 'unknown',
  image: 'ignored',
  test,
  install,
  detectedFrom: 'test'
});

function hostHasPytest(): boolean {
  try {
    execFileSync('python3', ['-m', 'pytest', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `tsc` on PATH (under `npm test`, node_modules/.bin is). */
function hasTsc(): boolean {
  try {
    execFileSync('tsc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('HostSandbox', () => {
  const temps = new TempDirs();
  let tmpRoot: string;

  beforeEach(async () => {
    tmpRoot = await temps.make('nw-host-root-');
  });
  afterEach(async () => {
    // The throwaway copy is gone after every run, failed or not.
    expect(await entries(tmpRoot)).toEqual([]);
  });
  afterAll(async () => {
    await temps.cleanup();
  });

  it('warns loudly that it is not isolated, when made and before each run', async () => {
    const warnings: string[] = [];
    const sb = createHostSandbox(m => warnings.push(m), { tmpRoot });
    expect(sb).toMatchObject({ kind: 'host', isolated: false });
    expect(warnings).toEqual([HOST_SANDBOX_WARNING]);
    await sb.run({ workdir: await temps.make(), spec: sh('true') });
    expect(warnings[1]).toMatch(/Host sandbox \(not isolated\): running 'true' on this machine/);
    const viaIndex: string[] = [];
    expect((await createSandbox('host', m => viaIndex.push(m))).kind).toBe('host');
    expect(viaIndex[0]).toMatch(/WITHOUT isolation/);
  });

  it('strips tokens and secrets from the environment it passes', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_TOKEN: 'ghs_0123456789abcdefghijABCDEFGHIJ012345',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example',
      INPUT_GEMINI_API_KEY: 'AIzaSyA-not-a-real-key-0123456789abcdefg',
      NPM_TOKEN: 'npm_x',
      INNOCENT_LOOKING: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      CUSTOM: 'contains my-very-secret-value inside',
      KEEP_ME: 'yes',
      JAVA_HOME: '/opt/jdk',
      HTTPS_PROXY: 'http://bob:pr0xy-pass@proxy:3128'
    };
    const sb = createHostSandbox(() => undefined, { env, tmpRoot, secrets: ['my-very-secret-value'] });
    // A fresh, minimal environment: only what a toolchain needs, never a credential.
    expect(sb.removedVariables).toEqual([
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_RUNTIME_TOKEN',
      'CUSTOM',
      'GITHUB_TOKEN',
      'HTTPS_PROXY',
      'INNOCENT_LOOKING',
      'INPUT_GEMINI_API_KEY',
      'KEEP_ME',
      'NPM_TOKEN'
    ]);
    const r = await sb.run({ workdir: await temps.make(), spec: sh('env') });
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^JAVA_HOME=\/opt\/jdk$/m);
    expect(r.output).not.toMatch(/KEEP_ME|pr0xy-pass/);
    expect(r.output).toMatch(/^CI=true$/m);
    for (const hidden of [
      'GITHUB_TOKEN',
      'ghs_',
      'ACTIONS_',
      'AIza',
      'npm_x',
      'github_pat_',
      'my-very-secret'
    ]) {
      expect(r.output).not.toContain(hidden);
    }
  });

  it('runs in a throwaway copy without .git: the work tree is left as it was', async () => {
    const workdir = await temps.make();
    await writeFile(path.join(workdir, 'a.txt'), 'original\n');
    execFileSync('git', ['init', '-q', workdir]);
    const sb = createHostSandbox(() => undefined, { tmpRoot });
    const r = await sb.run({
      workdir,
      spec: sh('ls -a; pwd; echo changed > a.txt; touch new.txt', 'echo installing > installed.txt')
    });
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toMatch(/^\.git$/m);
    expect(r.output).toMatch(/^installed\.txt$/m);
    expect(r.output).toContain(`${tmpRoot}/nightwatch-sbx-`);
    expect(await readFile(path.join(workdir, 'a.txt'), 'utf8')).toBe('original\n');
    expect((await entries(workdir)).sort()).toEqual(['.git', 'a.txt']);
  });

  it('kills the whole process group at the time limit', async () => {
    const sb = createHostSandbox(() => undefined, { tmpRoot });
    const marker = `nw-host-sleeper-${process.pid}`;
    const t0 = Date.now();
    const r = await sb.run({
      workdir: await temps.make(),
      spec: sh(`sh -c 'sleep 300; : ${marker}' & echo started; wait`),
      timeoutMs: 1500
    });
    expect(r).toMatchObject({ timedOut: true, exitCode: 124, phase: 'test', image: 'host' });
    expect(r.output).toContain('started');
    expect(Date.now() - t0).toBeLessThan(15_000);
    // The background sleeper died with its group.
    const ps = execFileSync('ps', ['-eo', 'args']).toString();
    expect(ps).not.toContain(marker);
  });

  it('reports a failed install without running the tests', async () => {
    const sb = createHostSandbox(() => undefined, { tmpRoot });
    const r = await sb.run({
      workdir: await temps.make(),
      spec: sh('echo tests-ran', 'echo no-deps >&2; exit 4')
    });
    expect(r).toMatchObject({ exitCode: 4, phase: 'install' });
    expect(r.output).toContain('no-deps');
    expect(r.output).not.toContain('tests-ran');
  });

  (hostHasPytest() ? it : it.skip)('runs the broken python demo on the host: the NameError', async () => {
    const sb = createHostSandbox(() => undefined, { tmpRoot });
    const spec: ProjectSpec = {
      language: 'python',
      image: 'ignored',
      test: 'python3 -m pytest',
      detectedFrom: 't'
    };
    const r = await sb.run({ workdir: path.resolve('examples', 'demo-python'), spec });
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("NameError: name 'totl' is not defined");
    expect(await entries(path.resolve('examples', 'demo-python'))).not.toContain('.pytest_cache');
  });

  (hostHasPytest() ? it : it.skip)(
    "installs python requirements into a venv in the copy with the host's pip, never into the host's Python",
    async () => {
      const sb = createHostSandbox(() => undefined, { tmpRoot });
      const workdir = await temps.make();
      await writeWheelProject(workdir);
      const spec = await detectProject(workdir);
      const r = await sb.run({ workdir, spec });
      expect(r).toMatchObject({ exitCode: 0, phase: 'test' });
      expect(r.output).toMatch(/1 passed/);
      expect(() => execFileSync('python3', ['-c', 'import centsy'], { stdio: 'ignore' })).toThrow();
    }
  );

  (hasTsc() ? it : it.skip)('runs the broken node demo on the host through npm test: TS2551', async () => {
    const sb = createHostSandbox(() => undefined, { tmpRoot });
    const spec: ProjectSpec = { language: 'node', image: 'ignored', test: 'npm test', detectedFrom: 't' };
    const r = await sb.run({ workdir: path.resolve('examples', 'demo-node'), spec });
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain("error TS2551: Property 'subtotalCent' does not exist on type 'Cart'");
    expect(await entries(path.resolve('examples', 'demo-node'))).not.toContain('dist');
  });
});

describe('isSecretVariable / sanitizeEnv', () => {
  it('drops credentials by name, by runner prefix and by value; keeps the toolchain', () => {
    expect(isSecretVariable('AWS_SECRET_ACCESS_KEY', 'x')).toBe(true);
    expect(isSecretVariable('DOCKER_HOST', 'unix:///var/run/docker.sock')).toBe(true);
    expect(isSecretVariable('SSH_AUTH_SOCK', '/tmp/agent')).toBe(true);
    expect(isSecretVariable('MY_DB_PASSWORD', 'x')).toBe(true);
    expect(isSecretVariable('SOMETHING', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe(true);
    const { env, removed } = sanitizeEnv({
      PATH: '/usr/bin',
      JAVA_HOME: '/opt/jdk',
      GOROOT: '/go',
      GH_TOKEN: 'x'
    });
    expect(env).toEqual({ PATH: '/usr/bin', JAVA_HOME: '/opt/jdk', GOROOT: '/go' });
    expect(removed).toEqual(['GH_TOKEN']);
  });
});
