/**
 * After a run is recorded: what the memory says to people. The metrics for the job summary, ONE
 * pattern issue per failure that keeps coming back (found again by its label and fingerprint line,
 * updated in place), the weekly digest issue, and the dashboard artifact. Nothing here fails the heal:
 * a write that cannot be made is a warning (and SafeOutputs records each refusal).
 */
import { Labels } from '../constants.js';
import type { SafeOutputs } from '../delivery/safe-outputs.js';
import { dashboardHtml } from '../report/dashboard.js';
import { DIGEST_TITLE, digestBody, patternBody, patternTitle, weekStart } from '../report/pattern.js';
import { metricsBetween, metricsReport, type MetricsReport } from '../state/metrics.js';
import type { NightwatchState } from '../state/port.js';
import type { Settings } from '../settings.js';
import type { StageLogger } from './context.js';

/** The fingerprint line that finds the digest issue again (with its label). */
export const DIGEST_KEY = 'weekly-digest';

export interface MemoryReport {
  metrics: MetricsReport;
  /** The pattern issue written (created, updated or unchanged), when there is one. */
  patternIssue?: { status: string; url?: string };
  digestIssue?: { status: string; url?: string };
}

export interface ReportMemoryContext {
  settings: Pick<Settings, 'patternThreshold' | 'digest' | 'dashboard'>;
  safe: SafeOutputs;
  log: StageLogger;
  repository?: string;
  repoUrl?: string;
  publishDashboard?: (html: string) => Promise<void>;
  now?: Date;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Writes what the state says after a run about `fingerprint`; returns the metrics for the summary. */
export async function reportMemory(
  c: ReportMemoryContext,
  state: NightwatchState,
  fingerprint: string | undefined
): Promise<MemoryReport> {
  const now = c.now ?? new Date();
  const threshold = c.settings.patternThreshold;
  const metrics = metricsReport(state, 10, threshold > 0 ? threshold : undefined);
  const report: MemoryReport = { metrics };
  const record = fingerprint !== undefined ? state.fingerprints[fingerprint] : undefined;
  const canIssue = c.safe.allows('issue');
  if (
    canIssue &&
    threshold > 0 &&
    record &&
    record.fingerprint !== 'unknown' &&
    record.count >= threshold &&
    state.ignores[record.fingerprint] === undefined
  ) {
    try {
      const r = await c.log.group('Update the pattern issue', () =>
        c.safe.openOrUpdateIssue({
          title: patternTitle(record),
          body: patternBody(state, record.fingerprint, { repoUrl: c.repoUrl }),
          fingerprint: record.fingerprint,
          labels: [Labels.Pattern]
        })
      );
      report.patternIssue = { status: r.status, url: r.issue?.url };
      if (r.issue) c.log.info(`Pattern issue ${r.status}: ${r.issue.url}`);
    } catch (error) {
      c.log.warning(`Pattern issue not written: ${message(error)}`);
    }
  }
  if (canIssue && c.settings.digest === 'weekly') {
    try {
      const start = weekStart(now);
      const lastStart = new Date(start.getTime() - 7 * 24 * 60 * 60 * 1000);
      const week = metricsBetween(state, start, new Date(now.getTime() + 1), 10, threshold || undefined);
      const last = metricsBetween(state, lastStart, start, 10, threshold || undefined);
      const r = await c.log.group('Update the weekly digest', () =>
        c.safe.openOrUpdateIssue({
          title: `${DIGEST_TITLE}${c.repository ? ` for ${c.repository}` : ''}`,
          body: digestBody(week, last, start, now),
          fingerprint: DIGEST_KEY,
          labels: [Labels.Digest]
        })
      );
      report.digestIssue = { status: r.status, url: r.issue?.url };
    } catch (error) {
      c.log.warning(`Weekly digest not written: ${message(error)}`);
    }
  }
  if (c.settings.dashboard && c.publishDashboard) {
    try {
      await c.log.group('Upload the dashboard', () =>
        c.publishDashboard!(
          dashboardHtml(state, {
            repository: c.repository,
            serverUrl: c.repoUrl && c.repository ? c.repoUrl.slice(0, -c.repository.length - 1) : undefined,
            patternThreshold: threshold || undefined,
            now
          })
        )
      );
    } catch (error) {
      c.log.warning(`Dashboard not uploaded: ${message(error)}`);
    }
  }
  return report;
}
