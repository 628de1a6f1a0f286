/**
 * Heal benchmark: the wall time of a whole `nightwatch heal` (bundled CLI, Docker sandbox) on each
 * demo, divided by the physical floor — the test runs a heal cannot avoid: one run of the suite on
 * the broken commit (to see the failure) and one on the fixed tree (to verify it), each timed here
 * as a bare `docker run` of the same command in the same image.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
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
