/**
 * The bundled CLI's `diagnose` on a log that shows no failure: it says "no failure found" plainly,
 * readable and in --json, with the next step; a failing log is not mistaken for one.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-diagnose-none-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stamp = (lines: string[]): string =>
  lines.map((l, i) => `2026-11-30T09:14:${String(10 + i).padStart(2, '0')}.1230000Z ${l}`).join('\n') + '\n';

const PASSING = stamp([
  '##[group]Run python -m pytest',
  'python -m pytest',
  '##[endgroup]',
  '============================= test session starts ==============================',
  'collected 8 items',
  '',
  'tests/test_cart.py ....                                                  [ 50%]',
  'tests/test_tax.py ....                                                   [100%]',
  '',
  '============================== 8 passed in 0.02s ==============================='
]);

const FAILING = stamp([
  '##[group]Run python -m pytest',
  'python -m pytest',
  '##[endgroup]',
  "E       NameError: name 'totl' is not defined",
  'invoice/cart.py:43: NameError',
  '=========================== short test summary info ============================',
  "FAILED tests/test_cart.py::test_subtotal - NameError: name 'totl' is not defined",
  '========================= 1 failed, 7 passed in 0.03s ==========================',
  '##[error]Process completed with exit code 1.'
]);

async function diagnose(log: string, json: boolean): Promise<{ stdout: string; stderr: string }> {
  const file = join(dir, `${json ? 'j' : 'r'}-${Math.random().toString(36).slice(2)}.log`);
  await writeFile(file, log);
  return exec(process.execPath, [CLI, 'diagnose', file, ...(json ? ['--json'] : [])], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME }
  });
}

describe('nightwatch-ci diagnose on a log without a failure (bundled)', () => {
  it('says "no failure found" and what to do, readable and in --json, and exits 0', async () => {
    const readable = await diagnose(PASSING, false);
    expect(readable.stdout).toMatch(/^No failure found in r-\w+\.log: /);
    expect(readable.stdout).toMatch(/pass the failed job's log or the whole run-log zip/);
    expect(readable.stdout).not.toMatch(/Failures: none recognised/);
    const out = JSON.parse((await diagnose(PASSING, true)).stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ failureFound: false, failures: [], category: 'unknown' });
    expect(out.message).toMatch(/^no failure found\. If the run did fail, pass the failed job's log/);
  });

  it('does not say it of a failing log', async () => {
    const readable = await diagnose(FAILING, false);
    expect(readable.stdout).not.toMatch(/no failure found/i);
    expect(readable.stdout).toMatch(/NameError/);
    const out = JSON.parse((await diagnose(FAILING, true)).stdout) as Record<string, unknown>;
    expect(out.failureFound).toBe(true);
    expect(out).not.toHaveProperty('message');
  });
});
