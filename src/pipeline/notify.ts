import { alertedToday, recordAlert, SELF_ALERT_TITLES, type SelfFailure } from '../state/alerts.js';
import type { NightwatchState, StateStore } from '../state/port.js';
import type { PipelineResult } from './context.js';

/** One line per outcome, for a chat channel. */
export function notificationText(r: PipelineResult, repository: string): string {
  const run = r.run ? `run ${r.run.runId} of ${r.run.workflow} on ${r.run.headBranch}` : 'a run';
  const o = r.outcome;
  switch (o.kind) {
    case 'fixed':
      return `:white_check_mark: Nightwatch fixed ${run} in ${repository}: ${o.prUrl ?? o.branch}`;
    case 'escalated':
      return `:warning: Nightwatch could not fix ${run} in ${repository} (${o.reason}): ${o.issueUrl ?? 'see the job summary'}`;
    case 'rerun':
      return `:repeat: Nightwatch re-ran the failed jobs of ${run} in ${repository} (infrastructure failure)`;
    case 'diagnosed':
      return `:mag: Nightwatch diagnosed ${run} in ${repository}: ${r.diagnosis?.rootCause ?? r.triage?.category ?? 'see the job summary'}`;
    case 'skipped':
      return `Nightwatch skipped ${run} in ${repository}: ${o.reason}`;
    case 'error':
      return `:boom: Nightwatch failed on ${run} in ${repository}: ${o.message} (the job summary keeps what it found)`;
  }
}

/**
 * Posts the outcome to a Slack incoming webhook. A notification never fails the heal: errors come
 * back as a message for a warning. The URL is a secret (it is the credential) and is never logged.
 */
export async function notifySlack(
  webhookUrl: string,
  text: string,
  timeoutMs = 10_000
): Promise<string | undefined> {
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(timeoutMs)
    });
    if (!res.ok) return `Slack answered ${res.status} ${(await res.text()).slice(0, 200)}`;
    return undefined;
  } catch (error) {
    return `could not reach the Slack webhook: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Where alerts about Nightwatch itself go, and the state that remembers them. */
export interface SelfAlertOptions {
  failures: SelfFailure[];
  /** A store of its own (a second save through the store the run used would find nothing pending). */
  store: StateStore;
  slackWebhookUrl?: string;
  repository: string;
  log: { info(m: string): void; warning(m: string): void };
  now?: Date;
}

/**
 * Tells Slack about each failure of Nightwatch itself once per kind per UTC day (the state remembers
 * when each was told), and returns the job summary's section about them (every run lists its own).
 * Never throws: an alert that cannot be sent or remembered is a warning.
 */
export async function alertSelfFailures(o: SelfAlertOptions): Promise<string> {
  if (o.failures.length === 0) return '';
  const now = o.now ?? new Date();
  let state: NightwatchState | undefined;
  try {
    state = await o.store.load();
  } catch (error) {
    o.log.warning(`Could not load the state to check earlier alerts: ${messageOf(error)}`);
  }
  const lines: string[] = [];
  let next = state;
  for (const f of o.failures) {
    const told = state ? alertedToday(state, f.kind, now) : undefined;
    let note: string;
    if (told) note = `already alerted today at ${told.slice(11, 16)} UTC; not sent again`;
    else if (!o.slackWebhookUrl) note = 'no slack-webhook-url to alert';
    else {
      const problem = await notifySlack(
        o.slackWebhookUrl,
        `:rotating_light: Nightwatch itself failed in ${o.repository}: ${SELF_ALERT_TITLES[f.kind]}. ${f.message.slice(0, 300)} (told once a day)`
      );
      if (problem) o.log.warning(`Slack alert not sent: ${problem}`);
      else if (next) next = recordAlert(next, f.kind, now);
      note = problem ? 'the Slack alert could not be sent' : 'alerted on Slack (once a day)';
    }
    lines.push(`- **${f.kind}**: ${SELF_ALERT_TITLES[f.kind]}. ${f.message.slice(0, 300)} _(${note})_`);
  }
  if (next && next !== state)
    await o.store
      .save(next)
      .catch((error: unknown) =>
        o.log.warning(`Could not remember the alert in the state: ${messageOf(error)}`)
      );
  return `\n### Nightwatch itself\n\n${lines.join('\n')}\n`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
