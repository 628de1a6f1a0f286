import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHostSandbox } from '../../src/sandbox/host.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { findToolchain, imageToolVersion } from '../../src/sandbox/toolchain.js';
import { TempDirs } from './helpers.js';

const spec = (language: ProjectSpec['language'], image: string, test = 'true'): ProjectSpec => ({
  language,
  image,
  test,
  detectedFrom: 't'
});

/** A tool cache laid out as the setup-* actions leave it, with a fake executable in each version. */
async function toolCache(
  root: string,
  tool: string,
  versions: string[],
  exe: string,
  complete = true
): Promise<void> {
  for (const v of versions) {
    const bin = path.join(root, tool, v, 'x64', 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(bin, exe), `#!/bin/sh\necho "cached ${tool} ${v}"\n`);
    await chmod(path.join(bin, exe), 0o755);
    if (complete) await writeFile(path.join(root, tool, v, 'x64.complete'), '');
  }
}

describe('toolchain from the runner tool cache (host sandbox without Docker)', () => {
  const temps = new TempDirs();
  afterAll(async () => {
    await temps.cleanup();
  });

  it("reads the version from the official image's tag", () => {
    expect(imageToolVersion(spec('python', 'python:3.12-slim'))).toEqual({ tool: 'Python', version: '3.12' });
    expect(imageToolVersion(spec('node', 'node:20'))).toEqual({ tool: 'node', version: '20' });
    expect(imageToolVersion(spec('go', 'golang:1.23'))).toEqual({ tool: 'go', version: '1.23' });
    expect(imageToolVersion(spec('python', 'nightwatch-test-python:1'))).toBeUndefined();
    expect(imageToolVersion(spec('rust', 'rust:1'))).toBeUndefined();
  });

  it('picks the newest complete matching version, never a partial download or another minor', async () => {
    const root = await temps.make();
    await toolCache(root, 'Python', ['3.11.9', '3.12.4', '3.12.10'], 'python3');
    await toolCache(root, 'Python', ['3.12.11'], 'python3', false);
    await toolCache(root, 'Python', ['3.120.1'], 'python3');
    const found = findToolchain(spec('python', 'python:3.12-slim'), root, 'x64', 'linux');
    expect(found).toEqual({
      tool: 'Python',
      version: '3.12.10',
      dirs: [path.join(root, 'Python', '3.12.10', 'x64', 'bin')]
    });
    expect(findToolchain(spec('python', 'python:3.13-slim'), root, 'x64', 'linux')).toBeUndefined();
    expect(findToolchain(spec('python', 'python:3.12-slim'), undefined)).toBeUndefined();
    expect(findToolchain(spec('python', 'python:3.12-slim'), root, 'x64', 'win32')?.dirs).toEqual([
      path.join(root, 'Python', '3.12.10', 'x64'),
      path.join(root, 'Python', '3.12.10', 'x64', 'Scripts')
    ]);
  });

  it('puts the cached toolchain first on PATH for the run, and says so', async () => {
    const root = await temps.make();
    await toolCache(root, 'node', ['20.11.1', '22.3.0'], 'node');
    const lines: string[] = [];
    const sb = createHostSandbox(m => lines.push(m), {
      env: { PATH: process.env.PATH, RUNNER_TOOL_CACHE: root },
      tmpRoot: await temps.make()
    });
    const r = await sb.run({
      workdir: await temps.make(),
      spec: spec('node', 'node:22', 'node; echo "$RUNNER_TOOL_CACHE"')
    });
    expect(r.output).toBe('cached node 22.3.0\n\n');
    expect(lines).toContain('Host sandbox: node 22.3.0 from the tool cache');
    const other = await sb.run({ workdir: await temps.make(), spec: spec('node', 'node:18', 'true') });
    expect(other.exitCode).toBe(0);
    expect(lines).toContain('Host sandbox: no node 18 in the tool cache; using the one on PATH');
  });
});
