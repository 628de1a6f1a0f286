/**
 * The Docker sandbox: the project's install and test commands in throwaway containers on the runner's
 * own daemon, on a throwaway copy of the tree, with no token, no secret and no Docker socket inside.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chownTree } from '../fs/index.js';
import { copyTree, removeTree } from './copy.js';
import { containerToolEnv, phaseScript, SANDBOX_STATE_DIR, TREE_NOT_MOUNTED } from './env.js';
import { SandboxError, SandboxUnavailableError } from './errors.js';
import type { ProjectSpec, Sandbox, SandboxLog, SandboxResult, SandboxRunOptions } from './port.js';
import { runProcess, type ProcessResult } from './process.js';
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
  /** Where warnings about the install network go (default: `log`). */
  warn?: SandboxLog;
  log?: SandboxLog;
}

/** Label on every sandbox container, so leftovers can be found (`docker ps -a --filter label=...`). */
export const SANDBOX_LABEL = 'nightwatch.sandbox';
/** Where the copied tree is mounted in the container. */
export const CONTAINER_WORKDIR = '/work';

const DEFAULT_INSTALL_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_TEST_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_PULL_TIMEOUT_MS = 5 * 60_000;
const CLIENT_TIMEOUT_MS = 60_000;
const DEFAULT_WATCHDOG_GRACE_MS = 30_000;
// The test phase: no network at all.
const NO_NETWORK = { dockerArgs: ['--network', 'none'], description: 'none' };
// Written into each copy; the container checks for it (see phaseScript).
const MOUNT_MARKER = 'mounted';
// The uid:gid the tree is handed to when Nightwatch runs as root: any unprivileged id works, the
// official images do not need it to exist in /etc/passwd (HOME=/tmp).
const FALLBACK_USER = { uid: 1000, gid: 1000 };
const CLIENT_VARS =
  /^(PATH|HOME|USER|TMPDIR|TEMP|TMP|SystemRoot|ProgramData|APPDATA|LOCALAPPDATA|USERPROFILE|XDG_RUNTIME_DIR|DOCKER_HOST|DOCKER_CONFIG|DOCKER_CONTEXT|DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|DOCKER_API_VERSION)$/;

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

  /** True when `image` is present locally or could be pulled now. */
  async tryImageAvailable(image: string): Promise<boolean> {
    if (this.available.has(image)) return true;
    if ((await this.exec(['image', 'inspect', '--format', '{{.Id}}', image])).exitCode === 0) {
      this.available.add(image);
      return true;
    }
    if (this.opts.pull === false) return false;
    this.log(`Pulling ${image}`);
    const pulled = await this.exec(
      ['pull', '--quiet', image],
      this.opts.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS
    );
    if (pulled.exitCode !== 0) {
      this.log(`Could not pull ${image}: ${lastLine(pulled.stderr) || `exit ${pulled.exitCode}`}`);
      return false;
    }
    this.available.add(image);
    return true;
  }

  async run(opts: SandboxRunOptions): Promise<SandboxResult> {
    const { spec } = opts;
    const started = Date.now();
    // The copy and the image check are independent: side by side (both are a visible share of a
    // run of a small suite).
    const [available, copied] = await Promise.allSettled([
      this.tryImageAvailable(spec.image),
      copyTree(opts.workdir, this.opts.tmpRoot)
    ]);
    if (available.status === 'rejected' || !available.value) {
      if (copied.status === 'fulfilled') await removeTree(copied.value.root);
      if (available.status === 'rejected') throw available.reason;
      throw new SandboxUnavailableError(
        `Image '${spec.image}' is not available: not present locally and could not be pulled. ` +
          `Pull or build it, or pass another image (input image, --image).`,
        'image'
      );
    }
    if (copied.status === 'rejected') throw copied.reason;
    const { root, tree } = copied.value;
    try {
      await mkdir(path.join(tree, SANDBOX_STATE_DIR), { recursive: true });
      await writeFile(path.join(tree, SANDBOX_STATE_DIR, MOUNT_MARKER), '');
      if (this.user.chown) await chownTree(tree, this.user.uid, this.user.gid);
      if (spec.install) {
        const timeout = opts.installTimeoutMs ?? this.opts.installTimeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS;
        const network = await this.installNetwork();
        let r: ProcessResult;
        try {
          r = await this.phase('install', spec, spec.install, tree, network, timeout);
        } finally {
          await network.release();
        }
        if (r.exitCode !== 0) {
          return {
            exitCode: r.exitCode,
            output: r.output,
            durationMs: Date.now() - started,
            timedOut: r.timedOut,
            image: spec.image,
            phase: 'install'
          };
        }
      }
      const timeout = opts.timeoutMs ?? this.opts.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
      const r = await this.phase('test', spec, spec.test, tree, NO_NETWORK, timeout);
      return {
        exitCode: r.exitCode,
        output: r.output,
        durationMs: Date.now() - started,
        timedOut: r.timedOut,
        image: spec.image,
        phase: 'test'
      };
    } finally {
      await removeTree(root);
    }
  }

  /** One phase in one fresh container: create, start attached under the time limit, always remove. */
  private async phase(
    phase: 'install' | 'test',
    spec: ProjectSpec,
    command: string,
    tree: string,
    network: Pick<InstallNetwork, 'dockerArgs' | 'description'>,
    timeoutMs: number
  ): Promise<ProcessResult> {
    const name = `nightwatch-sbx-${randomUUID().slice(0, 12)}`;
    const cpus = this.opts.cpus ?? Math.min(2, os.availableParallelism());
    const memory = this.opts.memory ?? '4g';
    const env = containerToolEnv(spec.language, CONTAINER_WORKDIR, phase);
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
      '--cpus',
      String(cpus),
      '--memory',
      memory,
      '--memory-swap',
      memory,
      '--pids-limit',
      String(this.opts.pidsLimit ?? 1024),
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
      phaseScript(command, CONTAINER_WORKDIR, { marker: MOUNT_MARKER, watchdogSeconds })
    ];
    this.log(
      `${phase}: ${command} (${spec.image}; network ${network.description}; ${cpus} CPU, ${memory}, ${timeoutMs / 1000}s limit)`
    );
    // Set once the attached client has seen the container end: `--rm` has the daemon remove it.
    let ended = false;
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
      if (r.exitCode === 137) {
        // The container is gone already (--rm), so its OOMKilled flag cannot be read; say what is likely.
        return {
          ...r,
          output: `${r.output}\n[nightwatch] ${phase} killed (SIGKILL, exit 137): likely out of memory (limit ${memory})\n`
        };
      }
      return r;
    } finally {
      // Whatever else happened (a client killed, an error, a time-out), the container goes.
      if (!ended) await this.exec(['rm', '--force', '--volumes', name]);
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

/** Docker's reason from its stderr, without the `Run 'docker run --help'` hint that follows it. */
function dockerReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !/^(Run|See) 'docker .*--help'/.test(l));
  return lines[lines.length - 1] ?? 'exit 125';
}
