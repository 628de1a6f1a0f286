/**
 * The Docker sandbox: the project's install and test commands in throwaway containers on the runner's
 * own daemon, on a throwaway copy of the tree, with no token, no secret and no Docker socket inside.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chownTree, writeTreeFile } from '../fs/index.js';
import { copyTree, removeTree } from './copy.js';
import {
  containerHome,
  containerToolEnv,
  INSTALLED_MARKER,
  phaseScript,
  SANDBOX_STATE_DIR,
  TREE_NOT_MOUNTED
} from './env.js';
import { installKey, sourceFiles } from './install-key.js';
import { onCancel } from '../cancel.js';
import { findCachedInstall, openInstallCache, storeCachedInstall } from './install-cache.js';
import { startServices, type RunningServices } from './services.js';
import { SandboxError, SandboxUnavailableError } from './errors.js';
import type { ProjectSpec, Sandbox, SandboxLog, SandboxResult, SandboxRunOptions } from './port.js';
import { runProcess, type ProcessResult } from './process.js';
import { askReports, collectReports, reportOptionRefused, snapshotReports, withGoEvents } from './reports.js';
import {
  DEFAULT_INSTALL_NETWORK,
  hostExec,
  openInstallNetwork,
  type InstallNetwork,
  type InstallNetworkMode
} from './install-network.js';

/** How the Docker sandbox runs containers; every field has a default. */
export interface DockerSandboxOptions {
  /** The docker CLI (default `docker` on PATH). */
  docker?: string;
  /**
   * Environment of the docker *CLI* (default: this process's). Only what the CLI needs to find the
   * daemon is kept from it (PATH, HOME, DOCKER_HOST, DOCKER_CONFIG...); none of it reaches a container.
   */
  clientEnv?: NodeJS.ProcessEnv;
  /** CPUs per container (default: 2, or fewer when the machine has fewer). */
  cpus?: number;
  /** Memory per container, docker syntax (default `4g`); swap is not allowed beyond it. */
  memory?: string;
  /** Process limit per container (default 1024): a fork bomb stops there. */
  pidsLimit?: number;
  /** `uid:gid` inside the container (default: see `chooseUser`). */
  user?: string;
  /** Where run folders are made (default the OS temp dir). */
  tmpRoot?: string;
  /** Default wall-clock limits in ms (install 15 min, test 10 min). */
  installTimeoutMs?: number;
  testTimeoutMs?: number;
  /** Try `docker pull` for a missing image (default true), and for how long (default 5 min). */
  pull?: boolean;
  pullTimeoutMs?: number;
  /**
   * How long past its limit a container ends itself when nobody is left to remove it (Nightwatch
   * killed mid-run): default 30 s.
   */
  watchdogGraceMs?: number;
  /**
   * Network of the install phase (install-network.ts): `internet` (default: the internet, not the
   * host, its private network or the metadata address), `none`, or `bridge` (Docker's default
   * bridge, which reaches the host). The test phase always has `none`.
   */
  installNetwork?: InstallNetworkMode;
  /**
   * The job's install cache (install-cache.ts): a successful install is kept there under its key,
   * and a later heal of the same job (a new sandbox) starts from it. Unset: the kept install goes
   * with the sandbox (`close`). Give a folder the job owns and empties, e.g. `$RUNNER_TEMP/...`.
   */
  installCache?: string;
  /** Where warnings about the install network go (default: `log`). */
  warn?: SandboxLog;
  log?: SandboxLog;
}

/** Label on every sandbox container, so leftovers can be found (`docker ps -a --filter label=...`). */
export const SANDBOX_LABEL = 'nightwatch.sandbox';
/** Where the copied tree is mounted in the container. */
export const CONTAINER_WORKDIR = '/work';
/** Where the kept install is mounted (read-only) in a run that starts from it. */
export const KEPT_INSTALL_MOUNT = '/nightwatch-install';

const DEFAULT_INSTALL_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_PULL_TIMEOUT_MS = 5 * 60_000;
const CLIENT_TIMEOUT_MS = 60_000;
const DEFAULT_WATCHDOG_GRACE_MS = 30_000;
// A running pull, install or test says so this often, with its elapsed time.
const PROGRESS_EVERY_MS = 15_000;
// The test phase: no network at all.
const NO_NETWORK = { dockerArgs: ['--network', 'none'], description: 'none' };
// Written into each copy; the container checks for it (see phaseScript).
const MOUNT_MARKER = 'mounted';
// The uid:gid the tree is handed to when Nightwatch runs as root: any unprivileged id works, the
// official images do not need it to exist in /etc/passwd (HOME=/tmp).
const FALLBACK_USER = { uid: 1000, gid: 1000 };
const CLIENT_VARS =
  /^(PATH|HOME|USER|TMPDIR|TEMP|TMP|SystemRoot|ProgramData|APPDATA|LOCALAPPDATA|USERPROFILE|XDG_RUNTIME_DIR|DOCKER_HOST|DOCKER_CONFIG|DOCKER_CONTEXT|DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|DOCKER_API_VERSION)$/;

/**
 * An install that failed for tooling reasons, not the project's: the image lacks what the guessed
 * command needs (no venv or pip module, a package manager not installed, PEP 668).
 */
const TOOLING_FAILURE =
  /No module named '?(venv|pip|ensurepip)\b|ensurepip is not\s+available|virtual environment was not created successfully|externally-managed-environment|\b(corepack|npm|yarn|pnpm|pip3?|poetry|uv|tox|nox|go|cargo|mvn|gradle|make)\b:?.{0,20}\bnot found/i;

/** True when a failed install failed for tooling reasons (see TOOLING_FAILURE). */
export function toolingFailure(exitCode: number, output: string): boolean {
  return exitCode === 127 || exitCode === 126 || TOOLING_FAILURE.test(output);
}

/** A failed install the tests run without (ProjectSpec.installFallback). */
function skipFailedInstall(spec: ProjectSpec, r: ProcessResult): boolean {
  if (spec.installFallback === 'any') return true;
  return spec.installFallback === 'tooling' && !r.timedOut && toolingFailure(r.exitCode, r.output);
}

/** The install as kept for later runs (one per key; see install-key.ts). */
interface KeptInstall {
  key: string;
  /** The installed tree (its run folder `root`), mounted read-only into later runs. */
  root?: string;
  tree?: string;
  /** The source files when it was made: those gone since are removed from a run's tree. */
  sources: Set<string>;
  /** A failed install, returned by every run with the same key. */
  failed?: ProcessResult;
  /** The guessed install failed for tooling reasons: runs go without it. */
  skipped?: boolean;
  /** In the job's install cache: kept for later heals, not removed by `close`. */
  shared?: boolean;
  /** Ends its registration for a cancel (src/cancel.ts). */
  untrack?: () => void;
}

/** One call of the docker CLI. */
interface DockerExec {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Creates a Docker sandbox after checking that the daemon answers; throws `SandboxUnavailableError` if not. */
export async function createDockerSandbox(opts: DockerSandboxOptions = {}): Promise<DockerSandbox> {
  const sandbox = new DockerSandbox(opts);
  await sandbox.connect();
  return sandbox;
}

/** The Docker sandbox (see the file comment); made by `createDockerSandbox`. */
export class DockerSandbox implements Sandbox {
  readonly kind = 'docker' as const;
  readonly isolated = true;
  private readonly docker: string;
  private readonly clientEnv: Record<string, string>;
  private readonly log: SandboxLog;
  private readonly available = new Set<string>();
  private user: { uid: number; gid: number; chown: boolean } = { uid: 0, gid: 0, chown: false };
  /** Set when the daemon's containers are not behind this host's firewall (rootless, remote). */
  private noHostFirewall?: string;
  /** Why an image could not be pulled, as Docker said it. */
  private readonly pullErrors = new Map<string, string>();
  private kept?: KeptInstall;
  private installLock: Promise<unknown> = Promise.resolve();
  private installCount = 0;

  constructor(private readonly opts: DockerSandboxOptions) {
    this.docker = opts.docker ?? 'docker';
    this.log = opts.log ?? ((): void => undefined);
    const env = opts.clientEnv ?? process.env;
    this.clientEnv = {};
    for (const [k, v] of Object.entries(env))
      if (v !== undefined && CLIENT_VARS.test(k)) this.clientEnv[k] = v;
  }

  /** Where the CLI looks for the daemon, for messages. */
  get daemonAddress(): string {
    if (this.clientEnv.DOCKER_HOST) return this.clientEnv.DOCKER_HOST;
    if (this.clientEnv.DOCKER_CONTEXT) return `docker context '${this.clientEnv.DOCKER_CONTEXT}'`;
    return process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
  }

  /** Checks the daemon and decides the container user; throws `SandboxUnavailableError`. */
  async connect(): Promise<void> {
    // Both questions at once: each is a docker client start-up, a visible share of a short heal.
    const [r, info] = await Promise.all([
      this.exec(['version', '--format', '{{.Server.Version}}'], 20_000),
      this.exec(['info', '--format', '{{json .SecurityOptions}}'], 20_000)
    ]);
    if (r.exitCode !== 0) {
      const detail = lastLine(r.stderr || r.stdout);
      throw new SandboxUnavailableError(
        `Docker daemon not reachable at ${this.daemonAddress}: start Docker or use --sandbox host` +
          (detail ? ` (${detail})` : ''),
        'daemon'
      );
    }
    this.user = this.chooseUser(info.stdout);
    if (/name=rootless/.test(info.stdout))
      this.noHostFirewall = "rootless Docker: its containers' traffic does not pass this host's firewall";
    else if (/^(tcp|ssh):/.test(this.clientEnv.DOCKER_HOST ?? ''))
      this.noHostFirewall = `the Docker daemon is remote (${this.clientEnv.DOCKER_HOST})`;
    this.log(
      `Docker ${r.stdout.trim()} at ${this.daemonAddress}; containers run as ${this.user.uid}:${this.user.gid}`
    );
  }

  /** True when the daemon answers. */
  async ping(): Promise<boolean> {
    return (await this.exec(['version', '--format', '{{.Server.Version}}'], 20_000)).exitCode === 0;
  }

  /**
   * The image by digest: its repo digest for the same repository (`python@sha256:…`), else its first
   * one, else (a local image, never pushed or pulled) its image ID `sha256:…`.
   */
  async imageDigest(image: string): Promise<string | undefined> {
    const r = await this.exec(
      ['image', 'inspect', '--format', '{{json .RepoDigests}} {{.Id}}', image],
      20_000
    );
    if (r.exitCode !== 0) return undefined;
    const m = /^(\[.*?\]|null) (sha256:[0-9a-f]{64})\s*$/.exec(r.stdout.trim());
    if (!m) return undefined;
    let digests: string[] = [];
    try {
      const parsed: unknown = JSON.parse(m[1]);
      if (Array.isArray(parsed)) digests = parsed.filter((d): d is string => typeof d === 'string');
    } catch {
      // no repo digests
    }
    digests = digests.filter(d => /^[\w./:-]+@sha256:[0-9a-f]{64}$/.test(d));
    const repo = image.split('@')[0].replace(/:[\w.-]+$/, '');
    return digests.find(d => d.split('@')[0] === repo) ?? digests[0] ?? m[2];
  }

  /** True when `image` is present locally or could be pulled now. */
  async tryImageAvailable(image: string): Promise<boolean> {
    if (this.available.has(image)) return true;
    if ((await this.exec(['image', 'inspect', '--format', '{{.Id}}', image])).exitCode === 0) {
      this.available.add(image);
      return true;
    }
    if (this.opts.pull === false) {
      this.pullErrors.set(image, 'not present locally, and pulling is off');
      return false;
    }
    const limit = this.opts.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
    const t0 = Date.now();
    const secs = (): string => `${Math.round((Date.now() - t0) / 1000)}s`;
    this.log(`Pulling ${image} (limit ${Math.round(limit / 1000)}s)`);
    // A pull of a large image takes minutes: say it is still going.
    const ticker = setInterval(() => this.log(`Still pulling ${image} (${secs()})`), PROGRESS_EVERY_MS);
    let pulled: DockerExec;
    try {
      pulled = await this.exec(['pull', '--quiet', image], limit);
    } finally {
      clearInterval(ticker);
    }
    if (pulled.exitCode !== 0) {
      const reason =
        pulled.exitCode === 124
          ? `no answer within ${Math.round(limit / 1000)}s`
          : dockerReason(pulled.stderr || pulled.stdout, `exit ${pulled.exitCode}`);
      this.pullErrors.set(image, reason);
      this.log(`Could not pull ${image} after ${secs()}: ${reason}`);
      return false;
    }
    this.log(`Pulled ${image} in ${secs()}`);
    this.available.add(image);
    return true;
  }

  /** Installs run so far (once per spec and dependency files; see install-key.ts). */
  get installs(): number {
    return this.installCount;
  }

  /** Removes the kept install. */
  async close(): Promise<void> {
    await this.withInstallLock(async () => {
      if (this.kept?.root && !this.kept.shared) await removeTree(this.kept.root);
      this.kept?.untrack?.();
      this.kept = undefined;
    });
  }

  /** All images of a run, present or pulled; throws SandboxUnavailableError naming Docker's reason. */
  private async ensureImages(images: string[]): Promise<void> {
    for (const image of [...new Set(images)]) {
      if (await this.tryImageAvailable(image)) continue;
      const why = this.pullErrors.get(image) ?? 'could not be pulled';
      throw new SandboxUnavailableError(
        `Image '${image}' is not available: ${why}. Pull or build it, or pass another image (input image, --image).`,
        'image'
      );
    }
  }

  async run(opts: SandboxRunOptions): Promise<SandboxResult> {
    const { spec } = opts;
    const started = Date.now();
    // The copy, the image check and the source listing are independent: side by side (each is a
    // visible share of a run of a small suite).
    const [available, copied, listed] = await Promise.allSettled([
      this.ensureImages([spec.image, ...(spec.services ?? []).map(s => s.image)]),
      copyTree(opts.workdir, this.opts.tmpRoot),
      spec.install ? sourceFiles(opts.workdir) : Promise.resolve([])
    ]);
    if (available.status === 'rejected' || copied.status === 'rejected' || listed.status === 'rejected') {
      if (copied.status === 'fulfilled') await removeTree(copied.value.root);
      for (const r of [available, copied, listed]) if (r.status === 'rejected') throw r.reason;
      throw new Error('unreachable');
    }
    const { root, tree } = copied.value;
    const untrackCopy = await this.track('copy', () => removeTree(root));
    const result = (r: ProcessResult, phase: 'install' | 'test'): SandboxResult => ({
      exitCode: r.exitCode,
      output: r.output,
      durationMs: Date.now() - started,
      timedOut: r.timedOut,
      image: spec.image,
      phase
    });
    try {
      await this.prepareTree(tree);
      const extra: PhaseExtra = {};
      let keptTree: string | undefined;
      if (spec.install) {
        const kept = await this.keptInstall(opts, listed.value);
        if (kept.failed) return result(kept.failed, 'install');
        if (kept.tree) {
          keptTree = kept.tree;
          const now = new Set(listed.value);
          extra.mounts = [`type=bind,source=${kept.tree},target=${KEPT_INSTALL_MOUNT},readonly`];
          extra.restore = {
            from: KEPT_INSTALL_MOUNT,
            remove: [...kept.sources].filter(f => !now.has(f)),
            keep: spec.installWrites ?? []
          };
        }
      }
      const timeout = opts.timeoutMs ?? this.opts.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
      let services: RunningServices | undefined;
      if (spec.services && spec.services.length > 0) {
        const t0 = Date.now();
        try {
          services = await startServices(spec.services, {
            docker: (args, ms) => this.exec(args, ms),
            log: this.log,
            warn: this.opts.warn ?? this.log,
            ...this.limits()
          });
        } catch (error) {
          throw new SandboxError(error instanceof Error ? error.message : String(error));
        }
        this.log(`services ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
      const running = services;
      const untrackServices = running && (await this.track('services', () => running.release()));
      try {
        // Test reports: pytest is asked for JUnit XML; what was in the tree before does not count.
        const asked = askReports(spec.test, CONTAINER_WORKDIR);
        const before = await snapshotReports(tree, keptTree);
        const net = services ?? NO_NETWORK;
        let r = await this.phase('test', spec, asked.command, tree, net, timeout, extra);
        if (asked.files.length > 0 && reportOptionRefused(r.exitCode, r.output)) {
          this.log('test: pytest refuses --junitxml here (-p no:junitxml?); running the command as given');
          r = await this.phase('test', spec, spec.test, tree, net, timeout, extra);
        }
        const { reports, ignored } = await collectReports(tree, before, asked.files);
        for (const i of ignored) this.log(`test report ignored: ${i}`);
        const go = withGoEvents(r.output, asked, reports);
        return { ...result({ ...r, output: go.output }, 'test'), reports: go.reports };
      } finally {
        untrackServices?.();
        await services?.release();
      }
    } finally {
      untrackCopy();
      await removeTree(root);
    }
  }

  /** The state folder, HOME and the mount marker in a fresh copy, handed to the container user. */
  private async prepareTree(tree: string): Promise<void> {
    await mkdir(path.join(tree, SANDBOX_STATE_DIR), { recursive: true });
    await mkdir(path.join(tree, path.posix.relative(CONTAINER_WORKDIR, containerHome(CONTAINER_WORKDIR))), {
      recursive: true
    });
    await writeFile(path.join(tree, SANDBOX_STATE_DIR, MOUNT_MARKER), '');
    if (this.user.chown) await chownTree(tree, this.user.uid, this.user.gid);
  }

  private withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.installLock.then(fn);
    this.installLock = next.catch(() => undefined);
    return next;
  }

  /**
   * The install of this spec and tree, run once: a later run whose dependency files and install
   * command are the same (install-key.ts) starts from the kept result instead of installing again.
   */
  private keptInstall(opts: SandboxRunOptions, files: string[]): Promise<KeptInstall> {
    return this.withInstallLock(async () => {
      const { spec } = opts;
      const key = await installKey(opts.workdir, spec, files);
      if (this.kept?.key === key) {
        if (this.kept.tree) this.log(`install: reusing the install made earlier in this heal (${key})`);
        return this.kept;
      }
      if (this.kept?.root && !this.kept.shared) await removeTree(this.kept.root);
      this.kept?.untrack?.();
      this.kept = undefined;
      const cache = this.opts.installCache ? await openInstallCache(this.opts.installCache) : {};
      if (cache.problem) this.log(`install cache not used: ${cache.problem}`);
      const cached = cache.dir && (await findCachedInstall(cache.dir, key));
      if (cached) {
        this.log(`install: reused the install of an earlier heal in this job (${key})`);
        this.kept = { key, ...cached, shared: true };
        return this.kept;
      }
      const { root, tree } = await copyTree(opts.workdir, cache.dir ?? this.opts.tmpRoot);
      const untrack = await this.track('install copy', () => removeTree(root));
      const sources = new Set(files);
      let keep = false;
      try {
        await this.prepareTree(tree);
        const timeout = opts.installTimeoutMs ?? this.opts.installTimeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS;
        const network = await this.installNetwork();
        const untrackNetwork = await this.track('install network', () => network.release());
        const t0 = Date.now();
        let r: ProcessResult;
        try {
          this.installCount++;
          r = await this.phase('install', spec, spec.install!, tree, network, timeout);
        } finally {
          untrackNetwork();
          await network.release();
        }
        const secs = ((Date.now() - t0) / 1000).toFixed(1);
        if (r.exitCode !== 0 && skipFailedInstall(spec, r)) {
          (this.opts.warn ?? this.log)(
            `The ${spec.installFallback === 'any' ? "workflow's" : 'detected'} install '${spec.install}' failed in ` +
              `${spec.image}${spec.installFallback === 'tooling' ? ' for tooling reasons' : ''} ` +
              `(${r.timedOut ? 'time limit' : lastLine(r.output) || `exit ${r.exitCode}`}); running the tests without it. ` +
              `Give the install command (input install-command, --install) or an image that has the tools.`
          );
          this.kept = { key, sources, skipped: true };
          return this.kept;
        }
        if (r.exitCode !== 0) {
          this.log(`install: failed (exit ${r.exitCode}) in ${secs}s`);
          this.kept = { key, sources, failed: r };
          return this.kept;
        }
        // The tree is the container's work now: written through src/fs, which refuses a link.
        await writeTreeFile(tree, `${SANDBOX_STATE_DIR}/${INSTALLED_MARKER}`, key);
        this.log(`install: done in ${secs}s; later runs start from it`);
        const stored = cache.dir && (await storeCachedInstall(cache.dir, key, root, sources));
        this.kept = stored ? { key, ...stored, shared: true } : { key, root, tree, sources, untrack };
        if (stored) untrack();
        keep = true;
        return this.kept;
      } finally {
        if (!keep) {
          untrack();
          await removeTree(root);
        }
      }
    });
  }

  private limits(): { cpus: number; memory: string; pidsLimit: number } {
    return {
      cpus: this.opts.cpus ?? Math.min(2, os.availableParallelism()),
      memory: this.opts.memory ?? '4g',
      pidsLimit: this.opts.pidsLimit ?? 1024
    };
  }

  /** One phase in one fresh container: create, start attached under the time limit, always remove. */
  private async phase(
    phase: 'install' | 'test',
    spec: ProjectSpec,
    command: string,
    tree: string,
    network: Pick<InstallNetwork, 'dockerArgs' | 'description'>,
    timeoutMs: number,
    extra: PhaseExtra = {}
  ): Promise<ProcessResult> {
    const name = `nightwatch-sbx-${randomUUID().slice(0, 12)}`;
    const { cpus, memory, pidsLimit } = this.limits();
    // The workflow's plain env first: the sandbox's own variables (HOME, caches, CI) win.
    const env = { ...(spec.env ?? {}), ...containerToolEnv(spec.language, CONTAINER_WORKDIR, phase) };
    const watchdogSeconds = (timeoutMs + (this.opts.watchdogGraceMs ?? DEFAULT_WATCHDOG_GRACE_MS)) / 1000;
    const args = [
      'run',
      // Removed by the daemon as soon as it ends, even when we are no longer there to do it.
      '--rm',
      '--name',
      name,
      '--label',
      `${SANDBOX_LABEL}=${phase}`,
      ...network.dockerArgs,
      '--user',
      `${this.user.uid}:${this.user.gid}`,
      '--workdir',
      CONTAINER_WORKDIR,
      '--mount',
      `type=bind,source=${tree},target=${CONTAINER_WORKDIR}`,
      ...(extra.mounts ?? []).flatMap(m => ['--mount', m]),
      '--cpus',
      String(cpus),
      '--memory',
      memory,
      '--memory-swap',
      memory,
      '--pids-limit',
      String(pidsLimit),
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      // An explicit, minimal environment: each variable by value (never `-e NAME`, which would copy
      // the CLI's own value), nothing from the host.
      ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      '--entrypoint',
      '/bin/sh',
      spec.image,
      '-c',
      phaseScript(command, CONTAINER_WORKDIR, {
        marker: MOUNT_MARKER,
        watchdogSeconds,
        restore: extra.restore
      })
    ];
    this.log(
      `${phase}: ${command} (${spec.image}; network ${network.description}; ${cpus} CPU, ${memory}, ${timeoutMs / 1000}s limit)`
    );
    // Set once the attached client has seen the container end: `--rm` has the daemon remove it.
    let ended = false;
    // On a cancel: removed (twice: `docker run` may be creating it right then).
    const untrack = await this.track(`container ${name}`, async () => {
      await this.exec(['rm', '--force', '--volumes', name]);
      await new Promise(resolve => setTimeout(resolve, 500));
      await this.exec(['rm', '--force', '--volumes', name]);
    });
    const t0 = Date.now();
    const secs = (): number => Math.round((Date.now() - t0) / 1000);
    // A long phase says it is still going, so a heal never looks stuck.
    const ticker = setInterval(() => this.log(`${phase}: still running (${secs()}s)`), PROGRESS_EVERY_MS);
    try {
      // One `docker run` (attached, --rm): a create and a start would be two clients per phase.
      const client = await runProcess(this.docker, args, {
        env: this.clientEnv,
        timeoutMs,
        // Removing the container is what stops it; the attached client then returns.
        onTimeout: async () => {
          await this.exec(['rm', '--force', name]);
        }
      });
      // The phase script sends everything to stdout (`exec 2>&1`): the client's stderr holds
      // docker's own errors and warnings only (no such image, a daemon fault, no swap limit
      // support), which are not the project's output.
      const r: ProcessResult = { ...client, output: client.stdout };
      if (r.exitCode === 125 && r.stderr.trim() !== '' && !r.output.includes(TREE_NOT_MOUNTED)) {
        throw new SandboxError(`docker run failed for ${spec.image}: ${dockerReason(r.stderr)}`);
      }
      // Not after a time-out, a docker error (125), a client that could not start (127) or was
      // killed (137, also an OOM kill): then the container may still be there.
      ended = !r.timedOut && ![125, 127, 137].includes(r.exitCode);
      if (r.timedOut) {
        return {
          ...r,
          output: `${r.output}\n[nightwatch] ${phase} killed after ${timeoutMs / 1000}s (time limit)\n`
        };
      }
      if (r.exitCode === 125 && r.output.includes(TREE_NOT_MOUNTED)) {
        throw new SandboxUnavailableError(
          `The Docker daemon at ${this.daemonAddress} cannot see ${tree} (Nightwatch in a container job, or a ` +
            `remote daemon?): use --sandbox host, or run on a runner with its own Docker.`,
          'daemon'
        );
      }
      if (phase === 'test') this.log(`test: exit ${r.exitCode} in ${secs()}s`);
      if (r.exitCode === 137) {
        // The container is gone already (--rm), so its OOMKilled flag cannot be read; say what is likely.
        return {
          ...r,
          output: `${r.output}\n[nightwatch] ${phase} killed (SIGKILL, exit 137): likely out of memory (limit ${memory})\n`
        };
      }
      return r;
    } finally {
      clearInterval(ticker);
      // Whatever else happened (a client killed, an error, a time-out), the container goes.
      if (!ended) await this.exec(['rm', '--force', '--volumes', name]);
      untrack();
    }
  }

  /** Registers the removal of `what` for a cancel (src/cancel.ts); once one began, removes it and throws. */
  private async track(what: string, cleanup: () => Promise<unknown>): Promise<() => void> {
    try {
      return onCancel(what, cleanup);
    } catch (error) {
      await cleanup().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs as a non-root uid. Rootless Docker and user-namespace remapping map container ids onto
   * subordinate host ids, so a host uid would not own the mount: there, container root is itself an
   * unprivileged host user and is used. Otherwise: our own uid (it owns the copy), or, when we run
   * as root (a container job, this machine), an unprivileged uid the copy is handed to.
   */
  private chooseUser(securityOptions: string): { uid: number; gid: number; chown: boolean } {
    if (/name=(rootless|userns)/.test(securityOptions)) return { uid: 0, gid: 0, chown: false };
    if (this.opts.user) {
      const [uid, gid] = this.opts.user.split(':').map(Number);
      return { uid, gid: Number.isFinite(gid) ? gid : uid, chown: process.getuid?.() === 0 };
    }
    const uid = process.getuid?.() ?? FALLBACK_USER.uid;
    const gid = process.getgid?.() ?? FALLBACK_USER.gid;
    if (uid !== 0) return { uid, gid, chown: false };
    return { ...FALLBACK_USER, chown: true };
  }

  /** The network of one install phase (install-network.ts); `release()` it afterwards. */
  private installNetwork(): Promise<InstallNetwork> {
    return openInstallNetwork({
      mode: this.opts.installNetwork ?? DEFAULT_INSTALL_NETWORK,
      docker: args => this.exec(args),
      exec: hostExec,
      warn: this.opts.warn ?? this.log,
      noHostFirewall: this.noHostFirewall
    });
  }

  /** The one private exec of the docker CLI; never throws for a non-zero exit. */
  private async exec(args: string[], timeoutMs = CLIENT_TIMEOUT_MS): Promise<DockerExec> {
    const r = await runProcess(this.docker, args, {
      env: this.clientEnv,
      timeoutMs,
      maxOutputBytes: 1024 * 1024
    });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** Extra `docker run` parts of one phase: mounts, and the kept install to start from. */
interface PhaseExtra {
  mounts?: string[];
  restore?: { from: string; remove: string[]; keep: string[] };
}

/** Docker's reason from its stderr, without the `Run 'docker run --help'` hint that follows it. */
function dockerReason(stderr: string, fallback = 'exit 125'): string {
  const lines = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !/^(Run|See) 'docker .*--help'/.test(l));
  return lines[lines.length - 1] ?? fallback;
}
