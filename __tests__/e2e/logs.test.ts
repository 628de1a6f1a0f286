/**
 * Logs as GitHub serves them, through the bundled action (issue 9, point 5): job files numbered
 * from 0 or with a negative legacy id, an archive without the failed job's files (its own log is
 * fetched), the failed attempt's logs rather than the latest attempt's, and expired logs (410).
 */
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { jobSeeds, makeJobLog, makeRunLogZip, type LogJob, type RunLogOptions } from '../world/run-logs.js';
import { errorOf } from './scenario.js';

/** What pytest prints for one failing test. */
function pytestFailure(test: string): string[] {
  return [
    '============================= test session starts ==============================',
    'collected 2 items',
    '',
    'tests/test_cart.py .F                                                    [100%]',
    '',
    '=================================== FAILURES ===================================',
    `_________________________________ ${test} __________________________________`,
    `    def ${test}():`,
    '>       assert order_total([1, 2]) == 3',
    'E       assert 4 == 3',
    '',
    'tests/test_cart.py:5: AssertionError',
    '=========================== short test summary info ============================',
    `FAILED tests/test_cart.py::${test} - assert 4 == 3`,
    '========================= 1 failed, 1 passed in 0.05s =========================='
  ];
}

/** A job that ran pytest and failed in `test`. */
function testJob(test: string, name = 'test'): LogJob {
  return {
    name,
    steps: [
      { name: 'Run actions/checkout@v4', uses: true, lines: ['Syncing repository: acme/shop'] },
      { name: 'Run python3 -m pytest', lines: pytestFailure(test), conclusion: 'failure' }
    ]
  };
}

/** A job that passed, though a step it allowed to fail (continue-on-error) printed a test failure. */
const decoyJob: LogJob = {
  name: 'build',
  steps: [
    { name: 'Run python3 -m pytest tests/optional || true', lines: pytestFailure('test_decoy_optional') }
  ]
};

describe('logs as GitHub serves them (bundled action)', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.api.addRepo({ owner: 'acme', name: 'shop' });
  });
  afterEach(async () => {
    await world.stop();
  });

  function addRun(runId: number, jobs: LogJob[], opts: RunLogOptions = {}): void {
    world.api.addRun({
      owner: 'acme',
      repo: 'shop',
      id: runId,
      name: 'CI',
      headSha: 'a'.repeat(40),
      jobs: jobSeeds(jobs),
      logs: makeRunLogZip(jobs, opts)
    });
  }

  function diagnose(
    runId: number,
    event = workflowRunEvent({ api: world.api, runId }),
    nightwatchRun?: number
  ) {
    return world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/shop',
      inputs: { mode: 'diagnose' },
      ...(nightwatchRun !== undefined ? { runId: nightwatchRun } : {})
    });
  }

  const logRequests = (): string[] =>
    world.api.requests.filter(r => r.path.endsWith('/logs')).map(r => `${r.status} ${r.route ?? r.path}`);

  it.each([
    ['numbered from 0 (the results service)', 0 as const],
    ['with negative legacy ids', 'legacy' as const]
  ])('triages the failed job of an archive whose job files are %s', async (_what, numbering) => {
    addRun(6101, [decoyJob, testJob('test_total_from_api')], { numbering });
    const r = await diagnose(6101);
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    expect(r.summary).toContain('test_total_from_api');
    expect(r.summary).not.toContain('test_decoy_optional');
  });

  it("fetches the failed job's own log when the archive lacks its files", async () => {
    const failed = testJob('test_only_in_job_log');
    world.api.addRun({
      owner: 'acme',
      repo: 'shop',
      id: 6201,
      name: 'CI',
      headSha: 'a'.repeat(40),
      jobs: jobSeeds([decoyJob, failed]),
      logs: makeRunLogZip([decoyJob, failed], { omitJobs: ['test'] })
    });
    const job = world.api.jobs.find(j => j.runId === 6201 && j.name === 'test')!;
    world.api.setJobLog(job.id, makeJobLog(failed));
    const r = await diagnose(6201);
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    expect(r.summary).toContain('test_only_in_job_log');
    expect(r.summary).not.toContain('test_decoy_optional');
    expect(logRequests()).toContain('302 /repos/{owner}/{repo}/actions/jobs/{job_id}/logs');
  });

  it('triages the logs of the attempt that failed, not those of a later re-run', async () => {
    const first = testJob('test_failed_in_attempt_one');
    const second = testJob('test_failed_in_attempt_two');
    world.api.addRun({
      owner: 'acme',
      repo: 'shop',
      id: 6301,
      name: 'CI',
      headSha: 'a'.repeat(40),
      runAttempt: 2,
      jobs: [
        ...jobSeeds([first]).map(j => ({ ...j, runAttempt: 1 })),
        ...jobSeeds([second]).map(j => ({ ...j, runAttempt: 2 }))
      ]
    });
    world.api.setRunLogs(6301, makeRunLogZip([first]), 1);
    world.api.setRunLogs(6301, makeRunLogZip([second]), 2);
    // The workflow_run event of attempt 1; someone re-ran the run before Nightwatch got to it.
    const event = workflowRunEvent({ api: world.api, runId: 6301, workflowRun: { run_attempt: 1 } });
    const r = await diagnose(6301, event);
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    expect(r.summary).toContain('test_failed_in_attempt_one');
    expect(r.summary).not.toContain('test_failed_in_attempt_two');
    expect(logRequests()).toEqual([
      '302 /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs'
    ]);
  });

  it('says plainly that expired logs (410) cannot be triaged and what to do, keeping the state', async () => {
    // An earlier run was diagnosed: its state is what the next run must still find.
    addRun(6401, [testJob('test_earlier')]);
    const earlier = await diagnose(6401, undefined, 1000001);
    expect(earlier.outputs.status).toBe('diagnosed');
    const states = (): number[] =>
      world.artifacts.artifacts.filter(a => a.name.startsWith('nightwatch-events-')).map(a => a.runId);
    expect(states()).toEqual([1000001]);

    addRun(6402, [testJob('test_expired')]);
    world.api.expireRunLogs(6402);
    const r = await diagnose(6402, undefined, 1000002);
    expect(r.exitCode).not.toBe(0);
    expect(r.outputs.status).toBe('error');
    const error = errorOf(r) ?? '';
    expect(error).toMatch(/410 Gone/);
    expect(error).toMatch(/expired|deleted/);
    expect(error).toMatch(/re-run the failed jobs/);
    expect(error).toContain('nightwatch diagnose');
    // Nothing replaced the state: the earlier run's artifact is still the newest.
    expect(states()).toEqual([1000001]);
    expect(world.api.writes).toEqual([]);
  });
});
