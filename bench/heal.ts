/**
 * Heal benchmark: the wall time of a whole `nightwatch heal` (bundled CLI, Docker sandbox) on each
 * demo, divided by the physical floor — the test runs a heal cannot avoid: one run of the suite on
 * the broken commit (to see the failure) and one on the fixed tree (to verify it), each timed here
 * as a bare `docker run` of the same command in the same image.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

interface Demo {
  name: string;
  image: string;
  test: string;
}
const DEMOS: Demo[] = [
  { name: 'demo-python', image: 'nightwatch-test-python:1', test: 'python3 -m pytest' },
  { name: 'demo-node', image: 'nightwatch-test-node:1', test: 'npm test' }
];

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.com', ...args], {
    cwd
  });
  return stdout.trim();
}

/** One bare test run: copy the tree (as the sandbox does), run the command with no network, time it. */
async function timedTestRun(dir: string, demo: Demo): Promise<number> {
  const copy = await mkdtemp(join(tmpdir(), 'nw-bench-run-'));
  const t0 = performance.now();
  try {
    await cp(dir, copy, { recursive: true, filter: s => !s.split('/').includes('.git') });
    spawnSync(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${copy}:/work`,
        '-w',
        '/work',
        demo.image,
        'sh',
        '-c',
        demo.test
      ],
      { stdio: 'ignore' }
    );
    return performance.now() - t0;
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function benchOne(demo: Demo): Promise<{ heal: number; floor: number; status: string }> {
  const repo = await mkdtemp(join(tmpdir(), `nw-bench-${demo.name}-`));
  try {
    await cp(join(ROOT, 'examples', demo.name), repo, { recursive: true });
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'broken');
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'heal', '--repo', repo, '--image', demo.image, '--json'],
      { encoding: 'utf8' }
    );
    const heal = performance.now() - t0;
    const out = JSON.parse(r.stdout) as { status: string; branch: string | null };
    const broken = await timedTestRun(repo, demo);
    let fixedRun = broken;
    if (out.branch) {
      await git(repo, 'checkout', '-q', out.branch);
      fixedRun = await timedTestRun(repo, demo);
    }
    return { heal, floor: broken + fixedRun, status: out.status };
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}

/** Median of five heals per demo (Docker start-up times vary by ±20% here), printed as a table. */
export async function benchHeal(): Promise<void> {
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) {
    console.log('heal bench skipped: no Docker daemon');
    return;
  }
  console.log(
    '\n## Heal: wall time of `nightwatch heal` / the test runs it needs (median of 5; min–max of the ratio)\n'
  );
  console.log(
    '| demo | status | heal (s) | floor: 2 test runs (s) | ratio | range |\n| --- | --- | --- | --- | --- | --- |'
  );
  for (const demo of DEMOS) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await benchOne(demo));
    runs.sort((a, b) => a.heal / a.floor - b.heal / b.floor);
    const m = runs[2];
    const ratio = (r: { heal: number; floor: number }): string => (r.heal / r.floor).toFixed(2);
    console.log(
      `| ${demo.name} | ${m.status} | ${(m.heal / 1000).toFixed(2)} | ${(m.floor / 1000).toFixed(2)} | ${ratio(m)} | ${ratio(runs[0])}–${ratio(runs[runs.length - 1])} |`
    );
  }
}

/** One heal of demo-python through the bundled CLI; `install` given or none. */
async function healWithInstall(
  install: string | undefined
): Promise<{ ms: number; installs: number; status: string }> {
  const repo = await mkdtemp(join(tmpdir(), 'nw-bench-install-'));
  try {
    await cp(join(ROOT, 'examples', 'demo-python'), repo, { recursive: true });
    // Its workflow's install (pip from a registry) cannot run offline: project files decide (no install).
    await rm(join(repo, '.github'), { recursive: true, force: true });
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'broken');
    const args = [
      join(ROOT, 'dist', 'cli.js'),
      'heal',
      '--repo',
      repo,
      '--image',
      'nightwatch-test-python:1'
    ];
    if (install) args.push('--install', install);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...args, '--json'], { encoding: 'utf8' });
    const ms = performance.now() - t0;
    const out = JSON.parse(r.stdout) as { status: string; installs?: number };
    return { ms, installs: out.installs ?? 0, status: out.status };
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}

/**
 * Install once (issue 11): the same heal (demo-python, fixed by a fixer: a reproduction, flake
 * re-runs of the failing tests, the whole suite on the fix, its failing tests again) with a 4 s install
 * and without one, side by side; the extra time should be one install, not one per sandbox run.
 */
export async function benchInstallOnce(): Promise<void> {
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) {
    console.log('install-once bench skipped: no Docker daemon');
    return;
  }
  const INSTALL = 'sleep 4';
  console.log('\n## Heal with a 4 s install against the same heal without one (median of 3)\n');
  console.log('| heal | status | installs | wall (s) | extra over no install (s) | installs paid |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const median = async (
    install: string | undefined
  ): Promise<{ ms: number; installs: number; status: string }> => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await healWithInstall(install));
    runs.sort((a, b) => a.ms - b.ms);
    return runs[1];
  };
  const none = await median(undefined);
  const once = await median(INSTALL);
  console.log(`| no install | ${none.status} | ${none.installs} | ${(none.ms / 1000).toFixed(2)} | – | – |`);
  const extra = (once.ms - none.ms) / 1000;
  console.log(
    `| 4 s install | ${once.status} | ${once.installs} | ${(once.ms / 1000).toFixed(2)} | ${extra.toFixed(2)} | ${(extra / 4).toFixed(2)} |`
  );
}

/** The demo-logic model answers of the verify-fast bench: two candidates that do not fix, then the fix. */
function thirdAttemptAnswers(): unknown[] {
  const patch = (search: string, replace: string): unknown => ({
    json: {
      edits: [{ file: 'pricing/discount.py', search, replace }],
      explanation: `${search} -> ${replace}`
    }
  });
  return [
    {
      json: {
        rootCause: 'discount_for compares with > where the pricing page promises the discount from 100.00',
        category: 'test',
        confidence: 0.85,
        file: 'pricing/discount.py',
        line: 13,
        plan: 'Compare with >= DISCOUNT_THRESHOLD.'
      }
    },
    {
      json: {
        file: 'tests/test_discount_boundary.py',
        content:
          'from decimal import Decimal\n\nfrom pricing.discount import discount_for\n\n\n' +
          'def test_exactly_the_threshold_gets_the_discount():\n    assert discount_for(Decimal("100.00")) == Decimal("10.00")\n',
        explanation: 'An order of exactly 100.00 must get 10% off.'
      }
    },
    patch('DISCOUNT_RATE = Decimal("0.10")', 'DISCOUNT_RATE = Decimal("0.100")'),
    patch('rounding=ROUND_HALF_UP', 'rounding=ROUND_HALF_EVEN'),
    patch('if subtotal > DISCOUNT_THRESHOLD:', 'if subtotal >= DISCOUNT_THRESHOLD:')
  ];
}

const SLOW_SECONDS = 5;

/** One heal of demo-logic plus a slow unrelated test, fixed at the third model attempt (loopback Gemini). */
async function healThirdAttempt(): Promise<{
  ms: number;
  floor: number;
  status: string;
  attempts: number;
  wholeSuiteRuns: number;
}> {
  const { GeminiEmulator } = await import('../__tests__/world/gemini.js');
  const gemini = new GeminiEmulator({ apiKey: 'bench-gemini-key' });
  const { url } = await gemini.start();
  const repo = await mkdtemp(join(tmpdir(), 'nw-bench-fast-'));
  try {
    await cp(join(ROOT, 'examples', 'demo-logic'), repo, { recursive: true });
    await rm(join(repo, '.github'), { recursive: true, force: true });
    await writeFile(
      join(repo, 'tests', 'test_slow_report.py'),
      `import time\n\n\ndef test_monthly_report_renders():\n    time.sleep(${SLOW_SECONDS})\n`
    );
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'broken');
    gemini.enqueue(...(thirdAttemptAnswers() as Parameters<typeof gemini.enqueue>));
    const t0 = performance.now();
    // Not spawnSync: the Gemini emulator answers from this process's event loop.
    const r = await exec(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'heal', '--repo', repo, '--image', 'nightwatch-test-python:1', '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GEMINI_API_KEY: 'bench-gemini-key', GOOGLE_GEMINI_BASE_URL: url }
      }
    ).catch((e: { stdout?: string; stderr?: string }) => ({
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? ''
    }));
    const ms = performance.now() - t0;
    const out = JSON.parse(r.stdout) as { status: string; branch: string | null; attempts?: unknown };
    // The whole suite is the command the heal reproduced with: its sandbox runs are logged as `test: CMD (`.
    const reproduced = /Reproducing with '([^']+)'/.exec(r.stderr)?.[1];
    const wholeSuiteRuns = reproduced
      ? r.stderr
          .split('\n')
          // The sandbox adds its own report option (pytest --junitxml) to the logged command.
          .map(l => l.replace(/ --junitxml=\S+ -o junit_family=\w+/, ''))
          .filter(l => l.startsWith(`test: ${reproduced} (`)).length
      : -1;
    const demo: Demo = {
      name: 'demo-logic',
      image: 'nightwatch-test-python:1',
      test: 'python3 -m pytest -q'
    };
    const broken = await timedTestRun(repo, demo);
    let fixedRun = broken;
    if (out.branch) {
      await git(repo, 'checkout', '-q', out.branch);
      fixedRun = await timedTestRun(repo, demo);
    }
    const attempts = Array.isArray(out.attempts) ? out.attempts.length : Number(out.attempts ?? 0);
    return { ms, floor: broken + fixedRun, status: out.status, attempts, wholeSuiteRuns };
  } finally {
    await gemini.stop();
    await rm(repo, { recursive: true, force: true });
  }
}

/**
 * Verify fast (issue 11): a heal on a suite with a slow unrelated test (sleeps 5 s), fixed at the
 * third model attempt, against two full-suite runs (the broken commit and the fix, bare `docker run`).
 * Without verify fast every candidate and every flake re-run pays the whole suite.
 */
export async function benchVerifyFast(): Promise<void> {
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) {
    console.log('verify-fast bench skipped: no Docker daemon');
    return;
  }
  console.log(
    `\n## Heal fixed at the third model attempt, suite with a ${SLOW_SECONDS} s unrelated test, against two full-suite runs (median of 3)\n`
  );
  console.log(
    '| heal | status | attempts | whole-suite runs | heal (s) | 2 full-suite runs (s) | ratio | range |'
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await healThirdAttempt());
  const ratio = (r: { ms: number; floor: number }): number => r.ms / r.floor;
  runs.sort((a, b) => ratio(a) - ratio(b));
  const m = runs[1];
  console.log(
    `| demo-logic + slow test | ${m.status} | ${m.attempts} | ${m.wholeSuiteRuns} | ${(m.ms / 1000).toFixed(2)} | ${(m.floor / 1000).toFixed(2)} | ${ratio(m).toFixed(2)} | ${ratio(runs[0]).toFixed(2)}–${ratio(runs[2]).toFixed(2)} |`
  );
}
