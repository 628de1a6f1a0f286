/**
 * The whole loopback world in one call: GitHub REST emulator, git remote, Gemini emulator and the
 * artifact (results) service, wired together, plus the runner options that point the action at them.
 */
import { ArtifactService } from './artifact-service.js';
import { ArtifactStore } from './artifact-store.js';
import { GeminiEmulator } from './gemini.js';
import { GitHubApi } from './github-api.js';
import { GitRemote } from './git-remote.js';
import {
  DEFAULT_WORKFLOW_FILE,
  NIGHTWATCH_WORKFLOW,
  runAction,
  workflowPermissions,
  type ActionResult,
  type RunActionOptions
} from './harness.js';
import type { Permissions } from './tokens.js';
import { sameName } from './artifact-store.js';

export { ArtifactService } from './artifact-service.js';
export { ArtifactStore } from './artifact-store.js';
export { GeminiEmulator, type GeminiAnswer } from './gemini.js';
export { GitHubApi } from './github-api.js';
export { GitRemote, git } from './git-remote.js';
export {
  DEFAULT_WORKFLOW_FILE,
  NIGHTWATCH_WORKFLOW,
  runAction,
  workflowPermissions,
  workflowRunEvent,
  workflowDispatchEvent,
  type ActionResult,
  type RunActionOptions
} from './harness.js';
export { makeRunLogZip, failingJob, jobSeeds, prCheckoutLines } from './run-logs.js';
export { parsePermissions, RESTRICTED_DEFAULT, type Permissions } from './tokens.js';

/**
 * The job token's permissions for one `world.run`: `permissions` as given, or those a workflow file
 * grants its job (`workflowFile`, `job`); by default the heal job of examples/workflows/nightwatch.yml.
 */
export interface WorldRunPermissions {
  permissions?: Permissions;
  workflowFile?: string;
  job?: string;
}

/** Options of `startWorld`. */
export interface WorldOptions {
  /** The job token the API and git remote accept (default `ghs_test_token`). */
  token?: string;
  /** The Gemini key the emulator accepts (default `test-gemini-key`). */
  geminiKey?: string;
  /**
   * A second token the API and the git remote accept, as a GitHub App installation token (what
   * actions/create-github-app-token gives for the `app-token` input); recorded as `by: 'app'`.
   * Default: none, so only the job token is accepted.
   */
  appToken?: string;
}

/** Everything `startWorld` started. */
export interface World {
  token: string;
  geminiKey: string;
  /** The app token given to startWorld, if any (label `app`). */
  appToken?: string;
  api: GitHubApi;
  git: GitRemote;
  gemini: GeminiEmulator;
  results: ArtifactService;
  artifacts: ArtifactStore;
  /**
   * GITHUB_SERVER_URL for the action: `http://github.localhost:<port>`. @actions/artifact refuses
   * any server that is not github.com, *.ghe.com or *.localhost (it takes the rest for GHES), and
   * `.localhost` never leaves the machine. Clone URLs come from the API's `clone_url` (the git remote).
   */
  serverUrl: string;
  /** The runner options that point an action at this world, with a runtime token minted for `runId`. */
  actionOptions(run: {
    owner: string;
    repo: string;
    runId: number;
  }): Pick<
    RunActionOptions,
    'apiUrl' | 'serverUrl' | 'resultsUrl' | 'runtimeToken' | 'geminiBaseUrl' | 'token' | 'runId'
  >;
  /**
   * `runAction` with `actionOptions` filled in. `runId` is Nightwatch's own run (GITHUB_RUN_ID,
   * default 1000001): the runtime token, and so the artifacts it uploads, belong to it.
   */
  run(o: Omit<RunActionOptions, 'apiUrl' | 'serverUrl'> & WorldRunPermissions): Promise<ActionResult>;
  /** Gives the job token these permissions on the API and the git remote (undefined: everything). */
  grant(permissions: Permissions | undefined): void;
  /** Makes the API and the git remote accept another token; its requests and pushes carry `by: label`. */
  acceptToken(token: string, label: string): void;
  /** Revokes a token on the API and the git remote: from now on it gets GitHub's 401s. */
  revokeToken(token: string): void;
  /** Every request every server saw, in one readable list (for a failing test's message). */
  trace(): string;
  stop(): Promise<void>;
}

/** Starts the four servers on ephemeral loopback ports; `stop()` stops them all. */
export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const token = opts.token ?? 'ghs_test_token';
  const geminiKey = opts.geminiKey ?? 'test-gemini-key';
  const artifacts = new ArtifactStore();
  const tokens: Record<string, string> = opts.appToken !== undefined ? { app: opts.appToken } : {};
  const git = new GitRemote({ token, tokens });
  const gemini = new GeminiEmulator({ apiKey: geminiKey });
  const results = new ArtifactService({ store: artifacts });
  const api = new GitHubApi({
    token,
    tokens,
    artifacts,
    branchSha: (o, r, b) => git.branchSha(o, r, b)
  });
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const s of [git, gemini, results, api]) {
      await s.start();
      started.push(s);
    }
  } catch (err) {
    await Promise.allSettled(started.map(s => s.stop()));
    throw err;
  }
  const port = new URL(git.url).port;
  const serverUrl = `http://github.localhost:${port}`;
  api.serverUrl = serverUrl;
  api.gitUrl = git.url;

  const world: World = {
    token,
    geminiKey,
    ...(opts.appToken !== undefined ? { appToken: opts.appToken } : {}),
    api,
    git,
    gemini,
    results,
    artifacts,
    serverUrl,
    actionOptions(run) {
      // Nightwatch's own run exists on GitHub too (its state artifacts are checked against it: its
      // workflow file and head repository); a run the API does not know yet is added as one of
      // the Nightwatch workflow.
      let known = api.runs.find(r => r.id === run.runId);
      if (!known && api.repos.some(r => sameName(r.owner, run.owner) && sameName(r.name, run.repo))) {
        known = api.addRun({
          owner: run.owner,
          repo: run.repo,
          id: run.runId,
          workflow: NIGHTWATCH_WORKFLOW,
          name: 'Nightwatch',
          headSha: '0'.repeat(40),
          event: 'workflow_run',
          status: 'in_progress',
          conclusion: null
        });
      }
      return {
        apiUrl: api.url,
        serverUrl,
        resultsUrl: results.url,
        runtimeToken: results.runtimeToken({
          ...run,
          headSha: known?.headSha,
          headBranch: known?.headBranch
        }),
        geminiBaseUrl: gemini.url,
        token,
        runId: run.runId
      };
    },
    grant(permissions) {
      api.setPermissions(token, permissions);
      git.setPermissions(token, permissions);
    },
    async run(full) {
      const { permissions, workflowFile, job, ...o } = full;
      world.grant(permissions ?? workflowPermissions(workflowFile ?? DEFAULT_WORKFLOW_FILE, job));
      const [owner, repo] = (
        o.repository ?? `${api.repos[0]?.owner ?? 'acme'}/${api.repos[0]?.name ?? 'widgets'}`
      ).split('/');
      const own = world.actionOptions({ owner, repo, runId: o.runId ?? 1000001 });
      const repositoryId = api.repos.find(r => sameName(r.owner, owner) && sameName(r.name, repo))?.id;
      return runAction({ ...own, repositoryId, ...o, repository: `${owner}/${repo}` });
    },
    acceptToken(t, label) {
      api.acceptToken(t, label);
      git.acceptToken(t, label);
    },
    revokeToken(t) {
      api.revokeToken(t);
      git.revokeToken(t);
    },
    trace(): string {
      return [
        '# GitHub API',
        ...api.requestLog(),
        '# git',
        ...git.requests.map(
          g =>
            `${g.method} ${g.path}${g.service ? ` (${g.service})` : ''} -> ${g.status}${g.by ? ` [${g.by}]` : ''}`
        ),
        ...git.pushes.map(
          p =>
            `push ${p.owner}/${p.repo} ${p.ref} ${p.before.slice(0, 7)}..${p.after.slice(0, 7)}${p.by ? ` [${p.by}]` : ''}`
        ),
        '# Gemini',
        ...gemini.requests.map(
          g => `${g.method} ${g.model} -> ${g.status} (${g.promptText.length} chars of prompt)`
        ),
        '# artifacts',
        ...results.calls.map(c => `${c.method} -> ${c.status}`),
        ...results.blobCalls.map(b => `blob ${b.op} ${b.artifactId} (${b.bytes} bytes) -> ${b.status}`)
      ].join('\n');
    },
    async stop(): Promise<void> {
      await Promise.allSettled([api.stop(), git.stop(), gemini.stop(), results.stop()]);
    }
  };
  return world;
}
