/** The PR body and the job summary say which commit was reproduced when CI tested a merge commit. */
import { pullRequestBody } from '../../src/report/pull-request.js';
import { jobSummary } from '../../src/report/summary.js';
import { attempts, diagnosis, diff, reproduction, run, spec, triage } from './fixtures.js';

const MERGE = { sha: 'a'.repeat(40), head: run.headSha, base: 'b'.repeat(40) };
const SAID = `Reproduced at the merge commit \`${'a'.repeat(12)}\` of \`${run.headSha.slice(0, 12)}\` into \`${'b'.repeat(12)}\`, as CI ran it`;

describe('report: the merge commit CI tested', () => {
  const input = { run, triage, diagnosis, repair: { attempts }, diff, branch: 'nightwatch/fix-4242', spec };

  it('names it in the PR body, in the regression test line and in the commands to reproduce', () => {
    const body = pullRequestBody({ ...input, reproduction: { ...reproduction, mergeCommit: MERGE } });
    expect(body).toContain(SAID);
    expect(body).toContain(`fails on \`${'a'.repeat(12)}\``);
    expect(body).toContain(`git fetch origin ${MERGE.sha} && git checkout ${MERGE.sha}`);
    expect(body).not.toContain(`git checkout ${run.headSha}`);
  });

  it('names it in the job summary', () => {
    const md = jobSummary({
      status: 'fixed',
      outcome: { kind: 'fixed', branch: 'nightwatch/fix-4242' },
      mode: 'fix',
      run,
      triage,
      diagnosis,
      reproduction: { ...reproduction, mergeCommit: MERGE },
      attempts,
      refusals: []
    });
    expect(md).toContain(`| Commit tested | ${SAID}`);
  });

  it('says nothing of a merge commit when the head itself was reproduced', () => {
    const body = pullRequestBody({ ...input, reproduction });
    expect(body).not.toContain('merge commit');
    expect(body).toContain(`git checkout ${run.headSha}`);
    const md = jobSummary({ status: 'fixed', mode: 'fix', run, triage, reproduction, refusals: [] });
    expect(md).not.toContain('Commit tested');
  });
});
