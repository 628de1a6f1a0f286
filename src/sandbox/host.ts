/**
 * The host sandbox, for the CLI where no Docker daemon answers: the install and test commands run on
 * this machine, in a throwaway copy of the tree, with tokens and secrets stripped from their
 * environment. It is NOT isolated (files, network, processes of this user are in reach) and says so.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chownTree } from '../fs/index.js';
import { copyTree, removeTree } from './copy.js';
import { toolingFailure } from './docker.js';
import { BASE_ENV, minimalHostEnv, phaseScript } from './env.js';
import type { Sandbox, SandboxLog, SandboxResult, SandboxRunOptions } from './port.js';
import { runProcess, type ProcessResult } from './process.js';
import { askReports, collectReports, reportOptionRefused, snapshotReports, withGoEvents } from './reports.js';
import { findToolchain, imageToolVersion } from './toolchain.js';

/** How the host sandbox runs; every field has a default. */
export interface HostSandboxOptions {
  /** The environment to start from before secrets are stripped (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Known secret values (tokens, API keys): any variable holding one is dropped. */
  secrets?: string[];
  /** Where run folders are made (default the OS temp dir). */
  tmpRoot?: string;
  /** Default wall-clock limits in ms (install 15 min, test 10 min). */
  installTimeoutMs?: number;
  testTimeoutMs?: number;
  /**
   * The runner's tool cache (default: RUNNER_TOOL_CACHE of `env`): the Python/Node/Go version the
   * spec's image names is taken from it when cached there. Unset (a dev machine): PATH as it is.
   */
  toolCacheDir?: string;
  /**
   * Who the tests run as. Default: when Nightwatch runs as root on Linux, an unprivileged user
   * (65534, "nobody"), so they cannot read this process's environment or memory through /proc;
   * otherwise this user ('self'), with a warning that they can.
   */
  runAs?: { uid: number; gid: number } | 'self';
}

/** The unprivileged user the tests run as when Nightwatch is root. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 };

/** Said when the tests run as Nightwatch's own user: /proc lets them read its environment. */
export const SAME_USER_WARNING =
  'Host sandbox: WARNING: the tests run as this same user, so they can read /proc/<pid>/environ (and, ' +
  'where ptrace is allowed, the memory) of Nightwatch and of every other process of this user, ' +
  'including any token given to Nightwatch (GEMINI_API_KEY, GITHUB_TOKEN). Node cannot make its own ' +
  '/proc entry unreadable to the same user. Use --sandbox docker, or run Nightwatch as root (the ' +
  'tests then run as uid 65534), when the repository is not trusted.';

/** The warning the host sandbox gives, once when made and again before each run. */
export const HOST_SANDBOX_WARNING =
  'Host sandbox: the project code runs on this machine WITHOUT isolation (no container: it can ' +
  'reach the network and read this user’s files). Tokens and secrets are removed from its ' +
  'environment. Use --sandbox docker for isolation.';

const DEFAULT_INSTALL_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;

/** Makes a host sandbox, warning through `log` that it is not isolated. */
export function createHostSandbox(log: SandboxLog, opts: HostSandboxOptions = {}): HostSandbox {
  return new HostSandbox(log, opts);
}

/** See the file comment. */
export class HostSandbox implements Sandbox {
  readonly kind = 'host' as const;
  readonly isolated = false;
  private readonly env: Record<string, string>;
  private readonly toolCacheDir: string | undefined;
  private readonly runAs: { uid: number; gid: number } | undefined;
  /** Names of the variables kept out of the runs (for the report and tests). */
  readonly removedVariables: string[];

  constructor(
    private readonly log: SandboxLog,
    private readonly opts: HostSandboxOptions = {}
  ) {
    const source = opts.env ?? process.env;
    const { env, removed } = minimalHostEnv(source, opts.secrets);
    this.env = { ...env, ...BASE_ENV };
    this.toolCacheDir = opts.toolCacheDir ?? source.RUNNER_TOOL_CACHE;
    this.removedVariables = removed;
    const root = process.platform === 'linux' && process.getuid?.() === 0;
    const runAs = opts.runAs ?? (root ? UNPRIVILEGED : 'self');
    this.runAs = runAs === 'self' || process.platform === 'win32' ? undefined : runAs;
    log(HOST_SANDBOX_WARNING);
    if (!this.runAs && process.platform !== 'win32') log(SAME_USER_WARNING);
  }

  async run(opts: SandboxRunOptions): Promise<SandboxResult> {
    const { spec } = opts;
    const started = Date.now();
    this.log(`Host sandbox (not isolated): running '${spec.test}' on this machine`);
    let env = this.envFor(spec);
    const { root, tree } = await copyTree(opts.workdir, this.opts.tmpRoot);
    let user = this.runAs;
    try {
      if (user) {
        const home = path.join(root, 'home');
        await mkdir(home, { recursive: true });
        if (await reachableByOthers(path.dirname(root))) {
          // The copy and a fresh HOME belong to that user: it can work in them and nowhere of ours.
          await chownTree(root, user.uid, user.gid);
          env = { ...env, HOME: home };
          this.log(`Host sandbox: the tests run as uid ${user.uid} (not this process's user)`);
        } else {
          this.log(
            `Host sandbox: ${path.dirname(root)} is not reachable by uid ${user.uid}; the tests run as this user. ${SAME_USER_WARNING}`
          );
          user = undefined;
        }
      }
      // The workflow's plain env under the sandbox's own (PATH and HOME stay ours).
      if (spec.env) env = { ...spec.env, ...env };
      if (spec.services && spec.services.length > 0)
        this.log(
          `Host sandbox: the job's services (${spec.services.map(s => s.name).join(', ')}) are not started ` +
            `without Docker; tests that need them will fail.`
        );
      if (spec.install) {
        const timeout = opts.installTimeoutMs ?? this.opts.installTimeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS;
        const r = await this.shell(spec.install, tree, timeout, env, user);
        if (
          r.exitCode !== 0 &&
          (spec.installFallback === 'any' ||
            (spec.installFallback === 'tooling' && !r.timedOut && toolingFailure(r.exitCode, r.output)))
        ) {
          this.log(
            `The install '${spec.install}' failed ` +
              `(${r.output.trim().split('\n').pop() ?? `exit ${r.exitCode}`}); running the tests without it.`
          );
        } else if (r.exitCode !== 0) {
          return {
            exitCode: r.exitCode,
            output: r.output,
            durationMs: Date.now() - started,
            timedOut: r.timedOut,
            image: 'host',
            phase: 'install'
          };
        }
      }
      const timeout = opts.timeoutMs ?? this.opts.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
      // Test reports: pytest is asked for JUnit XML; what the tree held before (committed, or made
      // by the install) does not count.
      const asked =
        process.platform === 'win32' ? { command: spec.test, files: [] } : askReports(spec.test, tree);
      const before = await snapshotReports(tree);
      let r = await this.shell(asked.command, tree, timeout, env, user);
      if (asked.files.length > 0 && reportOptionRefused(r.exitCode, r.output))
        r = await this.shell(spec.test, tree, timeout, env, user);
      const { reports, ignored } = await collectReports(tree, before, asked.files);
      for (const i of ignored) this.log(`Host sandbox: test report ignored: ${i}`);
      const go = withGoEvents(r.output, asked, reports);
      return {
        reports: go.reports,
        exitCode: r.exitCode,
        output: go.output,
        durationMs: Date.now() - started,
        timedOut: r.timedOut,
        image: 'host',
        phase: 'test'
      };
    } finally {
      await removeTree(root);
    }
  }

  /** The run's environment: the toolchain the image would have had first on PATH, when cached. */
  private envFor(spec: SandboxRunOptions['spec']): Record<string, string> {
    const want = imageToolVersion(spec);
    if (!want || !this.toolCacheDir) return this.env;
    const found = findToolchain(spec, this.toolCacheDir);
    if (!found) {
      this.log(`Host sandbox: no ${want.tool} ${want.version} in the tool cache; using the one on PATH`);
      return this.env;
    }
    this.log(`Host sandbox: ${found.tool} ${found.version} from the tool cache`);
    const key = Object.keys(this.env).find(k => k.toUpperCase() === 'PATH') ?? 'PATH';
    return { ...this.env, [key]: [...found.dirs, this.env[key]].filter(Boolean).join(path.delimiter) };
  }

  /** One phase in its own process group, so a timeout (or the end of the run) kills all it started. */
  private async shell(
    command: string,
    cwd: string,
    timeoutMs: number,
    env: Record<string, string>,
    user?: { uid: number; gid: number }
  ): Promise<ProcessResult> {
    const r =
      process.platform === 'win32'
        ? await runProcess(env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', command], { cwd, env, timeoutMs })
        : await runProcess('/bin/sh', ['-c', phaseScript(command, cwd)], {
            cwd,
            env,
            timeoutMs,
            processGroup: true,
            ...(user ?? {})
          });
    return r.timedOut
      ? { ...r, output: `${r.output}\n[nightwatch] killed after ${timeoutMs / 1000}s (time limit)\n` }
      : r;
  }
}

/** Every folder from `dir` up to `/` can be passed through by other users (o+x). */
async function reachableByOthers(dir: string): Promise<boolean> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await stat(d).catch(() => undefined);
    if (!st || (st.mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}
