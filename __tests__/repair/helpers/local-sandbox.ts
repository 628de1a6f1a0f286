import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Sandbox, SandboxResult, SandboxRunOptions } from '../../../src/sandbox/port.js';

/**
 * A test double of the Sandbox port that runs the test command on a fresh copy of the tree on this
 * machine (unit tests only; the Docker sandbox is used where it exists). It records every run.
 */
export class LocalSandbox implements Sandbox {
  readonly kind = 'host' as const;
  readonly isolated = false;
  readonly runs: { command: string; result: SandboxResult }[] = [];

  async run(opts: SandboxRunOptions): Promise<SandboxResult> {
    const copy = await mkdtemp(path.join(tmpdir(), 'nw-sbx-'));
    const start = Date.now();
    try {
      await cp(opts.workdir, copy, { recursive: true, filter: src => !src.includes(`${path.sep}.git`) });
      if (opts.spec.install) {
        const inst = await sh(copy, opts.spec.install);
        if (inst.code !== 0) {
          const failed: SandboxResult = {
            exitCode: inst.code,
            output: inst.out,
            durationMs: Date.now() - start,
            timedOut: false,
            image: 'host',
            phase: 'install'
          };
          this.runs.push({ command: opts.spec.install, result: failed });
          return failed;
        }
      }
      const { code, out } = await new Promise<{ code: number; out: string }>(resolve => {
        execFile(
          'bash',
          ['-c', `${opts.spec.test} 2>&1`],
          // The test's own environment (jest gives each test file a copy of process.env).
          { cwd: copy, env: process.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
          (err, stdout) => {
            const c = err
              ? typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : 1
              : 0;
            resolve({ code: c, out: stdout });
          }
        );
      });
      const result: SandboxResult = {
        exitCode: code,
        output: out,
        durationMs: Date.now() - start,
        timedOut: false,
        image: 'host',
        phase: 'test'
      };
      this.runs.push({ command: opts.spec.test, result });
      return result;
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }
}

/** Runs a command in a directory and returns its combined output (to produce real tool output). */
export function sh(cwd: string, command: string): Promise<{ code: number; out: string }> {
  return new Promise(resolve => {
    execFile(
      'bash',
      ['-c', `${command} 2>&1`],
      { cwd, env: process.env, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => {
        const c = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code: c, out: stdout });
      }
    );
  });
}

/**
 * Runs a command on a tree inside a test image (python3 + pytest live there, not necessarily on
 * the machine), the tree mounted at /work, no network; returns the combined output.
 */
export function inImage(
  dir: string,
  command: string,
  image = 'nightwatch-test-python:1'
): Promise<{ code: number; out: string }> {
  return sh(
    dir,
    `docker run --rm --network none -e PYTHONDONTWRITEBYTECODE=1 -v ${JSON.stringify(dir)}:/work -w /work ${image} sh -c ${JSON.stringify(command)}`
  );
}
