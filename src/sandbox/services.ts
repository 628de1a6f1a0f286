/**
 * The job's `services:` for one test run: sidecar containers on a private Docker network made with
 * `--internal` (no internet, no host), started fresh for every run as CI starts them for every job.
 *
 * Reaching them. A job on the runner reaches a service at `localhost:<port>` (its `ports:`); a job in
 * a `container:` reaches it by the service's name. Both must work, without rewriting anything the
 * project wrote (its code often says `localhost`). So the services and the test container share one
 * network namespace: the first service is started on the private network with every service name as
 * an alias, the others and the test container join its namespace (`--network container:<first>`).
 * `localhost:5432` is then Postgres, and so is `postgres:5432` (the name resolves to the shared
 * address). Two services listening on the same port would clash, as they would on one host.
 *
 * Health. A service with a `--health-cmd` is waited for: the command is run in it (`docker exec`)
 * about once a second until it succeeds, for at most start-period + retries x (interval + timeout),
 * capped at MAX_HEALTH_WAIT_MS. Not healthy by then: the run goes on with a warning (its tests will
 * say what they could not reach). Everything is removed afterwards, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import type { ServiceSpec } from './port.js';

export type DockerCli = (
  args: string[],
  timeoutMs?: number
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** Label on service containers and their network, so leftovers can be found. */
export const SERVICE_LABEL = 'nightwatch.service';
export const MAX_HEALTH_WAIT_MS = 120_000;
const DEFAULT_HEALTH_WAIT_MS = 60_000;

/** Running services: how the test container joins them, and how to take them down. */
export interface RunningServices {
  /** `docker run` arguments of the test container (`--network container:<first>`). */
  dockerArgs: string[];
  description: string;
  release(): Promise<void>;
}

export interface ServiceOptions {
  docker: DockerCli;
  log: (message: string) => void;
  warn: (message: string) => void;
  /** Resource limits, as the sandbox's own containers have. */
  cpus: number;
  memory: string;
  pidsLimit: number;
  /** For tests: the upper bound of one health wait. */
  maxHealthWaitMs?: number;
}

/** Docker duration (`10s`, `1m30s`, `500ms`) in ms; undefined when not one. */
export function durationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let seen = '';
  for (const m of text.trim().matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    seen += m[0];
  }
  return seen === text.trim() && seen !== '' ? total : undefined;
}

/** How long to wait for a service's health command to succeed. */
export function healthBudgetMs(h: NonNullable<ServiceSpec['health']>, cap = MAX_HEALTH_WAIT_MS): number {
  const interval = durationMs(h.interval) ?? 30_000;
  const timeout = durationMs(h.timeout) ?? 30_000;
  const start = durationMs(h.startPeriod) ?? 0;
  const retries = h.retries ?? 3;
  const budget = h.interval || h.retries ? start + retries * (interval + timeout) : DEFAULT_HEALTH_WAIT_MS;
  return Math.min(cap, Math.max(5_000, budget));
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** Starts `services` (images already present); throws with docker's reason when one cannot start. */
export async function startServices(services: ServiceSpec[], opts: ServiceOptions): Promise<RunningServices> {
  const id = randomBytes(4).toString('hex');
  const network = `nightwatch-svc-${id}`;
  const names: string[] = [];
  const release = async (): Promise<void> => {
    if (names.length > 0) await opts.docker(['rm', '--force', '--volumes', ...names]).catch(() => undefined);
    await opts.docker(['network', 'rm', network]).catch(() => undefined);
  };
  const created = await opts.docker(['network', 'create', '--internal', '--label', SERVICE_LABEL, network]);
  if (created.exitCode !== 0)
    throw new Error(
      `could not create the services' network: ${lastLine(created.stderr) || created.exitCode}`
    );
  try {
    const first = `nightwatch-svc-${id}-${services[0].name}`.slice(0, 63);
    for (const [i, svc] of services.entries()) {
      const name = `nightwatch-svc-${id}-${svc.name}`.slice(0, 63);
      const net =
        i === 0
          ? ['--network', network, ...services.flatMap(s => ['--network-alias', s.name])]
          : ['--network', `container:${first}`];
      const args = [
        'run',
        '--detach',
        '--name',
        name,
        '--label',
        `${SERVICE_LABEL}=${svc.name}`,
        ...net,
        '--cpus',
        String(opts.cpus),
        '--memory',
        opts.memory,
        '--memory-swap',
        opts.memory,
        '--pids-limit',
        String(opts.pidsLimit),
        '--security-opt',
        'no-new-privileges',
        // What a database image needs (its entrypoint drops to its own user) stays; the rest goes.
        ...['NET_RAW', 'MKNOD', 'AUDIT_WRITE', 'SYS_CHROOT', 'SETFCAP'].flatMap(c => ['--cap-drop', c]),
        ...Object.entries(svc.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
        svc.image
      ];
      const started = Date.now();
      const r = await opts.docker(args, 120_000);
      if (r.exitCode !== 0)
        throw new Error(`service ${svc.name} (${svc.image}) did not start: ${lastLine(r.stderr)}`);
      names.push(name);
      if (svc.health) await waitHealthy(name, svc, opts, started);
      else opts.log(`service ${svc.name}: ${svc.image} started (no health check)`);
    }
    return {
      dockerArgs: ['--network', `container:${first}`],
      description: `services ${services.map(s => s.name).join(', ')} (localhost and by name; no internet)`,
      release
    };
  } catch (error) {
    await release();
    throw error;
  }
}

async function waitHealthy(
  container: string,
  svc: ServiceSpec,
  opts: ServiceOptions,
  started: number
): Promise<void> {
  const health = svc.health!;
  const budget = healthBudgetMs(health, opts.maxHealthWaitMs ?? MAX_HEALTH_WAIT_MS);
  const perTry = Math.min(durationMs(health.timeout) ?? 30_000, 30_000);
  let last = '';
  while (Date.now() - started < budget) {
    const r = await opts.docker(['exec', container, 'sh', '-c', health.cmd], perTry);
    if (r.exitCode === 0) {
      opts.log(
        `service ${svc.name}: ${svc.image} healthy after ${((Date.now() - started) / 1000).toFixed(1)}s`
      );
      return;
    }
    last = lastLine(r.stderr || r.stdout) || `exit ${r.exitCode}`;
    // A service that exited will never be healthy.
    const state = await opts.docker(['inspect', '--format', '{{.State.Running}}', container]);
    if (state.stdout.trim() !== 'true') {
      const logs = await opts.docker(['logs', '--tail', '5', container]);
      opts.warn(
        `service ${svc.name} (${svc.image}) exited before it was healthy: ${lastLine(logs.stderr || logs.stdout) || last}`
      );
      return;
    }
    await new Promise(res => setTimeout(res, 1000));
  }
  opts.warn(
    `service ${svc.name} (${svc.image}) not healthy after ${Math.round(budget / 1000)}s ` +
      `(health-cmd '${health.cmd}': ${last}); the tests run anyway`
  );
}
