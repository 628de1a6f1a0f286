/**
 * GitHub's refusal of a write the token's permissions do not cover, as a typed error that names
 * the permission to grant. The job token holds only what the workflow's `permissions:` gives it;
 * GitHub answers 403 "Resource not accessible by integration" (and git a 403 "Permission to ...
 * denied") otherwise.
 */

/** The message GitHub's REST API answers a token without the permission an operation needs. */
export const NOT_ACCESSIBLE = 'Resource not accessible by integration';

/** What each write needs, in the workflow's `permissions:` spelling, by Octokit route. */
const NEEDS: Record<string, { what: string; grant: string[] }> = {
  'POST /repos/{owner}/{repo}/commits/{commit_sha}/comments': {
    what: 'create a commit comment',
    grant: ['contents: write']
  },
  'PATCH /repos/{owner}/{repo}/comments/{comment_id}': {
    what: 'update a commit comment',
    grant: ['contents: write']
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    what: 'comment on an issue or pull request',
    grant: ['pull-requests: write', 'issues: write']
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    what: 'update a comment',
    grant: ['pull-requests: write', 'issues: write']
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': {
    what: 'add a label',
    grant: ['pull-requests: write', 'issues: write']
  },
  'POST /repos/{owner}/{repo}/pulls': { what: 'open a pull request', grant: ['pull-requests: write'] },
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': {
    what: 'update a pull request',
    grant: ['pull-requests: write']
  },
  'POST /repos/{owner}/{repo}/issues': { what: 'open an issue', grant: ['issues: write'] },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': { what: 'update an issue', grant: ['issues: write'] },
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs': {
    what: 're-run failed jobs',
    grant: ['actions: write']
  },
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': {
    what: 'dispatch a workflow',
    grant: ['actions: write']
  },
  push: { what: 'push the fix branch', grant: ['contents: write'] }
};

/**
 * A write the token's permissions do not allow; `permissions` are the alternatives to grant, in the
 * workflow's spelling (`contents: write`), any one of which would do.
 */
export class PermissionError extends Error {
  /** Kept so code that looks at the HTTP status still sees GitHub's 403. */
  readonly status = 403;
  constructor(
    readonly what: string,
    readonly permissions: readonly string[],
    detail?: string
  ) {
    const grant = permissions.map(p => `\`${p}\``).join(' or ');
    super(
      `the token may not ${what}: grant ${grant} in the workflow's permissions` +
        (detail ? ` (GitHub: ${detail})` : '')
    );
    this.name = 'PermissionError';
  }
}

/**
 * The permissions GitHub's `x-accepted-github-permissions` header asks for, in the workflow's
 * spelling: `issues=write; pull_requests=write` -> [`issues: write`, `pull-requests: write`].
 */
export function acceptedPermissions(header: string | undefined): string[] {
  return (header ?? '')
    .split(';')
    .map(set =>
      set
        .split(',')
        .map(p => p.trim())
        .filter(Boolean)
        .map(p => p.replace('=', ': ').replace(/_/g, '-'))
        .join(', ')
    )
    .filter(Boolean);
}

/** A PermissionError for an Octokit 403 "Resource not accessible by integration", else undefined. */
export function permissionErrorOf(
  error: unknown,
  route: { method?: string; url?: string } = {}
): PermissionError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, string | undefined> };
  };
  if (e.status !== 403 || typeof e.message !== 'string' || !e.message.includes(NOT_ACCESSIBLE))
    return undefined;
  const known = NEEDS[`${route.method ?? ''} ${route.url ?? ''}`];
  // GitHub's own header first: it says exactly what this call needed.
  const fromHeader = acceptedPermissions(e.response?.headers?.['x-accepted-github-permissions']);
  const what = known?.what ?? `call ${route.method ?? ''} ${route.url ?? 'this endpoint'}`.trim();
  const permissions = fromHeader.length
    ? fromHeader
    : (known?.grant ?? ['the permission this endpoint needs']);
  return new PermissionError(what, permissions, NOT_ACCESSIBLE);
}

/** Git's answer to a push the token may not make (`Permission to o/r.git denied`, HTTP 403). */
export function isPushPermissionDenied(output: string): boolean {
  return /Permission to \S+ denied to|The requested URL returned error: 403/.test(output);
}

/** The PermissionError of a push refused for want of `contents: write`. */
export function pushPermissionError(output: string): PermissionError {
  const line = /Permission to \S+ denied to [^\n]*/.exec(output)?.[0];
  return new PermissionError(NEEDS.push.what, NEEDS.push.grant, line ?? 'HTTP 403');
}
