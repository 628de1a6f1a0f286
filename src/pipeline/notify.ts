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
