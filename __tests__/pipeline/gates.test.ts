import { checkGates, checkSteering } from '../../src/pipeline/gates.js';
import type { Settings } from '../../src/settings.js';
import type { NightwatchState } from '../../src/state/port.js';
import type { FailedRun } from '../../src/types.js';

const run: FailedRun = {
  owner: 'acme',
  repo: 'shop',
  runId: 42,
  runAttempt: 1,
  workflow: 'CI',
  workflowPath: '.github/workflows/ci.yml',
  headSha: 'a'.repeat(40),
  headBranch: 'main',
  event: 'push',
  conclusion: 'failure',
  pullRequests: [],
  headRepository: 'acme/shop',
  isFork: false,
  htmlUrl: 'https://github.com/acme/shop/actions/runs/42'
};
const settings = {
  allowForks: false,
  excludeBranches: ['release/**'],
  excludeWorkflows: ['Nightly*']
} as unknown as Settings;
const empty: NightwatchState = {
  version: 1,
  ledger: [],
  fingerprints: {},
  breaker: { consecutiveFailures: 0 },
  metrics: {
    runs: 0,
    fixed: 0,
    escalated: 0,
    skipped: 0,
    errors: 0,
    attempts: 0,
    modelCalls: 0,
    promptTokens: 0,
    outputTokens: 0,
    estimatedCostUsd: 0
  },
  reruns: [],
  ignores: {},
  quarantines: {},
  audit: [],
  folded: {}
};

describe('checkGates', () => {
  it('lets a plain failure through', () => {
    expect(checkGates(run, settings, empty)).toEqual({ pass: true });
  });
  it.each([
    ['a success', { conclusion: 'success' }, /concluded 'success'/],
    ['a run still in progress', { conclusion: null }, /in progress/],
    ['its own fix branch', { headBranch: 'nightwatch/fix-41' }, /loop guard/],
    ['its own commit', { headCommitMessage: 'Fix it\n\nNightwatch-Run: 41\n' }, /made by Nightwatch/],
    ['a fork', { isFork: true, headRepository: 'mallory/shop' }, /fork mallory\/shop; set allow-forks/],
    ['an excluded branch', { headBranch: 'release/1.2' }, /excluded by 'release\/\*\*'/],
    ['an excluded workflow', { workflow: 'Nightly build' }, /excluded by 'Nightly\*'/]
  ])('stops %s', (_name, patch, reason) => {
    const r = checkGates({ ...run, ...patch } as FailedRun, settings, empty);
    expect(r.pass).toBe(false);
    expect(r.pass === false && r.reason).toMatch(reason);
  });
  it('lets a fork through when allowed', () => {
    expect(checkGates({ ...run, isFork: true }, { ...settings, allowForks: true }, empty).pass).toBe(true);
  });
  it('stops a run attempt already in the ledger but not a new attempt of it', () => {
    const state = {
      ...empty,
      ledger: [{ runId: 42, runAttempt: 1, fingerprint: 'f', status: 'fixed', at: '2026-01-01' }]
    };
    expect(checkGates(run, settings, state).pass).toBe(false);
    expect(checkGates({ ...run, runAttempt: 2 }, settings, state).pass).toBe(true);
  });
});

describe('checkSteering', () => {
  it('skips an ignored fingerprint with a reason naming who ignored it and how to undo it', () => {
    const state: NightwatchState = {
      ...empty,
      ignores: { abc123: { at: '2026-01-02T00:00:00.000Z', actor: 'octocat', reason: 'known upstream bug' } }
    };
    const r = checkSteering('abc123', state);
    expect(r.pass).toBe(false);
    const reason = r.pass ? '' : r.reason;
    expect(reason).toMatch(/abc123 is ignored/);
    expect(reason).toContain('octocat');
    expect(reason).toContain('known upstream bug');
    expect(reason).toContain("'unignore'");
  });

  it('lets other fingerprints through', () => {
    const state: NightwatchState = { ...empty, ignores: { abc123: { at: '2026-01-02T00:00:00.000Z' } } };
    expect(checkSteering('def456', state)).toEqual({ pass: true });
  });
});
