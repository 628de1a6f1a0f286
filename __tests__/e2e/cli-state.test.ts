/**
 * The state commands of the bundled CLI (dist/cli.js) on a local repository: steering (ignore,
 * quarantine, breaker reset) recorded with an audit entry each, `audit` with its filters, `metrics
 * --json` per the contract, adding up against a ledger written by two heals at once.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordHeal } from '../../src/pipeline/record.js';
import { serializeBatch } from '../../src/state/events.js';
import { emptyState } from '../../src/state/state.js';
import type { HealStatus, Triage } from '../../src/types.js';
import { cli as bundled, git, type CliRun } from './cli-runner.js';

/** The CLI with all of this process's environment, run by the user alice. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return bundled(args, { inheritEnv: true, env: { USER: 'alice', ...env } });
}

describe('nightwatch-ci state commands (bundled CLI)', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'nw-cli-state-'));
    await git(repo, 'init', '-q');
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  /** A heal's events as the FileStore writes them: one batch file per heal, named by its time. */
  async function heal(
    at: string,
    fingerprint: string,
    status: HealStatus,
    costUsd: number,
    n: number
  ): Promise<void> {
    const events =
      recordHeal(
        emptyState(),
        {
          runId: 100 + n,
          runAttempt: 1,
          status,
          attempts: 1,
          triage: { fingerprint, category: 'test' } as Triage,
          usage: { calls: 1, promptTokens: 10, outputTokens: 5, estimatedCostUsd: costUsd },
          actor: 'bob'
        },
        new Date(at)
      ).pending ?? [];
    const dir = join(repo, '.git', 'nightwatch', 'events');
    await mkdir(dir, { recursive: true });
    const stamp = new Date(at).toISOString().replace(/[-:.]/g, '');
    await writeFile(join(dir, `${stamp}-${n}-0000000${n}.json`), serializeBatch(events));
  }

  it('metrics --json adds up against the ledger of two heals written at once, and a third the next day', async () => {
    const day = (d: number, h: number): string =>
      new Date(Date.now() - d * 86400000 + h * 1000).toISOString();
    await heal(day(2, 0), 'fpA', 'fixed', 0.01, 1);
    await heal(day(2, 1), 'fpB', 'escalated', 0.02, 2);
    await heal(day(1, 0), 'fpA', 'escalated', 0.04, 3);
    const r = await cli(['metrics', '--repo', repo, '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(m).toMatchObject({ runs: 3, fixed: 1, escalated: 2, skipped: 0 });
    expect(m.fixRate).toBeCloseTo(1 / 3);
    expect(m.escalationRate).toBeCloseTo(2 / 3);
    expect(m.topFingerprints).toEqual([
      { fingerprint: 'fpA', count: 2 },
      { fingerprint: 'fpB', count: 1 }
    ]);
    expect(m.byDay).toEqual([
      {
        date: day(2, 0).slice(0, 10),
        runs: 2,
        fixed: 1,
        escalated: 1,
        costUsd: 0.03,
        reruns: 0,
        tokens: 30,
        patterns: 0
      },
      {
        date: day(1, 0).slice(0, 10),
        runs: 1,
        fixed: 0,
        escalated: 1,
        costUsd: 0.04,
        reruns: 0,
        tokens: 15,
        patterns: 0
      }
    ]);
  });

  it('ignore / quarantine / breaker reset are recorded and audited; audit filters by date, fingerprint and action', async () => {
    await heal(new Date(Date.now() - 86400000).toISOString(), 'fpA', 'escalated', 0, 1);
    const ig = await cli(['ignore', 'fpA', '--reason', 'upstream bug', '--repo', repo]);
    expect(ig).toMatchObject({ code: 0, stdout: expect.stringMatching(/fpA is ignored/) });
    expect((await cli(['quarantine', 'fpB', '--repo', repo])).code).toBe(0);
    expect((await cli(['breaker', 'reset', '--repo', repo])).code).toBe(0);
    // Every change is its own batch next to the snapshot.
    expect((await readdir(join(repo, '.git', 'nightwatch', 'events'))).length).toBe(4);

    const all = JSON.parse((await cli(['audit', '--repo', repo, '--json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(all.map(e => [e.actor, e.action, e.fingerprint, e.outcome])).toEqual([
      ['bob', 'heal', 'fpA', 'escalated'],
      ['alice', 'ignore', 'fpA', 'done'],
      ['alice', 'quarantine', 'fpB', 'done'],
      ['alice', 'breaker-reset', undefined, 'done']
    ]);
    for (const e of all)
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['at', 'actor', 'action', 'outcome']));
    const byFp = JSON.parse(
      (await cli(['audit', '--fingerprint', 'fpA', '--repo', repo, '--json'])).stdout
    ) as unknown[];
    expect(byFp).toHaveLength(2);
    const byAction = JSON.parse(
      (await cli(['audit', '--action', 'ignore', '--repo', repo, '--json'])).stdout
    ) as unknown[];
    expect(byAction).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const since = JSON.parse(
      (await cli(['audit', '--since', today, '--repo', repo, '--json'])).stdout
    ) as unknown[];
    expect(since).toHaveLength(3);

    const explain = await cli(['explain', 'fpA', '--repo', repo, '--json']);
    expect(JSON.parse(explain.stdout).reason).toMatch(/ignored \(by alice .*upstream bug/);
    const status = await cli(['status', '--repo', repo]);
    expect(status.stdout).toMatch(/ignored: fpA/);
    expect(status.stdout).toMatch(/quarantined: fpB until/);

    expect((await cli(['unignore', 'fpA', '--repo', repo])).stdout).toMatch(/no longer ignored/);
    expect((await cli(['unignore', 'fpA', '--repo', repo])).stdout).toMatch(
      /was not ignored; nothing changed/
    );
  });

  it('bad input is a usage error that says what to do', async () => {
    expect(await cli(['audit', '--since', 'yesterday', '--repo', repo])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Invalid --since 'yesterday'/)
    });
    expect(await cli(['ignore', '--repo', repo])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/give a FINGERPRINT/)
    });
    expect(await cli(['breaker', 'open', '--repo', repo])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/breaker reset/)
    });
    expect(await cli(['ignore', '../x', '--repo', repo])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/not a fingerprint/)
    });
    expect(await cli(['status', '--github', 'acme/x'], { GITHUB_TOKEN: '', GH_TOKEN: '' })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/GITHUB_TOKEN or GH_TOKEN/)
    });
  });
});
