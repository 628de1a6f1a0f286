import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DASHBOARD_ARTIFACT, Outputs } from './constants.js';
import { createGit } from './delivery/git.js';
import { createGitHub } from './delivery/github.js';
import { createGeminiModel } from './model/index.js';
import { DeliveryError, type PipelineResult, type StageLogger } from './pipeline/context.js';
import { runPipeline } from './pipeline/run.js';
import { jobSummary } from './report/index.js';
import { createSandbox } from './sandbox/index.js';
import { ArtifactProposalStore } from './pipeline/propose.js';
import { alertSelfFailures, notificationText, notifySlack } from './pipeline/notify.js';
import { selfFailures } from './state/alerts.js';
import { readSettings } from './settings.js';
import { ArtifactStateStore } from './state/artifact-store.js';

/** The runner's environment, read once here so no stage reads process.env itself. */
function runnerEnv(): {
  eventName: string;
  eventPath: string;
  repository: string;
  apiUrl: string;
  serverUrl: string;
  runId: number;
  tempDir: string;
  workspace?: string;
  workflowRef?: string;
  repositoryId?: number;
} {
  const env = process.env;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    tempDir: env.RUNNER_TEMP ?? os.tmpdir(),
    workspace: env.GITHUB_WORKSPACE,
    workflowRef: env.GITHUB_WORKFLOW_REF,
    repositoryId: /^\d+$/.test(env.GITHUB_REPOSITORY_ID ?? '') ? Number(env.GITHUB_REPOSITORY_ID) : undefined
  };
}

/** This run's warnings, read at the end for failures of Nightwatch itself (state/alerts.ts). */
const warnings: string[] = [];

const logger: StageLogger = {
  debug: m => core.debug(m),
  info: m => core.info(m),
  warning: m => {
    warnings.push(m);
    core.warning(m);
  },
  setSecret: v => core.setSecret(v),
  group: (name, fn) => core.group(name, fn)
};

/** settings -> pipeline -> outputs; the one catch turns anything thrown into core.setFailed. */
export async function run(): Promise<void> {
  // Known once the settings are read: where an outcome is announced, even a failed delivery's.
  let announce: ((r: PipelineResult) => Promise<void>) | undefined;
  // Known once the settings are read: tells Slack and the summary about Nightwatch's own failures.
  let alertSelf: ((error?: Error) => Promise<string>) | undefined;
  try {
    const env = runnerEnv();
    const settings = await readSettings(n => core.getInput(n), process.env, env.workspace);
    announce = async r => {
      // Skipped runs (successes, our own branches) stay quiet.
      if (!settings.slackWebhookUrl || r.outcome.kind === 'skipped') return;
      const problem = await notifySlack(settings.slackWebhookUrl, notificationText(r, env.repository));
      if (problem) core.warning(`Slack notification not sent: ${problem}`);
    };
    if (settings.githubToken) core.setSecret(settings.githubToken);
    if (settings.geminiApiKey) core.setSecret(settings.geminiApiKey);
    core.debug(
      `mode=${settings.mode} maxAttempts=${settings.maxAttempts} minConfidence=${settings.minConfidence} dryRun=${settings.dryRun}`
    );
    const [owner, repo] = env.repository.split('/');
    if (!owner || !repo)
      throw new Error(`GITHUB_REPOSITORY '${env.repository}' is not of the form {owner}/{repo}.`);
    if (!settings.githubToken)
      throw new Error(
        "The 'github-token' input is empty: pass a token with contents, pull-requests, issues and actions permissions (the default is the job token)."
      );
    const payload = env.eventPath
      ? (JSON.parse(await readFile(env.eventPath, 'utf8')) as Record<string, unknown>)
      : {};
    const github = createGitHub({
      token: settings.githubToken,
      owner,
      repo,
      baseUrl: env.apiUrl,
      log: logger
    });
    const stateStore = (): ArtifactStateStore =>
      new ArtifactStateStore({
        token: settings.githubToken,
        owner,
        repo,
        apiBaseUrl: env.apiUrl,
        runId: env.runId,
        // Each run's events are their own artifact, named by run and attempt; kept as long as the settings say.
        runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT ?? 1) || 1,
        retention: settings.retention,
        // Only state this workflow wrote in this repository is believed (state/trust.ts).
        workflowRef: env.workflowRef,
        repositoryId: env.repositoryId,
        log: logger
      });
    const state = stateStore();
    alertSelf = error =>
      alertSelfFailures({
        failures: selfFailures(warnings, error),
        // A store of its own: the run's store counts the events it already saved.
        store: stateStore(),
        slackWebhookUrl: settings.slackWebhookUrl || undefined,
        repository: env.repository,
        log: logger
      });
    if (settings.appToken) core.setSecret(settings.appToken);
    if (settings.slackWebhookUrl) core.setSecret(settings.slackWebhookUrl);
    // Writes go through the app token when one is given (CI then runs on the fix); reads keep the job token.
    const writeGithub = settings.appToken
      ? createGitHub({ token: settings.appToken, owner, repo, baseUrl: env.apiUrl, log: logger })
      : undefined;
    const model = settings.geminiApiKey
      ? createGeminiModel({
          apiKey: settings.geminiApiKey,
          model: settings.geminiModel,
          baseUrl: settings.geminiBaseUrl,
          log: m => core.info(m),
          // A rejected key or a retired model is an error annotation, not a quiet fall-back to rules.
          report: (level, m) => (level === 'error' ? core.error(m) : core.warning(m))
        })
      : undefined;
    if (!model) core.info('No Gemini key: rules and deterministic fixers only.');

    const result = await runPipeline({
      settings,
      eventName: env.eventName,
      payload,
      owner,
      repo,
      tempDir: env.tempDir,
      github,
      state,
      createGit: dir => createGit(dir, logger),
      createSandbox: () =>
        createSandbox('docker', m => core.warning(m), {
          docker: {
            installNetwork: settings.installNetwork,
            // The job's temp folder (emptied when the job ends): a second heal in the job reuses the install.
            installCache: path.join(env.tempDir, 'nightwatch-install-cache'),
            warn: m => core.warning(m),
            log: m => core.info(m)
          }
        }),
      model,
      proposals: new ArtifactProposalStore(env.tempDir),
      writeGithub,
      writeToken: settings.appToken || undefined,
      repoUrl: `${env.serverUrl}/${owner}/${repo}`,
      publishDashboard: settings.dashboard ? html => uploadDashboard(html, env.tempDir) : undefined,
      log: logger
    });
    setOutputs(result);
    await announce(result);
    await core.summary
      .addRaw(jobSummary(result))
      .addRaw(await alertSelf())
      .write();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DeliveryError) {
      // What was found before the failure (diagnosis, the verified fix) stays visible.
      setOutputs(error.result);
      await announce?.(error.result);
      await core.summary
        .addRaw(jobSummary(error.result))
        .write()
        .catch(() => undefined);
    }
    core.setOutput(Outputs.Status, 'error');
    const self = await alertSelf?.(error instanceof Error ? error : new Error(message)).catch(() => '');
    if (self)
      await core.summary
        .addRaw(self)
        .write()
        .catch(() => undefined);
    core.setFailed(message);
  }
}

/** The dashboard page as the run's `nightwatch-dashboard` artifact (index.html). */
async function uploadDashboard(html: string, tempDir: string): Promise<void> {
  const dir = await mkdtemp(path.join(tempDir, 'nightwatch-dashboard-'));
  try {
    const file = path.join(dir, 'index.html');
    await writeFile(file, html);
    const { id } = await new DefaultArtifactClient().uploadArtifact(DASHBOARD_ARTIFACT, [file], dir, {
      retentionDays: 30
    });
    core.info(
      `Dashboard uploaded as the ${DASHBOARD_ARTIFACT} artifact${id !== undefined ? ` (id ${id})` : ''}`
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function setOutputs(r: PipelineResult): void {
  core.setOutput(Outputs.Status, r.status);
  core.setOutput(Outputs.Fingerprint, r.triage?.fingerprint ?? '');
  core.setOutput(Outputs.Diagnosis, r.diagnosis ? JSON.stringify(r.diagnosis) : '');
  core.setOutput(Outputs.Attempts, String(r.attempts));
  const o = r.outcome;
  core.setOutput(Outputs.PrUrl, o.kind === 'fixed' ? (o.prUrl ?? '') : '');
  core.setOutput(Outputs.PrNumber, o.kind === 'fixed' && o.prNumber !== undefined ? String(o.prNumber) : '');
  core.setOutput(Outputs.IssueUrl, o.kind === 'escalated' ? (o.issueUrl ?? '') : '');
}
