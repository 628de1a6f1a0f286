/**
 * Inputs that used to hang or blow up (issue 8, point 6), through the bundled CLI and action: each
 * ends within seconds in a clear result or a clear error. The archives are built byte by byte here,
 * the way an attacker would write them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { overlapBomb, extraPastEnd, crOnlyLog } from '../triage/hostile-zips.js';
import { cli as bundled, commitAll, git, type CliRun } from './cli-runner.js';

/** Runs the bundled CLI, killed after `timeoutMs` (a hang shows as `killed`, not as a stuck test). */
function cli(args: string[], timeoutMs = 20_000): Promise<CliRun> {
  return bundled(args, { timeoutMs });
}

describe('hostile inputs through the bundled CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nw-hostile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('diagnose refuses a zip whose entries overlap (a zip bomb by overlap) within seconds', async () => {
    const file = join(dir, 'overlap.zip');
    // 20 000 directory entries, each a 900 KB job log, all pointing at one 1 KB deflate stream.
    await writeFile(file, overlapBomb(20_000));
    const r = await cli(['diagnose', file]);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(2); // bad input (README, exit codes)
    expect(r.stderr).toMatch(/overlap\.zip is corrupt or a zip bomb: its entries overlap/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack
    expect(r.ms).toBeLessThan(10_000);
  });

  it('diagnose names a zip whose directory extra field runs past the end as corrupt (no RangeError)', async () => {
    const file = join(dir, 'extra.zip');
    await writeFile(file, extraPastEnd());
    const r = await cli(['diagnose', file]);
    expect({ code: r.code, killed: r.killed }).toEqual({ code: 2, killed: false });
    expect(r.stderr).toMatch(/^\S+ diagnose: The directory of the log archive .*extra\.zip is corrupt/);
    expect(r.stderr).not.toMatch(/RangeError|out of range/);
  });

  it('diagnose --json finds the failure in a CR-only log, with lines counted at CR', async () => {
    const file = join(dir, 'mac.log');
    const { text } = crOnlyLog();
    await writeFile(file, text);
    const r = await cli(['diagnose', '--json', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      chunk: { startLine: number; endLine: number; text: string };
      failures: { testName: string | null; errorType: string | null }[];
      notes?: string[];
    };
    expect(out.failures[0]).toMatchObject({
      testName: 'tests/test_x.py::test_a',
      errorType: 'AssertionError'
    });
    // The chunk's line numbers are the file's lines counted at CR.
    const lines = text.split('\r');
    expect(lines.slice(out.chunk.startLine - 1, out.chunk.endLine).join('\n')).toBe(out.chunk.text);
    expect(out.chunk.text).toContain('E       assert 3 == 4');
    expect(out.notes?.join(' ')).toMatch(/lines are counted at CR/);
  });

  it('diagnose refuses a FIFO at once instead of waiting for a writer forever', async () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await cli(['diagnose', fifo], 10_000);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The log path ${fifo} is a named pipe (FIFO), not a file or folder.`);
    // Also as the baseline: refused there too (the baseline is optional, so the triage goes on).
    const log = join(dir, 'plain.log');
    await writeFile(log, 'E   NameError: boom\n');
    const b = await cli(['diagnose', '--json', '--baseline', fifo, log], 10_000);
    expect(b.killed).toBe(false);
    expect(b.code).toBe(0);
    expect((JSON.parse(b.stdout) as { notes: string[] }).notes.join(' ')).toMatch(
      /baseline not used: .*FIFO/
    );
  });

  it.each([
    ['prints nothing', 'exit 3', /exit 3 with no output at all/],
    ['prints a NUL byte', "printf 'FAILED tests/test_x.py::test_a - boom\\000\\n'; exit 1", /test_a/]
  ])('heal of a test run that %s ends in a sensible status, not a zip error', async (_what, command, why) => {
    const repo = await mkdtemp(join(dir, 'repo-'));
    await writeFile(join(repo, 'a.txt'), 'x\n');
    await commitAll(repo);
    const r = await cli(
      ['heal', '--repo', repo, '--sandbox', 'host', '--command', command, '--json'],
      60_000
    );
    const out = JSON.parse(r.stdout) as { status: string; error?: string; reason?: string | null };
    expect(out.error ?? '').not.toMatch(/zip|binary/);
    // Nothing to fix from and no model: an escalation that says why.
    expect(out.status).toBe('escalated');
    expect(r.stderr).toMatch(why);
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
  });
});

describe('a malformed event payload through the bundled action', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it.each([
    ['has no workflow_run', (p: Record<string, unknown>) => delete p.workflow_run, /no workflow_run object/],
    [
      'has a non-numeric run id',
      (p: Record<string, unknown>) => ((p.workflow_run as Record<string, unknown>).id = 'latest'),
      /workflow_run\.id is "latest", not a positive integer/
    ],
    [
      'has no head sha',
      (p: Record<string, unknown>) => delete (p.workflow_run as Record<string, unknown>).head_sha,
      /workflow_run\.head_sha is undefined, not a commit sha/
    ]
  ])('a workflow_run event that %s is an error, not a skip', async (_what, spoil, message) => {
    const payload = workflowRunEvent({ repository: 'acme/widgets', apiUrl: world.api.url });
    spoil(payload);
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: payload,
      repository: 'acme/widgets'
    });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.outputs.status).not.toBe('skipped');
    const errors = r.annotations.filter(a => a.command === 'error').map(a => a.message);
    expect(errors.join('\n')).toMatch(message);
    expect(errors.join('\n')).toMatch(/trigger Nightwatch on `workflow_run`/);
    expect(world.api.writes).toEqual([]);
  });
});
