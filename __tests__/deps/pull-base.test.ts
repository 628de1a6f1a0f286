import { toFailedRun } from '../../src/delivery/run-record.js';
import { dependencyBase } from '../../src/pipeline/resolve.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

function run(prs: unknown[]): Record<string, unknown> {
  return {
    id: 1,
    head_sha: HEAD,
    head_branch: 'dependabot/npm_and_yarn/lib-2.0.0',
    pull_requests: prs,
    repository: { id: 7 },
    head_repository: { id: 7, full_name: 'acme/app' }
  };
}
const pr = (headSha: string, baseSha: string, ref = 'main'): unknown => ({
  number: 3,
  head: { ref: 'x', sha: headSha },
  base: { ref, sha: baseSha }
});

describe("the run's pull request base (the dependency lane's comparison)", () => {
  it('is the base of the PR whose head is the run’s commit', () => {
    expect(
      toFailedRun(run([pr('c'.repeat(40), 'd'.repeat(40), 'dev'), pr(HEAD, BASE)]), 'acme', 'app').pullBase
    ).toEqual({
      ref: 'main',
      sha: BASE
    });
  });

  it('is none without a PR, or with an all-zero or malformed sha', () => {
    expect(toFailedRun(run([]), 'acme', 'app').pullBase).toBeUndefined();
    expect(toFailedRun(run([pr(HEAD, '0'.repeat(40))]), 'acme', 'app').pullBase).toBeUndefined();
    expect(toFailedRun(run([pr(HEAD, '--upload-pack=x')]), 'acme', 'app').pullBase).toBeUndefined();
  });

  it('dependencyBase: the merge base when git finds one, else undefined with a warning (the parent is used)', async () => {
    const said: string[] = [];
    const log = { info: (m: string) => said.push(m), warning: (m: string) => said.push(`warning: ${m}`) };
    const failed = toFailedRun(run([pr(HEAD, BASE)]), 'acme', 'app');
    const calls: string[][] = [];
    const found = await dependencyBase(
      { mergeBase: (url, head, base) => (calls.push([url, head, base]), Promise.resolve('e'.repeat(40))) },
      'https://git/acme/app',
      failed,
      't',
      log
    );
    expect(found).toBe('e'.repeat(40));
    expect(calls).toEqual([['https://git/acme/app', HEAD, BASE]]);
    const none = await dependencyBase({ mergeBase: () => Promise.resolve(undefined) }, 'u', failed, 't', log);
    expect(none).toBeUndefined();
    expect(said.at(-1)).toMatch(/^warning: No merge base .* compares with the parent$/);
    expect(
      await dependencyBase({ mergeBase: () => Promise.reject(new Error('boom')) }, 'u', failed, 't', log)
    ).toBeUndefined();
    expect(said.at(-1)).toMatch(/boom/);
    // Not a PR's run: no fetch at all.
    expect(
      await dependencyBase(
        { mergeBase: () => Promise.reject(new Error('called')) },
        'u',
        { ...failed, pullBase: undefined },
        't',
        log
      )
    ).toBeUndefined();
  });
});
