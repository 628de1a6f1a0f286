/**
 * `nightwatch backfill --github OWNER/REPO --days N [--max-calls N] [--repo DIR] [--json]`: triages the
 * failed runs of OWNER/REPO's last N days (through the REST API, with GITHUB_TOKEN) into the memory of
 * DIR (DIR/.git/nightwatch), healing none; a line per run on stderr as it goes, and a stop, said, at the
 * bound on API calls. The action's own memory is seeded by its `backfill` dispatch input.
 */
import path from 'node:path';
import { createGitHub } from '../delivery/github.js';
import { backfill, MAX_BACKFILL_DAYS } from '../pipeline/backfill.js';
import { EXIT, integerOption, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';
import { githubToken, openLocalState, ownerRepo } from './state.js';

export const BACKFILL_USAGE = `Usage: ${PROGRAM} backfill --github OWNER/REPO --days N [--max-calls N] [--repo DIR] [--json]

Triage the failed runs of OWNER/REPO's last N days to seed Nightwatch's memory (fingerprints, how often
each failure came back); nothing is healed. Reads the runs with GITHUB_TOKEN (or GH_TOKEN) and
records them in the state of DIR (DIR/.git/nightwatch/). A line per run goes to stderr as it goes.
To seed the action's own memory, dispatch its workflow with the 'backfill' input instead.

  --github O/R       the repository whose failed runs are triaged (GITHUB_API_URL for GitHub Enterprise)
  --days N           how far back, 1 to ${MAX_BACKFILL_DAYS} days (GitHub keeps logs 90 days at most)
  --max-calls N      API calls at most (default 200: a page of runs, then two per run); when reached
                     it stops and says so, and the next backfill goes on from there
  --repo DIR         the local git repository whose memory is seeded (default: .)
  --json             print the result as JSON
  -h, --help         this help

Exit codes: 0 done (also when stopped at the bound), 1 internal error, 2 usage error.`;

export async function backfillCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const usage = BACKFILL_USAGE;
  const parsed = parseCommand(
    argv,
    {
      github: { type: 'string' },
      days: { type: 'string' },
      'max-calls': { type: 'string' },
      repo: { type: 'string' },
      json: { type: 'boolean' }
    },
    usage
  );
  if (!parsed) {
    out(usage);
    return EXIT.ok;
  }
  const github = stringValue(parsed, 'github');
  if (github === undefined)
    throw new UsageError('give --github OWNER/REPO: the repository whose failed runs are triaged.', usage);
  const [owner, repo] = ownerRepo(github, usage);
  const daysRaw = stringValue(parsed, 'days');
  if (daysRaw === undefined)
    throw new UsageError(`give --days N (1 to ${MAX_BACKFILL_DAYS}): how far back to go.`, usage);
  const days = integerOption('days', daysRaw, 1, MAX_BACKFILL_DAYS, usage);
  const maxCallsRaw = stringValue(parsed, 'max-calls');
  const maxCalls =
    maxCallsRaw === undefined ? 200 : integerOption('max-calls', maxCallsRaw, 1, 100_000, usage);
  const token = githubToken(usage);
  const dir = path.resolve(stringValue(parsed, 'repo') ?? '.');
  let store;
  try {
    store = await openLocalState(dir);
  } catch {
    throw new UsageError(
      `--repo ${stringValue(parsed, 'repo') ?? '.'} is not a git repository (or does not exist): the memory is kept in its git directory.`,
      usage
    );
  }
  const client = createGitHub({
    token,
    owner,
    repo,
    baseUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com'
  });
  const r = await backfill(await store.load(), client, {
    days,
    maxCalls,
    progress: m => void process.stderr.write(`${m}\n`),
    secrets: [token],
    actor: process.env.USER ?? process.env.USERNAME ?? 'local'
  });
  await store.save(r.state);
  const report = { ...r, state: undefined, repo: dir };
  out(
    parsed.values.json === true
      ? JSON.stringify(report, null, 2)
      : [
          r.message,
          ...r.fingerprints.map(f => `  ${f.fingerprint} ${f.category} ${f.runs} run(s)`),
          `Recorded in the memory of ${dir} (${PROGRAM} status --repo ${dir}).`
        ].join('\n')
  );
  return EXIT.ok;
}
