/**
 * The install phase's network. The install needs the internet (package registries) but is the
 * repository's own code: on Docker's default bridge it also reaches the runner itself (every port
 * on the host, through the bridge gateway or any host address), the other containers on the bridge,
 * the private network around the runner and the cloud metadata address (169.254.169.254, where a
 * cloud VM's credentials are served).
 *
 * `internet` (the default) gives each install its own bridge network, without inter-container
 * traffic (`enable_icc=false`) and without IPv6 in the container, and, when Nightwatch may change
 * the host firewall (root, or passwordless sudo), two iptables rules on that bridge only:
 *   - INPUT: anything from the bridge to the host itself is rejected (host services, Docker's API);
 *   - DOCKER-USER (forwarded traffic): private, link-local (metadata), shared, multicast and reserved
 *     destinations are rejected; DNS (port 53) is let through so names still resolve.
 * When the rules cannot be installed the install runs on the isolated bridge with a warning that says
 * what it can reach. `none` runs the install without a network; `bridge` is Docker's default bridge.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** The install phase's network modes (input `install-network`, CLI `--install-network`). */
export const INSTALL_NETWORK_MODES = ['internet', 'none', 'bridge'] as const;
export type InstallNetworkMode = (typeof INSTALL_NETWORK_MODES)[number];
export const DEFAULT_INSTALL_NETWORK: InstallNetworkMode = 'internet';

/** Destinations an `internet` install may not reach (IPv4; the container has no IPv6). */
export const BLOCKED_DESTINATIONS = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private
  '100.64.0.0/10', // shared address space (carrier-grade NAT, some clouds' internal services)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local: cloud metadata (169.254.169.254), AWS DNS/NTP
  '172.16.0.0/12', // private (Docker's own networks)
  '192.0.0.0/24', // IETF protocol assignments
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '168.63.129.16/32', // Azure's host endpoint (wireserver); DNS to it stays allowed
  '224.0.0.0/4', // multicast
  '240.0.0.0/4' // reserved, broadcast
];

/** How to run a command (the docker CLI, iptables-restore); never throws for a non-zero exit. */
export type Exec = (
  file: string,
  args: string[],
  input?: string
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** One install phase's network: the `docker run` arguments, and how to take it down again. */
export interface InstallNetwork {
  /** What `docker run` gets (`--network ...` and the like). */
  dockerArgs: string[];
  /** For the log line: `none`, `bridge` or `internet (<network>, host and private ranges blocked)`. */
  description: string;
  /** Removes what was made (rules, network); never throws. */
  release(): Promise<void>;
}

/** What `openInstallNetwork` needs from its caller. */
export interface InstallNetworkDeps {
  mode: InstallNetworkMode;
  /** Runs the docker CLI with the caller's arguments. */
  docker: (args: string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** Runs a host command (iptables-restore, sudo). */
  exec: Exec;
  /** Warnings that a user must see. */
  warn: (message: string) => void;
  /** Our uid (default process.getuid()); root installs the rules itself, others try `sudo -n`. */
  uid?: number;
  /**
   * Why host firewall rules cannot work for this daemon (rootless, remote): then none are tried.
   */
  noHostFirewall?: string;
}

/** Label on the networks made here, so leftovers can be found (`docker network ls --filter label=...`). */
export const INSTALL_NETWORK_LABEL = 'nightwatch.install-network';

/** Makes the network of one install phase (see the file comment). */
export async function openInstallNetwork(deps: InstallNetworkDeps): Promise<InstallNetwork> {
  if (deps.mode === 'none' || deps.mode === 'bridge') {
    return {
      dockerArgs: ['--network', deps.mode],
      description: deps.mode === 'bridge' ? 'bridge (unrestricted: reaches the host)' : 'none',
      release: async () => undefined
    };
  }
  const id = randomBytes(4).toString('hex');
  const name = `nightwatch-install-${id}`;
  // Linux interface names are at most 15 characters.
  const iface = `nw-${id}`;
  const created = await deps.docker([
    'network',
    'create',
    '--driver',
    'bridge',
    '--label',
    INSTALL_NETWORK_LABEL,
    '--opt',
    `com.docker.network.bridge.name=${iface}`,
    '--opt',
    'com.docker.network.bridge.enable_icc=false',
    name
  ]);
  if (created.exitCode !== 0)
    throw new Error(
      `could not create the install network ${name}: ${lastLine(created.stderr) || created.exitCode}`
    );
  const removeNetwork = async (): Promise<void> => {
    await deps.docker(['network', 'rm', name]).catch(() => undefined);
  };
  const firewall = await installRules(iface, deps);
  const dockerArgs = ['--network', name, '--sysctl', 'net.ipv6.conf.all.disable_ipv6=1'];
  if (!firewall.ok) {
    deps.warn(
      `install-network internet: the host firewall rules were not installed (${firewall.reason}). ` +
        `The install runs on its own bridge (no other containers, no IPv6) but can still reach this ` +
        `runner's own services, its private network and the cloud metadata address 169.254.169.254. ` +
        `Run Nightwatch as root or with passwordless sudo to block them, or set install-network: none.`
    );
    return { dockerArgs, description: `internet (${name}, host NOT blocked)`, release: removeNetwork };
  }
  return {
    dockerArgs,
    description: `internet (${name}; host, private and metadata addresses blocked)`,
    release: async () => {
      await firewall.remove();
      await removeNetwork();
    }
  };
}

/** The chain holding one network's forward rules. */
export function chainName(iface: string): string {
  return `NIGHTWATCH-${iface.replace(/^nw-/, '')}`;
}

/** iptables-restore input (with --noflush) adding the rules of `iface`. */
export function addRules(iface: string): string {
  const chain = chainName(iface);
  const tag = ['-m', 'comment', '--comment', `"nightwatch install ${iface}"`].join(' ');
  return [
    '*filter',
    `:${chain} - [0:0]`,
    // Names must still resolve: the embedded DNS server forwards from the container's namespace.
    `-A ${chain} -p udp --dport 53 -j RETURN`,
    `-A ${chain} -p tcp --dport 53 -j RETURN`,
    ...BLOCKED_DESTINATIONS.flatMap(d => [
      `-A ${chain} -d ${d} -p tcp -j REJECT --reject-with tcp-reset`,
      `-A ${chain} -d ${d} -j REJECT --reject-with icmp-net-prohibited`
    ]),
    `-I DOCKER-USER 1 -i ${iface} ${tag} -j ${chain}`,
    `-I INPUT 1 -i ${iface} -p tcp ${tag} -j REJECT --reject-with tcp-reset`,
    `-I INPUT 2 -i ${iface} ${tag} -j REJECT --reject-with icmp-port-unreachable`,
    'COMMIT',
    ''
  ].join('\n');
}

/** iptables-restore input (with --noflush) removing what `addRules` added. */
export function removeRules(iface: string): string {
  const chain = chainName(iface);
  const tag = ['-m', 'comment', '--comment', `"nightwatch install ${iface}"`].join(' ');
  return [
    '*filter',
    `-D DOCKER-USER -i ${iface} ${tag} -j ${chain}`,
    `-D INPUT -i ${iface} -p tcp ${tag} -j REJECT --reject-with tcp-reset`,
    `-D INPUT -i ${iface} ${tag} -j REJECT --reject-with icmp-port-unreachable`,
    `-F ${chain}`,
    `-X ${chain}`,
    'COMMIT',
    ''
  ].join('\n');
}

async function installRules(
  iface: string,
  deps: InstallNetworkDeps
): Promise<{ ok: true; remove(): Promise<void> } | { ok: false; reason: string }> {
  if (deps.noHostFirewall) return { ok: false, reason: deps.noHostFirewall };
  const uid = deps.uid ?? process.getuid?.() ?? -1;
  let prefix: string[];
  if (uid === 0) prefix = [];
  else {
    const sudo = await deps
      .exec('sudo', ['-n', 'true'])
      .catch(() => ({ exitCode: -1, stdout: '', stderr: '' }));
    if (sudo.exitCode !== 0) return { ok: false, reason: 'not root, and no passwordless sudo' };
    prefix = ['sudo', '-n'];
  }
  const run = (input: string): ReturnType<Exec> => {
    const [file, ...args] = [...prefix, 'iptables-restore', '--noflush'];
    return deps
      .exec(file, args, input)
      .catch((e: unknown) => ({ exitCode: -1, stdout: '', stderr: String(e) }));
  };
  const added = await run(addRules(iface));
  if (added.exitCode !== 0)
    return {
      ok: false,
      reason: `iptables-restore failed: ${lastLine(added.stderr) || `exit ${added.exitCode}`} (is iptables installed, and does Docker manage a DOCKER-USER chain?)`
    };
  return {
    ok: true,
    remove: async () => {
      const r = await run(removeRules(iface));
      if (r.exitCode !== 0)
        deps.warn(
          `Could not remove the install network's firewall rules for ${iface}: ${lastLine(r.stderr)}`
        );
    }
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** Runs a host program with `input` on stdin and a minimal environment (PATH only); 127 if it cannot start. */
export const hostExec: Exec = (file, args, input) =>
  new Promise(resolve => {
    const child = spawn(file, args, {
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
      stdio: ['pipe', 'pipe', 'pipe']
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', e => {
      clearTimeout(timer);
      resolve({ exitCode: 127, stdout: '', stderr: String(e) });
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
