/** Names relied on from outside the code: inputs, outputs, artifacts, branches, labels. */

export const Inputs = {
  GithubToken: 'github-token',
  GeminiApiKey: 'gemini-api-key',
  GeminiModel: 'gemini-model',
  Mode: 'mode',
  RunId: 'run-id',
  TestCommand: 'test-command',
  InstallCommand: 'install-command',
  Image: 'image',
  InstallNetwork: 'install-network',
  WorkingDirectory: 'working-directory',
  MaxAttempts: 'max-attempts',
  Reruns: 'reruns',
  MinConfidence: 'min-confidence',
  MaxRisk: 'max-risk',
  AllowForks: 'allow-forks',
  PushToUpdateBranch: 'push-to-update-branch',
  ProtectedPaths: 'protected-paths',
  DryRun: 'dry-run',
  MaxCostUsd: 'max-cost-usd',
  AppToken: 'app-token',
  Phase: 'phase',
  SlackWebhookUrl: 'slack-webhook-url',
  Command: 'command',
  Fingerprint: 'command-fingerprint',
  Reason: 'reason',
  BreakerThreshold: 'breaker-threshold',
  BreakerWindowMinutes: 'breaker-window-minutes',
  BreakerCooldownMinutes: 'breaker-cooldown-minutes',
  Backfill: 'backfill',
  BackfillMaxCalls: 'backfill-max-calls',
  StateRetentionDays: 'state-retention-days',
  FingerprintRetentionDays: 'fingerprint-retention-days',
  PatternThreshold: 'pattern-threshold',
  Digest: 'digest',
  Dashboard: 'dashboard'
} as const;

export const Outputs = {
  Status: 'status',
  Fingerprint: 'fingerprint',
  Diagnosis: 'diagnosis',
  PrUrl: 'pr-url',
  PrNumber: 'pr-number',
  IssueUrl: 'issue-url',
  Attempts: 'attempts'
} as const;

/** Prefix of every branch Nightwatch pushes; it never pushes anywhere else. */
export const BRANCH_PREFIX = 'nightwatch/';
/** Trailer written in every commit Nightwatch makes (the loop guard looks for it). */
export const COMMIT_TRAILER = 'Nightwatch-Run';
export const COMMIT_AUTHOR_NAME = 'nightwatch[bot]';
export const COMMIT_AUTHOR_EMAIL = 'nightwatch@users.noreply.github.com';

export const Labels = {
  Fix: 'nightwatch',
  Escalation: 'nightwatch-escalation',
  /** On a PR whose failure Nightwatch diagnosed in `comment` mode. */
  Diagnosed: 'nightwatch-diagnosed',
  /** On a fix PR opened as a draft: its risk is above `max-risk`, or it changes a test's expectations. */
  NeedsReview: 'nightwatch:needs-review',
  /** On the one issue of a failure that keeps coming back (updated in place). */
  Pattern: 'nightwatch-pattern',
  /** On the weekly digest issue (updated in place). */
  Digest: 'nightwatch-digest'
} as const;

/** The artifact the `dashboard` input uploads (one static HTML page). */
export const DASHBOARD_ARTIFACT = 'nightwatch-dashboard';

export const STATE_ARTIFACT = 'nightwatch-state';
export const PATCH_ARTIFACT = 'nightwatch-patch';
export const CONFIG_FILE = '.github/nightwatch.yml';
export const DEFAULT_PROTECTED_PATHS = ['.github/workflows/**'];
/**
 * The default of `max-risk` (repair/risk.ts): one risky trait of a fix alone stays under it, two of
 * them, or one with a large diff or an unsure diagnosis, go over it and make a draft PR.
 */
export const DEFAULT_MAX_RISK = 0.5;
export const DEFAULT_GEMINI_MODEL = 'gemini-3.8-flash';
/** The line written visibly in PR and issue bodies so later runs can find them. */
export const FINGERPRINT_LINE_PREFIX = 'Nightwatch fingerprint:';
