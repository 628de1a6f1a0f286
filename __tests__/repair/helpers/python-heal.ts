/**
 * One Python fixer on the real output of a project's tests: runs them in nightwatch-test-python:1,
 * gives the fixer that output (with the sandbox, so it reads the project through Python's `ast`),
 * applies its edits and runs the tests again.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import type { Fixer, FixerInput } from '../../../src/repair/fixers/types.js';
import { createDockerSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { inImage } from './local-sandbox.js';
import { makeTree } from './tree.js';

export const PYTHON_SPEC = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: 'python3 -m pytest -q -p no:cacheprovider',
  detectedFrom: 'test'
};

/** The file after the fixer's edits, the new run's exit code and the fixer's summary; null when it declined. */
export async function healInImage(
  sandbox: Sandbox,
  fixer: Fixer,
  files: Record<string, string>,
  expectError: string,
  file: string,
  log: string[] = []
): Promise<{ text: string; code: number; summary: string } | null> {
  const dir = await makeTree(files);
  const before = await inImage(dir, PYTHON_SPEC.test);
  expect(before.out).toContain(expectError);
  const input: FixerInput = {
    workdir: dir,
    spec: PYTHON_SPEC,
    failureOutput: before.out,
    failures: [],
    log: m => log.push(m),
    sandbox
  };
  const p = await fixer.propose(input);
  expect(log.join('\n')).not.toMatch(/line scanner/);
  if (!p) return null;
  expect((await applyEdits(dir, p.edits)).ok).toBe(true);
  return {
    text: await readFile(path.join(dir, file), 'utf8'),
    code: (await inImage(dir, PYTHON_SPEC.test)).code,
    summary: p.summary
  };
}

/** For a test file: a Docker sandbox made once before its tests, and `healInImage` bound to it. */
export function useHealInImage(): (
  fixer: Fixer,
  files: Record<string, string>,
  expectError: string,
  file: string,
  log?: string[]
) => ReturnType<typeof healInImage> {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createDockerSandbox();
  });
  return (fixer, files, expectError, file, log) => healInImage(sandbox, fixer, files, expectError, file, log);
}
