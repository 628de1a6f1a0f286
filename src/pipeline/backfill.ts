/**
 * Backfill: triage the failed runs of the last N days to seed the memory (fingerprints, categories,
 * how often each came back), healing none of them. Bounded: at most `maxCalls` API calls (one per
 * page of runs, two per run: its jobs and its logs); when the bound is reached it stops and says so,
 * and a later backfill goes on where it stopped (a run already in the ledger costs no call).
 * The action runs it from the `backfill` dispatch input; the CLI from `nightwatch backfill`.
 */
import { audit, emit } from '../state/events.js';
import type { NightwatchState } from '../state/port.js';
import { triageLogs } from '../triage/index.js';
import type { FailedRunsPage, GitHub } from '../delivery/ports.js';
import type { PipelineContext, PipelineResult } from './context.js';
import { actorOf } from './record.js';

/** The part of the GitHub port a backfill reads. */
export type BackfillSource = Pick<GitHub, 'listJobs' | 'downloadRunLogs'> & {
  listFailedRuns?(since: Date, page: number, perPage?: number): Promise<FailedRunsPage>;
};

export interface BackfillOptions {
  /** Failed runs created in the last `days` days (1..90). */
  days: number;
  /** API calls at most (listing pages, jobs, logs). */
  maxCalls: number;
  /** One line per run and at the end, as it goes. */
  progress: (line: string) => void;
  /** Values to redact from what the triage keeps (tokens). */
  secrets?: string[];
  now?: Date;
  /** Runs per listing page (100, GitHub's largest). */
  perPage?: number;
  /** Who asked, for the audit entry. */
  actor?: string;
}

export interface BackfillReport {
  state: NightwatchState;
  /** Failed runs the listing holds for the period. */
  found: number;
  triaged: number;
  /** Runs already in the memory (not triaged again). */
  known: number;
  /** Runs whose logs could not be read or triaged (named in the progress lines). */
  failed: number;
  calls: number;
  /** Set when the bound on API calls stopped it: what was left, in a sentence. */
  stopped?: string;
  /** Fingerprints seen, most frequent first. */
  fingerprints: { fingerprint: string; category: string; runs: number }[];
  message: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** Triages the failed runs of the last `days` days into the state (as `seen` events), newest first. */
export async function backfill(
  state: NightwatchState,
  source: BackfillSource,
  o: BackfillOptions
): Promise<BackfillReport> {
  if (!source.listFailedRuns) throw new Error('this GitHub client cannot list runs (listFailedRuns)');
  const now = o.now ?? new Date();
  const since = new Date(now.getTime() - o.days * DAY);
  const perPage = o.perPage ?? 100;
  let next = state;
  let calls = 0;
  let found = 0;
  let triaged = 0;
  let known = 0;
  let failed = 0;
  let done = 0;
  let stopped: string | undefined;
  const seen = new Map<string, { category: string; runs: number }>();
  const stop = (): string =>
    `Stopped at the bound of ${o.maxCalls} API calls with ${found - done} of ${found} failed runs left: ` +
    'run the backfill again to go on (runs already in the memory cost no call), or raise the bound';
  o.progress(
    `Backfill: the failed runs since ${since.toISOString()} (${o.days} days), at most ${o.maxCalls} API calls`
  );
  outer: for (let page = 1; ; page++) {
    if (calls >= o.maxCalls) {
      stopped = stop();
      break;
    }
    calls += 1;
    const listing = await source.listFailedRuns(since, page, perPage);
    found = Math.max(found, listing.totalCount);
    for (const run of listing.runs) {
      if (Date.parse(run.createdAt) < since.getTime()) continue;
      const label = `run ${run.runId} (${run.workflow || 'workflow'} on ${run.headBranch || '?'}, ${run.createdAt})`;
      if (run.headBranch.startsWith('nightwatch/')) {
        // CI of Nightwatch's own fix branches: the loop guard never heals those, nor does a backfill learn from them.
        done += 1;
        o.progress(`[${done}/${found}] ${label}: a Nightwatch branch, skipped`);
        continue;
      }
      if (next.ledger.some(e => e.runId === run.runId && e.runAttempt === run.runAttempt)) {
        known += 1;
        done += 1;
        o.progress(`[${done}/${found}] ${label}: already in the memory`);
        continue;
      }
      if (calls + 2 > o.maxCalls) {
        stopped = stop();
        break outer;
      }
      try {
        calls += 1;
        const jobs = await source.listJobs(run.runId, run.runAttempt);
        calls += 1;
        const zip = await source.downloadRunLogs(run.runId, run.runAttempt);
        const t = await triageLogs(zip, { jobs, extraSecrets: o.secrets ?? [] });
        next = emit(next, {
          type: 'seen',
          at: run.createdAt,
          runId: run.runId,
          runAttempt: run.runAttempt,
          fingerprint: t.fingerprint,
          category: t.category
        });
        const s = seen.get(t.fingerprint) ?? { category: t.category, runs: 0 };
        s.runs += 1;
        seen.set(t.fingerprint, s);
        triaged += 1;
        done += 1;
        o.progress(
          `[${done}/${found}] ${label}: ${t.category} failure in ${t.job} / ${t.step}, fingerprint ${t.fingerprint}`
        );
      } catch (error) {
        failed += 1;
        done += 1;
        o.progress(
          `[${done}/${found}] ${label}: not triaged (${error instanceof Error ? error.message : String(error)})`
        );
      }
    }
    if (listing.runs.length < perPage || page * perPage >= listing.totalCount) break;
  }
  const fingerprints = [...seen.entries()]
    .map(([fingerprint, s]) => ({ fingerprint, ...s }))
    .sort((a, b) => b.runs - a.runs || a.fingerprint.localeCompare(b.fingerprint));
  const message =
    `Backfill of ${o.days} days: ${found} failed runs found, ${triaged} triaged into ${fingerprints.length} ` +
    `fingerprints, ${known} already in the memory, ${failed} not triaged; ${calls} API calls` +
    (stopped ? `. ${stopped}.` : '.');
  next = audit(next, {
    at: now.toISOString(),
    actor: o.actor ?? 'nightwatch',
    action: 'backfill',
    outcome: stopped ? 'stopped' : 'done',
    detail: message
  });
  o.progress(message);
  return { state: next, found, triaged, known, failed, calls, stopped, fingerprints, message };
}

/** How many days a backfill may reach back (GitHub keeps logs for 90 days at most). */
export const MAX_BACKFILL_DAYS = 90;

/** The `backfill` dispatch input: triage the failed runs of the last N days into the state; nothing healed. */
export async function runBackfill(ctx: PipelineContext): Promise<PipelineResult> {
  const { settings, log } = ctx;
  const days = settings.backfillDays!;
  const loaded = await log.group('Load state', () => ctx.state.load());
  const r = await log.group('Backfill', () =>
    backfill(loaded, ctx.github, {
      days,
      maxCalls: settings.backfillMaxCalls ?? 500,
      progress: m => log.info(m),
      secrets: [settings.githubToken, settings.appToken, settings.geminiApiKey].filter(s => s !== ''),
      actor: actorOf(ctx.payload)
    })
  );
  if (r.stopped) log.warning(r.stopped);
  if (settings.dryRun) log.info('Dry run: the backfill is not saved');
  else await log.group('Save state', () => ctx.state.save(r.state));
  return {
    status: 'skipped',
    outcome: { kind: 'skipped', reason: r.message },
    attempts: 0,
    refusals: []
  };
}
