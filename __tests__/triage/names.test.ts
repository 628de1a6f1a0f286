import AdmZip from 'adm-zip';
import { archiveJobNames, archiveName, parseJobLogPath, parseStepLogPath } from '../../src/triage/names.js';
import { classifyPath } from '../../src/triage/archive.js';
import { makeRunLogZip } from '../world/run-logs.js';

describe('archive names (GitHub’s rule, shared with the emulator)', () => {
  it('drops the characters a path cannot hold, as in the real archive', () => {
    expect(archiveName('Run actions/checkout@v3')).toBe('Run actionscheckout@v3');
    expect(archiveName('build: lint / test')).toBe('build lint  test');
    expect(archiveName('a\\b*c?d"e<f>g|h\ti')).toBe('abcdefghi');
  });

  it('cuts to 90 UTF-16 code units, then trims (C# Substring + Trim)', () => {
    const long = `${'x'.repeat(85)}     tail`;
    expect(archiveName(long)).toBe('x'.repeat(85));
    expect(archiveName('y'.repeat(120))).toHaveLength(90);
    // An emoji is two code units; the cut may split it, as GitHub's does.
    expect(archiveName(`${'z'.repeat(89)}😅!`)).toBe(`${'z'.repeat(89)}\ud83d`);
  });

  it('numbers repeated job names (1), (2) in run order', () => {
    expect(archiveJobNames(['build', 'test', 'build', 'build/'])).toEqual([
      'build',
      'test',
      'build (1)',
      'build (2)'
    ]);
  });

  it('reads job files numbered from 0, from 1, and with a negative legacy id', () => {
    expect(parseJobLogPath('0_test.txt')).toEqual({ index: 0, job: 'test' });
    expect(parseJobLogPath('12_Test 3.11 x64.txt')).toEqual({ index: 12, job: 'Test 3.11 x64' });
    expect(parseJobLogPath('-2147483648_test (3.12).txt')).toEqual({
      index: -2147483648,
      job: 'test (3.12)'
    });
    expect(parseJobLogPath('test/1_Set up job.txt')).toBeUndefined();
    expect(parseJobLogPath('--1_x.txt')).toBeUndefined();
    expect(parseStepLogPath('test/3_Run pytest -q.txt')).toEqual({
      job: 'test',
      number: 3,
      step: 'Run pytest -q'
    });
    expect(classifyPath('-5_test.txt')).toEqual({ kind: 'job', jobIndex: -5, job: 'test' });
  });

  it('is the rule the emulator writes archives with', () => {
    const jobs = [
      { name: 'lint: ruff / mypy', steps: [{ name: 'Run actions/checkout@v4' }] },
      { name: 'lint: ruff / mypy', steps: [{ name: 'Run make lint' }] }
    ];
    const names = (o: Parameters<typeof makeRunLogZip>[1]): string[] =>
      new AdmZip(makeRunLogZip(jobs, o))
        .getEntries()
        .map(e => e.entryName)
        .filter(n => !n.includes('/'))
        .sort();
    expect(names({ numbering: 0 })).toEqual(['0_lint ruff  mypy.txt', '1_lint ruff  mypy (1).txt']);
    expect(names({ numbering: 'legacy' }).every(n => /^-\d+_lint ruff {2}mypy( \(1\))?\.txt$/.test(n))).toBe(
      true
    );
    const all = new AdmZip(makeRunLogZip(jobs, { omitJobs: ['x'] })).getEntries().map(e => e.entryName);
    expect(all).toContain('lint ruff  mypy/2_Run actionscheckout@v4.txt');
  });
});
