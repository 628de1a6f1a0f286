import { FINGERPRINT_LINE_PREFIX } from '../../src/constants.js';
import { diagnosisComment } from '../../src/report/comment.js';
import { diagnosis, outsideFences, run, triage } from './fixtures.js';

describe('report/comment', () => {
  it('gives the failing job, root cause, the chunk and the fingerprint line, with mentions made inert', () => {
    const body = diagnosisComment({ run, triage, diagnosis });
    expect(body).toContain('### Nightwatch: test failure in test');
    expect(body).toContain('test / Run pytest');
    expect(body).toContain('confidence 87%');
    expect(body).toContain('121 | cc @octocat and @acme/maintainers please look');
    expect(body).toContain('| pytest | AssertionError |');
    expect(body.trimEnd().split('\n').pop()).toBe(`${FINGERPRINT_LINE_PREFIX} fp1234567890abcd`);
    const live = outsideFences(body);
    expect(live).not.toMatch(/(^|[^\w])@(octocat|acme)/);
    expect(live).not.toContain('<b>');
  });
});
