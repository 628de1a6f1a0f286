/**
 * The emulator's permission model: each served operation has a requirement; a job token gets only
 * what its workflow's `permissions:` grants and GitHub's 403 otherwise; the git remote refuses a push
 * without `contents: write` the way GitHub does.
 */
import { getOctokit } from '@actions/github';
import { GitHubApi, ROUTE_PERMISSIONS } from './github-api.js';
import { parsePermissions, RESTRICTED_DEFAULT, satisfies } from './tokens.js';

describe('permissions of the job token', () => {
  it('every served operation says which permission it needs', () => {
    const api = new GitHubApi();
    const missing = api.operations.filter(op => !(op in ROUTE_PERMISSIONS));
    expect(missing).toEqual([]);
  });

  it('reads permissions: as GitHub does (absent is restricted, named scopes only, write includes read)', () => {
    expect(parsePermissions(undefined)).toEqual(RESTRICTED_DEFAULT);
    const p = parsePermissions({ contents: 'read', 'pull-requests': 'write' });
    expect(satisfies(p, 'contents=read')).toBe(true);
    expect(satisfies(p, 'contents=write')).toBe(false);
    expect(satisfies(p, 'issues=write; pull_requests=write')).toBe(true);
    expect(satisfies(p, 'actions=read')).toBe(false);
    expect(satisfies(p, 'metadata=read')).toBe(true);
    expect(satisfies(parsePermissions({}), 'contents=read')).toBe(false);
    expect(satisfies(parsePermissions('write-all'), 'actions=write')).toBe(true);
    expect(() => parsePermissions({ contents: 'admin' })).toThrow(/read, write or none/);
  });

  it("answers a write the token lacks with GitHub's 403 body and the accepted-permissions header", async () => {
    const api = new GitHubApi();
    await api.start();
    try {
      api.addRepo({ owner: 'acme', name: 'w' });
      api.setPermissions(api.token, parsePermissions({ contents: 'read', actions: 'read' }));
      const octokit = getOctokit(api.token, { baseUrl: api.url });
      const error = await octokit.rest.repos
        .createCommitComment({ owner: 'acme', repo: 'w', commit_sha: 'a'.repeat(40), body: 'x' })
        .then(() => undefined)
        .catch(
          (e: unknown) =>
            e as { status: number; response: { data: unknown; headers: Record<string, string> } }
        );
      expect(error?.status).toBe(403);
      expect(error?.response.data).toEqual({
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/commits/comments#create-a-commit-comment',
        status: '403'
      });
      expect(error?.response.headers['x-accepted-github-permissions']).toBe('contents=write');
      expect(api.commitComments).toEqual([]);
      // Reads the token has still work.
      await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'w' })).resolves.toMatchObject({
        status: 200
      });
    } finally {
      await api.stop();
    }
  });
});
