import {
  DEFAULT_INSTALL_NETWORK,
  INSTALL_NETWORK_MODES,
  type InstallNetworkMode
} from './sandbox/install-network.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { BreakerOptions } from './state/breaker.js';
import type { Retention } from './state/events.js';
import {
  CONFIG_FILE,
  DEFAULT_GEMINI_MODEL,
  DEFAULT_MAX_RISK,
  DEFAULT_PROTECTED_PATHS,
  Inputs
} from './constants.js';

/** What Nightwatch may write (see DESIGN.md, Modes and safe outputs). */
export type Mode = 'diagnose' | 'comment' | 'fix';

/** Which part of the heal this job does (see Settings.phase). */
export type Phase = 'all' | 'propose' | 'publish';

/** A steering command given through workflow_dispatch inputs instead of a heal. */
export type SteeringCommand = 'ignore' | 'unignore' | 'quarantine' | 'unquarantine' | 'breaker-reset';

export const STEERING_COMMANDS: readonly SteeringCommand[] = [
  'ignore',
  'unignore',
  'quarantine',
  'unquarantine',
  'breaker-reset'
];

/** Every setting of one Nightwatch run, read and validated once. */
export interface Settings {
  /** Token for the API and the push; never written to a log or a command line. */
  githubToken: string;
  /** Token for pushes and PRs (a GitHub App token, so CI runs on the fix); empty: the job token. */
  appToken: string;
  /**
   * `all`: heal and deliver in one job. `propose`: heal, then upload the verified patch and report as
   * an artifact with no write to GitHub (the job can hold a read-only token). `publish`: check and
   * deliver the patch a `propose` job of the same run uploaded, running none of the failing code.
   */
  phase: Phase;
  /** Slack incoming-webhook URL; a short message per outcome when set. */
  slackWebhookUrl: string;
  /** Gemini key; empty means rules and deterministic fixers only. */
  geminiApiKey: string;
  geminiModel: string;
  /** Base URL of the Gemini API (GOOGLE_GEMINI_BASE_URL), for proxies and the test world. */
  geminiBaseUrl?: string;
  mode: Mode;
  /** Run to heal; undefined on workflow_run (the payload names it). */
  runId?: number;
  testCommand?: string;
  installCommand?: string;
  image?: string;
  /** The install phase's network (sandbox/install-network.ts); default `internet`. */
  installNetwork: InstallNetworkMode;
  workingDirectory: string;
  maxAttempts: number;
  /** Re-runs of the failing tests before and after a fix (flake check). */
  reruns: number;
  minConfidence: number;
  /** Above this risk score (repair/risk.ts, 0..1) a fix goes out as a draft PR labelled for review. */
  maxRisk: number;
  maxCostUsd: number;
  allowForks: boolean;
  /** A dependency fix goes onto the update PR's own branch (same repository, a fast-forward); default off. */
  pushToUpdateBranch: boolean;
  /** Globs never to change; always includes `.github/workflows/**`. */
  protectedPaths: string[];
  dryRun: boolean;
  /** Branch globs whose failures are ignored (from .github/nightwatch.yml). */
  excludeBranches: string[];
  /** Workflow names or file globs whose failures are ignored (from .github/nightwatch.yml). */
  excludeWorkflows: string[];
  /** A steering command to run instead of a heal (input `command`), with its fingerprint and reason. */
  command?: SteeringCommand;
  fingerprint?: string;
  reason?: string;
  /** The circuit breaker's thresholds (state/breaker.ts). */
  breaker: BreakerOptions;
  /** Triage the failed runs of this many days into the state instead of a heal (input `backfill`). */
  backfillDays?: number;
  /** API calls a backfill makes at most (input `backfill-max-calls`, default 500). */
  backfillMaxCalls?: number;
  /** How long the state keeps events, ledger and audit, and quiet fingerprints (state/events.ts). */
  retention: Retention;
  /** Occurrences from which a failure gets its pattern issue (0: never). */
  patternThreshold: number;
  /** `weekly`: keep a digest issue with the week's metrics, updated in place. */
  digest: 'weekly' | 'off';
  /** Upload the dashboard (one static HTML page) as the `nightwatch-dashboard` artifact. */
  dashboard: boolean;
}

/** A setting that is present but not of the form expected. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Reads one input by name ('' when unset), like core.getInput. */
export type InputReader = (name: string) => string;

function parseBool(name: string, raw: string, fallback: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new SettingsError(`Invalid ${name} '${raw}'. Expected true or false.`);
}

function parseNumber(
  name: string,
  raw: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean
): number {
  const v = raw.trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new SettingsError(`Invalid ${name} '${raw}'. Expected ${kind} from ${min} to ${max}.`);
  }
  return n;
}

/** Splits a list input written one per line or comma-separated. */
export function parseList(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  const parts = Array.isArray(raw) ? raw.map(String) : raw.split(/[\n,]/);
  return parts.map(s => s.trim()).filter(s => s !== '' && !s.startsWith('#'));
}

/** The subset of `.github/nightwatch.yml` Nightwatch reads. */
interface ConfigFile {
  'exclude-branches'?: string[] | string;
  'exclude-workflows'?: string[] | string;
  'protected-paths'?: string[] | string;
  'test-command'?: string;
  'install-command'?: string;
  image?: string;
}

/**
 * Reads `.github/nightwatch.yml` from the trusted checkout (the workflow's own workspace, never the
 * failing commit: a fork or a broken commit must not be able to loosen the settings that judge it).
 */
export async function readConfigFile(workspace: string | undefined): Promise<ConfigFile> {
  if (!workspace) return {};
  const file = path.join(workspace, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new SettingsError(
      `Invalid ${CONFIG_FILE}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SettingsError(`Invalid ${CONFIG_FILE}: expected a mapping of settings at the top level.`);
  }
  return parsed as ConfigFile;
}

/** Reads and validates every input; `env` supplies fallbacks (GEMINI_API_KEY, GOOGLE_GEMINI_BASE_URL). */
export async function readSettings(
  getInput: InputReader,
  env: NodeJS.ProcessEnv,
  workspace?: string
): Promise<Settings> {
  const config = await readConfigFile(workspace);
  const modeRaw = getInput(Inputs.Mode).trim() || 'fix';
  if (modeRaw !== 'diagnose' && modeRaw !== 'comment' && modeRaw !== 'fix') {
    throw new SettingsError(`Invalid ${Inputs.Mode} '${modeRaw}'. Expected diagnose, comment or fix.`);
  }
  const phaseRaw = getInput(Inputs.Phase).trim() || 'all';
  if (phaseRaw !== 'all' && phaseRaw !== 'propose' && phaseRaw !== 'publish') {
    throw new SettingsError(`Invalid ${Inputs.Phase} '${phaseRaw}'. Expected all, propose or publish.`);
  }
  const slack = getInput(Inputs.SlackWebhookUrl).trim();
  if (slack !== '' && !/^https?:\/\/[^\s]+$/.test(slack)) {
    throw new SettingsError(`Invalid ${Inputs.SlackWebhookUrl}. Expected an https:// incoming-webhook URL.`);
  }
  const runIdRaw = getInput(Inputs.RunId).trim();
  let runId: number | undefined;
  if (runIdRaw !== '') {
    if (!/^\d+$/.test(runIdRaw)) {
      throw new SettingsError(
        `Invalid ${Inputs.RunId} '${runIdRaw}'. Expected the numeric id of a workflow run.`
      );
    }
    runId = Number(runIdRaw);
  }
  const workingDirectory = getInput(Inputs.WorkingDirectory).trim() || '.';
  if (path.isAbsolute(workingDirectory) || workingDirectory.split(/[\\/]/).includes('..')) {
    throw new SettingsError(
      `Invalid ${Inputs.WorkingDirectory} '${workingDirectory}'. Expected a relative path inside the repository.`
    );
  }
  const protectedPaths = [
    ...DEFAULT_PROTECTED_PATHS,
    ...parseList(getInput(Inputs.ProtectedPaths)),
    ...parseList(config['protected-paths'])
  ];
  const orConfig = (input: string, key: 'test-command' | 'install-command' | 'image'): string | undefined => {
    const v = getInput(input).trim();
    if (v !== '') return v;
    const c = config[key];
    return typeof c === 'string' && c.trim() !== '' ? c.trim() : undefined;
  };
  const geminiBaseUrl = env.GOOGLE_GEMINI_BASE_URL?.trim();
  const installNetwork = getInput(Inputs.InstallNetwork).trim() || DEFAULT_INSTALL_NETWORK;
  if (!(INSTALL_NETWORK_MODES as readonly string[]).includes(installNetwork)) {
    throw new SettingsError(
      `Invalid ${Inputs.InstallNetwork} '${installNetwork}'. Expected internet (the internet, not the runner ` +
        `or its private network), none, or bridge (Docker's default bridge, which reaches the runner).`
    );
  }
  const commandRaw = getInput(Inputs.Command).trim();
  if (commandRaw !== '' && !(STEERING_COMMANDS as readonly string[]).includes(commandRaw)) {
    throw new SettingsError(
      `Invalid ${Inputs.Command} '${commandRaw}'. Expected ${STEERING_COMMANDS.join(', ')}.`
    );
  }
  const fingerprint = getInput(Inputs.Fingerprint).trim();
  if (fingerprint !== '' && !/^[A-Za-z0-9._:-]{1,128}$/.test(fingerprint)) {
    throw new SettingsError(
      `Invalid ${Inputs.Fingerprint} '${fingerprint.slice(0, 80)}'. Expected a fingerprint as Nightwatch prints it (letters, digits, . _ : -).`
    );
  }
  if (commandRaw !== '' && commandRaw !== 'breaker-reset' && fingerprint === '') {
    throw new SettingsError(`The ${commandRaw} command needs the ${Inputs.Fingerprint} input.`);
  }
  const digest = getInput(Inputs.Digest).trim() || 'off';
  if (digest !== 'weekly' && digest !== 'off') {
    throw new SettingsError(`Invalid ${Inputs.Digest} '${digest}'. Expected weekly or off.`);
  }
  const minute = 60 * 1000;
  const reason = getInput(Inputs.Reason).trim().slice(0, 500);
  const backfillRaw = getInput(Inputs.Backfill).trim();
  const backfillDays =
    backfillRaw === '' ? undefined : parseNumber(Inputs.Backfill, backfillRaw, 0, 1, 90, true);
  if (backfillDays !== undefined && commandRaw !== '')
    throw new SettingsError(
      `Give ${Inputs.Backfill} or ${Inputs.Command}, not both: each is a run of its own.`
    );
  return {
    backfillDays,
    backfillMaxCalls: parseNumber(
      Inputs.BackfillMaxCalls,
      getInput(Inputs.BackfillMaxCalls),
      500,
      1,
      10000,
      true
    ),
    command: commandRaw === '' ? undefined : (commandRaw as SteeringCommand),
    fingerprint: fingerprint === '' ? undefined : fingerprint,
    reason: reason === '' ? undefined : reason,
    breaker: {
      threshold: parseNumber(Inputs.BreakerThreshold, getInput(Inputs.BreakerThreshold), 2, 1, 100, true),
      windowMs:
        parseNumber(Inputs.BreakerWindowMinutes, getInput(Inputs.BreakerWindowMinutes), 60, 1, 10080, true) *
        minute,
      coolDownMs:
        parseNumber(
          Inputs.BreakerCooldownMinutes,
          getInput(Inputs.BreakerCooldownMinutes),
          30,
          0,
          10080,
          true
        ) * minute
    },
    retention: {
      days: parseNumber(Inputs.StateRetentionDays, getInput(Inputs.StateRetentionDays), 30, 1, 90, true),
      fingerprintDays: parseNumber(
        Inputs.FingerprintRetentionDays,
        getInput(Inputs.FingerprintRetentionDays),
        180,
        1,
        3650,
        true
      )
    },
    patternThreshold: parseNumber(
      Inputs.PatternThreshold,
      getInput(Inputs.PatternThreshold),
      3,
      0,
      1000,
      true
    ),
    digest,
    dashboard: parseBool(Inputs.Dashboard, getInput(Inputs.Dashboard), false),
    githubToken: getInput(Inputs.GithubToken).trim(),
    appToken: getInput(Inputs.AppToken).trim(),
    phase: phaseRaw,
    slackWebhookUrl: slack,
    geminiApiKey: getInput(Inputs.GeminiApiKey).trim() || env.GEMINI_API_KEY?.trim() || '',
    geminiModel: getInput(Inputs.GeminiModel).trim() || DEFAULT_GEMINI_MODEL,
    geminiBaseUrl: geminiBaseUrl ? geminiBaseUrl : undefined,
    mode: modeRaw,
    runId,
    testCommand: orConfig(Inputs.TestCommand, 'test-command'),
    installCommand: orConfig(Inputs.InstallCommand, 'install-command'),
    image: orConfig(Inputs.Image, 'image'),
    installNetwork: installNetwork as InstallNetworkMode,
    workingDirectory,
    maxAttempts: parseNumber(Inputs.MaxAttempts, getInput(Inputs.MaxAttempts), 3, 0, 10, true),
    reruns: parseNumber(Inputs.Reruns, getInput(Inputs.Reruns), 2, 0, 10, true),
    minConfidence: parseNumber(Inputs.MinConfidence, getInput(Inputs.MinConfidence), 0.3, 0, 1, false),
    maxRisk: parseNumber(Inputs.MaxRisk, getInput(Inputs.MaxRisk), DEFAULT_MAX_RISK, 0, 1, false),
    maxCostUsd: parseNumber(Inputs.MaxCostUsd, getInput(Inputs.MaxCostUsd), 0.5, 0, 100, false),
    allowForks: parseBool(Inputs.AllowForks, getInput(Inputs.AllowForks), false),
    pushToUpdateBranch: parseBool(Inputs.PushToUpdateBranch, getInput(Inputs.PushToUpdateBranch), false),
    protectedPaths: [...new Set(protectedPaths)],
    dryRun: parseBool(Inputs.DryRun, getInput(Inputs.DryRun), false),
    excludeBranches: parseList(config['exclude-branches']),
    excludeWorkflows: parseList(config['exclude-workflows'])
  };
}
