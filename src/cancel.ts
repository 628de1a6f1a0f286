/**
 * Ctrl-C and cancelled jobs: what a heal makes outside its own process (sandbox containers, their
 * networks, temp copies of the tree, worktrees) is registered here while it exists; on SIGINT or
 * SIGTERM the CLI and the action remove all of it, newest first (a container before its network),
 * then exit 130 or 143. Nothing new starts once a cancel has begun.
 */

/** Thrown by `onCancel` once a cancel has begun: the work that wanted to start does not. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

type Cleanup = () => Promise<unknown>;

const live = new Map<number, { what: string; cleanup: Cleanup }>();
let next = 0;
let cancelling = false;

/**
 * Registers the removal of something made outside the process, until the returned function is
 * called (it was removed the normal way). Throws CancelledError once a cancel has begun.
 */
export function onCancel(what: string, cleanup: Cleanup): () => void {
  if (cancelling) throw new CancelledError();
  const id = next++;
  live.set(id, { what, cleanup });
  return () => void live.delete(id);
}

/** True once SIGINT or SIGTERM was received. */
export function cancelled(): boolean {
  return cancelling;
}

/** Runs every registered cleanup, newest first, each bounded; the count of those that ran. */
export async function runCancelCleanups(limitMs = 20_000): Promise<number> {
  cancelling = true;
  const entries = [...live.entries()].sort((a, b) => b[0] - a[0]);
  live.clear();
  const deadline = Date.now() + limitMs;
  for (const [, { cleanup }] of entries) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      cleanup().catch(() => undefined),
      new Promise(resolve => {
        timer = setTimeout(resolve, left);
      })
    ]);
    clearTimeout(timer);
  }
  return entries.length;
}

/**
 * On the first SIGINT or SIGTERM: say so, remove what is registered, exit 130 (SIGINT) or 143
 * (SIGTERM). A second signal exits at once.
 */
export function exitOnSignals(say: (msg: string) => void): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143]
  ] as const) {
    process.on(signal, () => {
      if (cancelling) process.exit(code);
      say(`${signal}: cancelling; removing the heal's containers, networks, copies and worktrees`);
      void runCancelCleanups().finally(() => process.exit(code));
    });
  }
}
