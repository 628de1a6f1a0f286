/**
 * The tokens a loopback server accepts (the GitHub API emulator and the git remote share the
 * shape): the job token, labelled `job`, plus others by label (an app installation token), each of
 * which can be revoked. A request's token resolves to its label, valid or revoked, or to nothing.
 */
export class TokenRegistry {
  private readonly known = new Map<string, { label: string; revoked: boolean }>();

  constructor(jobToken: string, others: Record<string, string> = {}) {
    this.known.set(jobToken, { label: 'job', revoked: false });
    for (const [label, token] of Object.entries(others)) this.accept(token, label);
  }

  /** Accepts another token; accepting a revoked one makes it valid again. */
  accept(token: string, label: string): void {
    if (token === '') throw new Error('acceptToken: empty token');
    const known = this.known.get(token);
    if (known && known.label !== label)
      throw new Error(`acceptToken: that token is already known as '${known.label}'`);
    this.known.set(token, { label, revoked: false });
  }

  /** From now on the token is refused (401), still recognised by its label. */
  revoke(token: string): void {
    const known = this.known.get(token);
    if (!known) throw new Error('revokeToken: unknown token');
    known.revoked = true;
  }

  /** The label and validity of a token a request carried, or undefined for an unknown one. */
  lookup(token: string): { label: string; revoked: boolean } | undefined {
    return this.known.get(token);
  }
}
