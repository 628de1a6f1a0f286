import { fingerprint, stabilize } from '../../src/triage/fingerprint.js';
import type { Triage } from '../../src/types.js';

const base: Pick<Triage, 'category' | 'failures' | 'chunk' | 'job' | 'step'> = {
  category: 'test',
  job: 'test (3.11)',
  step: 'Tests',
  chunk: { file: 'test (3.11)/4_Tests.txt', startLine: 10, endLine: 20, text: '...' },
  failures: [
    {
      tool: 'pytest',
      errorType: 'AssertionError',
      message: 'assert 0x7f3a2b1c9d40 == None (took 1.52s) at 2024-03-01T10:11:12.123Z',
      file: '/tmp/pytest-of-runner/pytest-3/test_io0/data.py',
      line: 12,
      testName: 'tests/test_io.py::test_roundtrip'
    }
  ]
};

describe('fingerprint', () => {
  it('is 16 hex characters', () => {
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stays the same across a re-run: timestamps, addresses, temp paths, durations, ids, ports', () => {
    const rerun = {
      ...base,
      chunk: { ...base.chunk, startLine: 11, endLine: 21 },
      failures: [
        {
          ...base.failures[0],
          message: 'assert 0x7f99aa00bb11 == None (took 2.07s) at 2024-03-02T08:00:01.999Z',
          file: '/tmp/pytest-of-runner/pytest-7/test_io0/data.py',
          line: 14
        }
      ]
    };
    expect(fingerprint(rerun)).toBe(fingerprint(base));
    expect(stabilize('listening on localhost:43121, run 8123456789 job 1a2b3c4d5e')).toBe(
      stabilize('listening on localhost:39001, run 8123999999 job 9f8e7d6c5b')
    );
  });

  it('differs for a different failure, test, error type, step or category', () => {
    const f = base.failures[0];
    const variants = [
      { ...base, failures: [{ ...f, message: 'assert 1 == 2' }] },
      { ...base, failures: [{ ...f, testName: 'tests/test_io.py::test_other' }] },
      { ...base, failures: [{ ...f, errorType: 'KeyError' }] },
      { ...base, step: 'Lint' },
      { ...base, category: 'build' as const }
    ];
    const prints = new Set([fingerprint(base), ...variants.map(fingerprint)]);
    expect(prints.size).toBe(variants.length + 1);
  });

  it('uses the chunk when no failure was structured, and is order-independent over failures', () => {
    const a = {
      ...base,
      failures: [],
      chunk: { ...base.chunk, text: 'fatal: unable to access repo\nexit 128' }
    };
    const b = { ...a, chunk: { ...a.chunk, text: 'fatal: could not read Username' } };
    expect(fingerprint(a)).not.toBe(fingerprint(b));
    const two = [base.failures[0], { ...base.failures[0], testName: 'tests/test_io.py::test_b' }];
    expect(fingerprint({ ...base, failures: two })).toBe(
      fingerprint({ ...base, failures: [...two].reverse() })
    );
  });
});
