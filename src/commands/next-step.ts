import { PROGRAM } from './args.js';

/** What a heal ended with, as far as the next step depends on it. */
export interface HealEnd {
  status: 'fixed' | 'escalated' | 'not-reproduced' | 'passing';
  /** The fix branch (fixed). */
  branch?: string | null;
  /** The commit healed, abbreviated. */
  head: string;
  /** `--repo` as the user gave it. */
  repo: string;
  fingerprint?: string | null;
  /** The failing tests passed on a re-run of the broken commit. */
  flaky?: boolean;
  /** A model key was given. */
  model: boolean;
  /** The sandbox the tests ran in. */
  sandbox: 'docker' | 'host';
  /** The dependency update that needs a person (the dependency lane decided `human`). */
  dependency?: { name: string; from: string; to: string };
  /** Where the reproduction stopped (not reproduced): the install or the tests. */
  phase?: 'install' | 'test';
}

/** The line that ends `heal`'s readable output: what a person can do next. */
export function nextStep(e: HealEnd): string {
  const repoArg = e.repo === '.' ? '' : ` --repo ${quote(e.repo)}`;
  switch (e.status) {
    case 'fixed':
      return `Next: review the fix and merge it: git log -p ${e.head}..${e.branch}, then git merge ${e.branch}`;
    case 'passing':
      return 'Next: nothing to heal. If CI fails where this passes, name its test command with --command CMD (or its job with --job NAME).';
    case 'not-reproduced': {
      const elsewhere =
        e.sandbox === 'docker'
          ? 'or run with --sandbox host'
          : 'or run in Docker with --sandbox docker --image IMG';
      return e.phase === 'install'
        ? `Next: check the install with --install CMD (and --install-network), ${elsewhere}.`
        : `Next: check the command with --command CMD (and the image with --image IMG), ${elsewhere}.`;
    }
    case 'escalated':
      if (e.flaky) {
        const fp = e.fingerprint ? ` ${e.fingerprint}` : ' FINGERPRINT';
        return `Next: re-run the job; to have this failure re-run, never patched, quarantine it: ${PROGRAM} quarantine${fp}${repoArg}`;
      }
      if (e.dependency) {
        const d = e.dependency;
        return `Next: adapt the code to ${d.name} ${d.to} by hand (the notes above say what changed), or keep ${d.name} at ${d.from} until then.`;
      }
      if (!e.model)
        return 'Next: set GEMINI_API_KEY to let the model try, or fix it by hand where the diagnosis points.';
      return 'Next: fix it by hand (the diagnosis and the attempts above say what was tried), or give the model more tries with --max-attempts N.';
  }
}

/** `s` as one shell word. */
function quote(s: string): string {
  return /^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
