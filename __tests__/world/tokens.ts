/**
 * The tokens a loopback server accepts (the GitHub API emulator and the git remote share the
 * shape): the job token, labelled `job`, plus others by label (an app installation token), each of
 * which can be revoked. A request's token resolves to its label, valid or revoked, or to nothing.
 *
 * A token may carry the permissions its workflow grants (`permissions:`, see `parsePermissions`);
 * a token without a permission set (an app installation token, a standalone emulator's job token)
 * may do everything.
 */

/** The repository permissions a workflow's `permissions:` can set, in the API's spelling (`pull_requests`). */
export const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id_token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull_requests',
  'repository_projects',
  'security_events',
  'statuses'
] as const;

/** One permission, `metadata` included (always `read` for a job token). */
export type PermissionScope = (typeof PERMISSION_SCOPES)[number] | 'metadata';
export type PermissionLevel = 'none' | 'read' | 'write';
/** What a token may do; a scope not listed is `none`. */
export type Permissions = Partial<Record<PermissionScope, PermissionLevel>>;

/**
 * The job token's permissions when a workflow has no `permissions:` key: the "restricted" default
 * GitHub recommends (and uses for new repositories and organisations): contents and packages read,
 * metadata read, nothing else. The "permissive" default (read and write for most scopes) is a
 * repository setting Nightwatch must not count on.
 */
export const RESTRICTED_DEFAULT: Permissions = { contents: 'read', packages: 'read', metadata: 'read' };

/**
 * The permissions a `permissions:` value grants, as GitHub reads it: `read-all`, `write-all`, `{}`
 * (nothing), or a map of scope to `read`/`write`/`none` (scopes not named are `none`). Undefined
 * (no `permissions:` key) is the restricted default. `metadata` is always readable.
 */
export function parsePermissions(value: unknown): Permissions {
  if (value === undefined || value === null) return { ...RESTRICTED_DEFAULT };
  const out: Permissions = { metadata: 'read' };
  if (value === 'read-all' || value === 'write-all') {
    const level = value === 'read-all' ? 'read' : 'write';
    for (const s of PERMISSION_SCOPES) out[s] = level;
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`permissions: expected read-all, write-all or a map, got ${JSON.stringify(value)}`);
  for (const [key, level] of Object.entries(value as Record<string, unknown>)) {
    const scope = key.replace(/-/g, '_') as PermissionScope;
    if (!(PERMISSION_SCOPES as readonly string[]).includes(scope))
      throw new Error(`permissions: unknown scope '${key}'`);
    if (level !== 'read' && level !== 'write' && level !== 'none')
      throw new Error(`permissions: ${key} must be read, write or none, got ${JSON.stringify(level)}`);
    out[scope] = level;
  }
  return out;
}

/**
 * Whether `permissions` satisfy a requirement in GitHub's `x-accepted-github-permissions` form:
 * alternative sets separated by `;`, each a `,`-separated list of `scope=level` (e.g.
 * `issues=write; pull_requests=write`). `write` includes `read`. Undefined permissions allow all.
 */
export function satisfies(permissions: Permissions | undefined, accepted: string): boolean {
  if (permissions === undefined || accepted.trim() === '') return true;
  const rank: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 };
  return accepted.split(';').some(set =>
    set
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .every(need => {
        const [scope, level] = need.split('=') as [PermissionScope, PermissionLevel];
        const have = scope === 'metadata' ? 'read' : (permissions[scope] ?? 'none');
        return rank[have] >= rank[level];
      })
  );
}

interface Known {
  label: string;
  revoked: boolean;
  /** Undefined: may do everything. */
  permissions?: Permissions;
}

export class TokenRegistry {
  private readonly known = new Map<string, Known>();

  constructor(jobToken: string, others: Record<string, string> = {}) {
    this.known.set(jobToken, { label: 'job', revoked: false });
    for (const [label, token] of Object.entries(others)) this.accept(token, label);
  }

  /** Accepts another token; accepting a revoked one makes it valid again. */
  accept(token: string, label: string, permissions?: Permissions): void {
    if (token === '') throw new Error('acceptToken: empty token');
    const known = this.known.get(token);
    if (known && known.label !== label)
      throw new Error(`acceptToken: that token is already known as '${known.label}'`);
    this.known.set(token, { label, revoked: false, ...(permissions ? { permissions } : {}) });
  }

  /** From now on the token is refused (401), still recognised by its label. */
  revoke(token: string): void {
    const known = this.known.get(token);
    if (!known) throw new Error('revokeToken: unknown token');
    known.revoked = true;
  }

  /** Gives a known token the permissions its workflow grants (undefined: everything again). */
  setPermissions(token: string, permissions: Permissions | undefined): void {
    const known = this.known.get(token);
    if (!known) throw new Error('setPermissions: unknown token');
    if (permissions) known.permissions = { ...permissions };
    else delete known.permissions;
  }

  /** The label, validity and permissions of a token a request carried, or undefined for an unknown one. */
  lookup(token: string): Readonly<Known> | undefined {
    return this.known.get(token);
  }
}
