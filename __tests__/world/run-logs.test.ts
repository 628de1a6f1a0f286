import AdmZip from 'adm-zip';
import { archiveName, failingJob, jobSeeds, makeRunLogZip } from './run-logs.js';

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /;

describe('makeRunLogZip', () => {
  const jobs = [
    failingJob('test (3.12)', 'pytest -q', ['F.', 'E   assert 3 == -1', '1 failed, 1 passed in 0.02s'], {
      after: ['Upload coverage']
    }),
    { name: 'lint', steps: [{ name: 'Run ruff check .', lines: ['All checks passed!'] }] }
  ];
  const zip = new AdmZip(makeRunLogZip(jobs));
  const names = zip.getEntries().map(e => e.entryName);

  it('uses the real archive layout: N_<job>.txt at the top, <job>/N_<step>.txt per step that ran', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        '1_test (3.12).txt',
        '2_lint.txt',
        'test (3.12)/1_Set up job.txt',
        'test (3.12)/2_Run actionscheckout@v4.txt',
        'test (3.12)/3_Run pytest -q.txt',
        'test (3.12)/5_Post Run actionscheckout@v4.txt',
        'test (3.12)/6_Complete job.txt',
        'lint/1_Set up job.txt',
        'lint/2_Run ruff check ..txt',
        'lint/3_Complete job.txt'
      ])
    );
    // A skipped step has no file.
    expect(names.some(n => n.includes('Upload coverage'))).toBe(false);
  });

  it('stamps every line and frames the failing step as GitHub does', () => {
    const step = zip.readAsText('test (3.12)/3_Run pytest -q.txt').trimEnd().split('\n');
    expect(step.every(l => STAMP.test(l))).toBe(true);
    const text = step.map(l => l.replace(STAMP, ''));
    expect(text[0]).toBe('##[group]Run pytest -q');
    expect(text).toContain('##[endgroup]');
    expect(text.slice(-2)).toEqual([
      '1 failed, 1 passed in 0.02s',
      '##[error]Process completed with exit code 1.'
    ]);
    const whole = zip.readAsText('1_test (3.12).txt');
    expect(whole).toContain('Requested labels: ubuntu-latest');
    expect(whole).toContain('E   assert 3 == -1');
    expect(whole.indexOf('Current runner version')).toBeLessThan(whole.indexOf('##[group]Run pytest -q'));
  });

  it('gives the jobs API the same step numbers', () => {
    const seeds = jobSeeds(jobs);
    expect(seeds[0].conclusion).toBe('failure');
    expect(seeds[0].steps?.map(s => `${s.number}:${s.name}:${s.conclusion}`)).toEqual([
      '1:Set up job:success',
      '2:Run actions/checkout@v4:success',
      '3:Run pytest -q:failure',
      '4:Upload coverage:skipped',
      '5:Post Run actions/checkout@v4:success',
      '6:Complete job:success'
    ]);
  });

  it('drops the characters GitHub drops from names', () => {
    expect(archiveName('Run actions/download-artifact@v3')).toBe('Run actionsdownload-artifact@v3');
  });
});
