/**
 * Runs the bundled action the way the GitHub runner does: inputs as INPUT_* (with action.yml
 * defaults), the event payload in a file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files read back.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { GitHubApi } from './github-api.js';
import { parsePermissions, type Permissions } from './tokens.js';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The workflow file the harness runs Nightwatch from unless told otherwise. */
export const NIGHTWATCH_WORKFLOW = '.github/workflows/nightwatch.yml';

/** The example workflow the harness takes the job token's permissions from unless told otherwise. */
export const DEFAULT_WORKFLOW_FILE = join(REPO_ROOT, 'examples', 'workflows', 'nightwatch.yml');

interface WorkflowDoc {
  permissions?: unknown;
  jobs?: Record<string, { permissions?: unknown }>;
}

/**
 * The permissions the job token of `job` in the workflow file gets, as GitHub decides them: the
 * job's own `permissions:` when it has the key, else the workflow's top-level one, else the
 * restricted default (see tokens.ts). `job` may be omitted when the workflow has one job.
 */
export function workflowPermissions(file: string, job?: string): Permissions {
  const doc = parseYaml(readFileSync(file, 'utf8')) as WorkflowDoc;
  const jobs = Object.keys(doc.jobs ?? {});
  const name = job ?? (jobs.length === 1 ? jobs[0] : undefined);
  if (name === undefined) throw new Error(`${file} has jobs ${jobs.join(', ')}: say which`);
  const j = doc.jobs?.[name];
  if (!j) throw new Error(`${file} has no job '${name}' (jobs: ${jobs.join(', ')})`);
  return parsePermissions('permissions' in j ? j.permissions : doc.permissions);
}

/** What `runAction` takes. */
export interface RunActionOptions {
  /** Action inputs by their action.yml name (`mode`, `run-id`, ...). Missing ones get action.yml defaults. */
  inputs?: Record<string, string>;
  /** `GITHUB_EVENT_NAME`, e.g. `workflow_run` or `workflow_dispatch`. */
  eventName: string;
  /** Written to the file `GITHUB_EVENT_PATH` points to. */
  eventPayload: unknown;
  /** `owner/repo` of the workflow running Nightwatch (default: taken from the payload's repository). */
  repository?: string;
  apiUrl: string;
  serverUrl: string;
  resultsUrl?: string;
  runtimeToken?: string;
  geminiBaseUrl?: string;
  /** The job token, substituted for `${{ github.token }}` in input defaults. */
  token?: string;
  /** `GITHUB_RUN_ID` / `GITHUB_RUN_ATTEMPT` of Nightwatch's own run (default 1000001 / 1). */
  runId?: number;
  runAttempt?: number;
  sha?: string;
  ref?: string;
  /** The workflow file running Nightwatch (GITHUB_WORKFLOW_REF; default `.github/workflows/nightwatch.yml`). */
  workflow?: string;
  /** `GITHUB_REPOSITORY_ID` (set only when given). */
  repositoryId?: number;
  actor?: string;
  /** `GITHUB_WORKSPACE` (default: a new empty temp dir). */
  workspace?: string;
  /** Working directory of the process (default: the workspace). */
  cwd?: string;
  /** Entry point (default `<repo>/dist/index.js`). */
  entry?: string;
  /** The node binary (default: the one running the tests; the runner itself uses node24 for `using: node24`). */
  node?: string;
  /** Added last; may override anything above. */
  extraEnv?: Record<string, string>;
  /** Kill the process after this long (default 240 s). */
  timeoutMs?: number;
}

/** A workflow command the action printed (`::error file=a.py,line=3::message`). */
export interface Annotation {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** What `runAction` returns. */
export interface ActionResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** error / warning / notice commands from stdout. */
  annotations: Annotation[];
  /** Values registered with `core.setSecret` (`::add-mask::`). */
  masks: string[];
  /** The environment the process got (for debugging a failing test). */
  env: Record<string, string>;
  /** True when the process was killed by the timeout. */
  timedOut: boolean;
}

/** `INPUT_<NAME>`: upper-cased, spaces to underscores, dashes kept (as @actions/core getInput reads it). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

interface ActionYml {
  inputs?: Record<string, { default?: string | number | boolean }>;
}

/** Input defaults from action.yml, with `${{ github.token }}` replaced by the token. */
export function actionDefaults(
  token: string,
  actionYml = join(REPO_ROOT, 'action.yml')
): Record<string, string> {
  if (!existsSync(actionYml)) return {};
  const doc = parseYaml(readFileSync(actionYml, 'utf8')) as ActionYml;
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    if (spec.default === undefined) continue;
    out[name] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
  }
  return out;
}

/** Parses a GITHUB_OUTPUT (or GITHUB_ENV) file: `name<<delimiter` blocks and `name=value` lines. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]);
      if (i >= lines.length) throw new Error(`unterminated heredoc for '${name}' (delimiter ${delimiter})`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    else throw new Error(`malformed command file line: ${line}`);
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Parses `::command key=value,...::message` lines from stdout. */
export function parseWorkflowCommands(stdout: string): { annotations: Annotation[]; masks: string[] } {
  const annotations: Annotation[] = [];
  const masks: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const [, command, props, message] = m;
    if (command === 'add-mask') {
      masks.push(unescapeData(message));
      continue;
    }
    if (!['error', 'warning', 'notice'].includes(command)) continue;
    const properties: Record<string, string> = {};
    for (const kv of (props ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      if (i > 0) properties[kv.slice(0, i)] = unescapeProperty(kv.slice(i + 1));
    }
    annotations.push({ command, properties, message: unescapeData(message) });
  }
  return { annotations, masks };
}

/** Mirrors @actions/artifact's isGhes(): only these hosts count as github.com. */
function artifactClientAccepts(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname.toUpperCase();
  return host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST');
}

/** Runs `node dist/index.js` (or `entry`) as a runner step would. */
export async function runAction(o: RunActionOptions): Promise<ActionResult> {
  if (o.resultsUrl && !artifactClientAccepts(o.serverUrl)) {
    throw new Error(
      `serverUrl ${o.serverUrl} would make @actions/artifact refuse to work (it treats any host but github.com, ` +
        '*.ghe.com and *.localhost as GHES). Use http://github.localhost:<port> (World.serverUrl).'
    );
  }
  const temp = await mkdtemp(join(tmpdir(), 'nw-runner-'));
  try {
    const runnerTemp = join(temp, 'runner-temp');
    const toolCache = join(temp, 'tool-cache');
    const workspace = o.workspace ?? join(temp, 'workspace');
    await Promise.all([mkdir(runnerTemp), mkdir(toolCache), mkdir(workspace, { recursive: true })]);
    const eventPath = join(temp, 'event.json');
    const outputPath = join(runnerTemp, '_runner_file_commands', 'set_output');
    const summaryPath = join(runnerTemp, '_runner_file_commands', 'step_summary');
    const envPath = join(runnerTemp, '_runner_file_commands', 'set_env');
    const pathPath = join(runnerTemp, '_runner_file_commands', 'add_path');
    const statePath = join(runnerTemp, '_runner_file_commands', 'save_state');
    await mkdir(dirname(outputPath), { recursive: true });
    await Promise.all(
      [eventPath, outputPath, summaryPath, envPath, pathPath, statePath].map(p =>
        writeFile(p, p === eventPath ? JSON.stringify(o.eventPayload, null, 2) : '')
      )
    );

    const payload = (o.eventPayload ?? {}) as { repository?: { full_name?: string } };
    const repository = o.repository ?? payload.repository?.full_name ?? 'acme/widgets';
    const token = o.token ?? 'ghs_test_token';
    const inputs = { ...actionDefaults(token), ...(o.inputs ?? {}) };
    const env: Record<string, string> = {
      // Only what a hosted runner has: never the developer's own tokens.
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: o.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_ENV: envPath,
      GITHUB_PATH: pathPath,
      GITHUB_STATE: statePath,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
      GITHUB_RUN_ID: String(o.runId ?? 1000001),
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: String(o.runAttempt ?? 1),
      GITHUB_WORKFLOW: 'Nightwatch',
      GITHUB_WORKFLOW_REF: `${repository}/${o.workflow ?? NIGHTWATCH_WORKFLOW}@${o.ref ?? 'refs/heads/main'}`,
      GITHUB_WORKFLOW_SHA: o.sha ?? '0'.repeat(40),
      GITHUB_JOB: 'heal',
      GITHUB_ACTION: 'nightwatch',
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: o.apiUrl,
      GITHUB_SERVER_URL: o.serverUrl,
      GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
      GITHUB_SHA: o.sha ?? '0'.repeat(40),
      GITHUB_REF: o.ref ?? 'refs/heads/main',
      GITHUB_REF_NAME: (o.ref ?? 'refs/heads/main').replace(/^refs\/(heads|tags)\//, ''),
      GITHUB_ACTOR: o.actor ?? 'octocat',
      GITHUB_TRIGGERING_ACTOR: o.actor ?? 'octocat',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'GitHub Actions 1',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: toolCache
    };
    if (o.repositoryId !== undefined) env.GITHUB_REPOSITORY_ID = String(o.repositoryId);
    if (o.resultsUrl)
      env.ACTIONS_RESULTS_URL = o.resultsUrl.endsWith('/') ? o.resultsUrl : `${o.resultsUrl}/`;
    if (o.runtimeToken) env.ACTIONS_RUNTIME_TOKEN = o.runtimeToken;
    if (o.geminiBaseUrl) env.GOOGLE_GEMINI_BASE_URL = o.geminiBaseUrl;
    for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
    Object.assign(env, o.extraEnv ?? {});

    const entry = o.entry ?? join(REPO_ROOT, 'dist', 'index.js');
    const { exitCode, stdout, stderr, timedOut } = await spawnNode(
      o.node ?? process.execPath,
      entry,
      o.cwd ?? workspace,
      env,
      o.timeoutMs ?? 240_000
    );
    const outputs = parseCommandFile(await readFile(outputPath, 'utf8'));
    const summary = await readFile(summaryPath, 'utf8');
    return { exitCode, stdout, stderr, outputs, summary, env, timedOut, ...parseWorkflowCommands(stdout) };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function spawnNode(
  node: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number
): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut
      });
    });
  });
}

// ------------------------------------------------------------------ event payloads

interface WebhookExample {
  name: string;
  examples: Record<string, unknown>[];
}

function webhookExample(
  event: string,
  pick: (e: Record<string, unknown>) => boolean
): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const all = require('@octokit/webhooks-examples') as WebhookExample[];
  const ex = all.find(e => e.name === event)?.examples.find(pick);
  if (!ex) throw new Error(`no ${event} example in @octokit/webhooks-examples`);
  return structuredClone(ex);
}

function substitute<T>(value: T, pairs: [string, string][]): T {
  let s = JSON.stringify(value);
  for (const [from, to] of pairs) s = s.split(from).join(to);
  return JSON.parse(s) as T;
}

/** What `workflowRunEvent` takes. */
export interface WorkflowRunEventOptions {
  /** Take the run, repository and workflow from the emulator (the usual way). */
  api?: GitHubApi;
  runId?: number;
  action?: 'completed' | 'requested' | 'in_progress';
  /** Without `api`: the repository `owner/repo`, API and server URLs to substitute. */
  repository?: string;
  apiUrl?: string;
  serverUrl?: string;
  /** Shallow overrides of `workflow_run` (e.g. conclusion, head_branch, pull_requests). */
  workflowRun?: Record<string, unknown>;
  sender?: string;
}

/**
 * A `workflow_run` event payload built from @octokit/webhooks-examples' real `completed` example,
 * with our repository, run and workflow in place of the example's.
 */
export function workflowRunEvent(o: WorkflowRunEventOptions = {}): Record<string, unknown> {
  const ex = webhookExample(
    'workflow_run',
    e =>
      e.action === 'completed' &&
      (e.workflow_run as { conclusion?: string } | undefined)?.conclusion === 'success'
  );
  const exRepo = (ex.repository as { full_name: string }).full_name;
  let payload: Record<string, unknown>;
  if (o.api && o.runId !== undefined) {
    const api = o.api;
    const rendered = api.runPayload(o.runId);
    const full = `${(rendered.repository as { full_name: string }).full_name}`;
    payload = substitute(ex, [
      [exRepo, full],
      ['https://api.github.com', api.url],
      ['https://github.com', api.serverUrl]
    ]);
    // Keep the example's key set, values from the emulator (webhooks carry the REST run object).
    payload.workflow_run = { ...(payload.workflow_run as Record<string, unknown>), ...rendered };
    payload.repository = { ...(payload.repository as Record<string, unknown>), ...api.repoPayload(full) };
    payload.workflow = {
      ...(payload.workflow as Record<string, unknown>),
      ...api.workflowPayload(full, rendered.workflow_id as number)
    };
    const owner = full.split('/')[0];
    const org = payload.organization as Record<string, unknown> | undefined;
    if (org) payload.organization = substitute(org, [[String(org.login), owner]]);
  } else {
    const full = o.repository ?? 'acme/widgets';
    payload = substitute(ex, [
      [exRepo, full],
      ['https://api.github.com', o.apiUrl ?? 'https://api.github.com'],
      ['https://github.com', o.serverUrl ?? 'https://github.com']
    ]);
    (payload.workflow_run as Record<string, unknown>).conclusion = 'failure';
  }
  payload.action = o.action ?? 'completed';
  if (o.workflowRun)
    payload.workflow_run = { ...(payload.workflow_run as Record<string, unknown>), ...o.workflowRun };
  if (o.sender) payload.sender = { ...(payload.sender as Record<string, unknown>), login: o.sender };
  return payload;
}

/** A `workflow_dispatch` payload from @octokit/webhooks-examples with our inputs, ref and repository. */
export function workflowDispatchEvent(
  o: {
    inputs?: Record<string, string>;
    ref?: string;
    workflow?: string;
    repository?: string;
    api?: GitHubApi;
  } = {}
): Record<string, unknown> {
  const ex = webhookExample('workflow_dispatch', () => true);
  const exRepo = (ex.repository as { full_name: string }).full_name;
  const full = o.repository ?? 'acme/widgets';
  const payload = substitute(ex, [
    [exRepo, full],
    ['https://api.github.com', o.api?.url ?? 'https://api.github.com'],
    ['https://github.com', o.api?.serverUrl ?? 'https://github.com']
  ]);
  if (o.api)
    payload.repository = { ...(payload.repository as Record<string, unknown>), ...o.api.repoPayload(full) };
  payload.inputs = o.inputs ?? {};
  payload.ref = o.ref ?? 'refs/heads/main';
  payload.workflow = o.workflow ?? '.github/workflows/nightwatch.yml';
  return payload;
}
