/**
 * Backfill through the world's REST emulator with the real Octokit client: the failed runs of the
 * last N days are triaged into the state (`seen` events: fingerprints and a `backfilled` ledger entry
 * each), nothing is written to GitHub, a run already in the memory costs no call, and the bound on
 * API calls stops it with a sentence that says what was left.
 */
import { createGitHub } from '../../src/delivery/github.js';
import { backfill } from '../../src/pipeline/backfill.js';
import { emptyState, parseState, serializeState } from '../../src/state/state.js';
import { parseBatch, serializeBatch } from '../../src/state/events.js';
import { metricsReport } from '../../src/state/metrics.js';
import { failingJob, jobSeeds, makeRunLogZip } from '../world/run-logs.js';
import { GitHubApi } from '../world/github-api.js';

const DAY = 24 * 3600 * 1000;

describe('backfill (through the REST emulator)', () => {
  let api: GitHubApi;
  beforeEach(async () => {
    api = new GitHubApi();
    await api.start();
    api.addRepo({ owner: 'acme', name: 'bf' });
  });
  afterEach(async () => {
    await api.stop();
  });

  function addFailure(
    id: number,
    daysAgo: number,
    test: string,
    conclusion = 'failure',
    headBranch = 'main'
  ): void {
    const jobs = [
      failingJob('test', 'python3 -m pytest', [
        '============================= test session starts ==============================',
        `FAILED tests/test_${test}.py::test_${test} - AssertionError: assert 1 == 2`,
        '========================= 1 failed, 3 passed in 0.12s ========================='
      ])
    ];
    api.addRun({
      owner: 'acme',
      repo: 'bf',
      id,
      headSha: String(id).padStart(40, '0'),
      conclusion,
      headBranch,
      createdAt: new Date(Date.now() - daysAgo * DAY),
      jobs: jobSeeds(jobs),
      logs: makeRunLogZip(jobs)
    });
  }

  const client = (): ReturnType<typeof createGitHub> =>
    createGitHub({ token: 'ghs_test_token', owner: 'acme', repo: 'bf', baseUrl: api.url });
  const apiCalls = (): number => api.requests.filter(r => r.path.startsWith('/repos/')).length;

  it('triages the failed runs of the last N days into the memory, writes nothing to GitHub, and skips known runs next time', async () => {
    addFailure(101, 1, 'cart');
    addFailure(102, 2, 'cart');
    addFailure(103, 3, 'login');
    addFailure(104, 20, 'old');
    addFailure(105, 1, 'green', 'success');
    const lines: string[] = [];
    const r = await backfill(emptyState(), client(), {
      days: 7,
      maxCalls: 100,
      progress: l => lines.push(l)
    });
    expect({
      found: r.found,
      triaged: r.triaged,
      known: r.known,
      failed: r.failed,
      stopped: r.stopped
    }).toEqual({
      found: 3,
      triaged: 3,
      known: 0,
      failed: 0,
      stopped: undefined
    });
    expect(r.calls).toBe(1 + 3 * 2);
    expect(r.fingerprints.map(f => f.runs)).toEqual([2, 1]);
    expect(r.state.ledger.map(e => [e.runId, e.status])).toEqual([
      [101, 'backfilled'],
      [102, 'backfilled'],
      [103, 'backfilled']
    ]);
    const cart = r.fingerprints[0].fingerprint;
    expect(r.state.fingerprints[cart]).toMatchObject({ count: 2, outcomes: { backfilled: 2 } });
    // First and last seen are the runs' own times, whatever order they were read in.
    expect(Date.parse(r.state.fingerprints[cart].firstSeen)).toBeLessThan(
      Date.parse(r.state.fingerprints[cart].lastSeen)
    );
    // A backfilled run is memory, not a handled run: the metrics count no run.
    expect(metricsReport(r.state).runs).toBe(0);
    expect(metricsReport(r.state).byDay.reduce((n, d) => n + d.runs, 0)).toBe(0);
    expect(lines.filter(l => /^\[\d\/3\] run 10[123] /.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/3 failed runs found, 3 triaged into 2 fingerprints/);
    expect(api.writes).toEqual([]);
    expect(r.state.audit.at(-1)).toMatchObject({ action: 'backfill', outcome: 'done' });
    // The events survive a batch file and a snapshot.
    expect(parseBatch(serializeBatch(r.state.pending ?? []))).toEqual(r.state.pending);
    expect(parseState(serializeState(r.state)).fingerprints[cart].count).toBe(2);

    const before = apiCalls();
    const again = await backfill({ ...r.state, pending: [] }, client(), {
      days: 7,
      maxCalls: 100,
      progress: () => undefined
    });
    expect({ triaged: again.triaged, known: again.known, calls: again.calls }).toEqual({
      triaged: 0,
      known: 3,
      calls: 1
    });
    expect(apiCalls() - before).toBe(1);
  });

  it('stops at the bound on API calls, says what was left, and the next backfill goes on from there', async () => {
    addFailure(201, 1, 'a');
    addFailure(202, 2, 'b');
    addFailure(203, 3, 'c');
    const before = apiCalls();
    const r = await backfill(emptyState(), client(), { days: 7, maxCalls: 4, progress: () => undefined });
    expect(apiCalls() - before).toBeLessThanOrEqual(4);
    expect(r.calls).toBe(3);
    expect(r.triaged).toBe(1);
    expect(r.stopped).toMatch(
      /Stopped at the bound of 4 API calls with 2 of 3 failed runs left: run the backfill again/
    );
    expect(r.message).toContain(r.stopped);
    expect(r.state.audit.at(-1)).toMatchObject({ action: 'backfill', outcome: 'stopped' });
    const next = await backfill({ ...r.state, pending: [] }, client(), {
      days: 7,
      maxCalls: 100,
      progress: () => undefined
    });
    expect({ triaged: next.triaged, known: next.known }).toEqual({ triaged: 2, known: 1 });
  });

  it("skips the CI of Nightwatch's own fix branches, as the loop guard does", async () => {
    addFailure(401, 1, 'a');
    addFailure(402, 1, 'b', 'failure', 'nightwatch/fix-0123456789abcdef');
    const lines: string[] = [];
    const r = await backfill(emptyState(), client(), {
      days: 7,
      maxCalls: 100,
      progress: l => lines.push(l)
    });
    expect(r.state.ledger.map(e => e.runId)).toEqual([401]);
    expect(r.calls).toBe(3);
    expect(lines.find(l => l.includes('run 402'))).toMatch(/a Nightwatch branch, skipped/);
  });

  it('a run whose logs are gone is named and skipped; the others are triaged', async () => {
    addFailure(301, 1, 'a');
    addFailure(302, 2, 'b');
    api.expireRunLogs(301);
    const lines: string[] = [];
    const r = await backfill(emptyState(), client(), {
      days: 7,
      maxCalls: 100,
      progress: l => lines.push(l)
    });
    expect({ triaged: r.triaged, failed: r.failed }).toEqual({ triaged: 1, failed: 1 });
    expect(lines.find(l => l.includes('run 301'))).toMatch(/not triaged \(.*(expired|deleted|410)/i);
  });
});
