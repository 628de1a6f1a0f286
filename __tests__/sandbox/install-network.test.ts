/**
 * The install phase's network (install-network.ts) with the real Docker daemon and the real host
 * firewall: `internet` keeps a route out but refuses the host's own services (reached through the
 * bridge gateway) and the metadata address; `bridge` (the control) does reach the host; nothing is
 * left behind. No packet leaves the machine: the metadata address is tried only once the host
 * itself was refused (the rules are in), and then a REJECT answers before it is routed anywhere.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDockerSandbox, type DockerSandbox } from '../../src/sandbox/docker.js';
import {
  BLOCKED_DESTINATIONS,
  INSTALL_NETWORK_LABEL,
  addRules,
  openInstallNetwork,
  removeRules
} from '../../src/sandbox/install-network.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { docker, dockerImagesReady, PY_IMAGE, TempDirs } from './helpers.js';

const run = promisify(execFile);

async function iptablesRules(): Promise<string> {
  return (await run('iptables', ['-S'])).stdout;
}

/** Python run as the install: where the default route goes, then the host's HTTP port, then the metadata address. */
const PROBE = [
  'import socket, sys',
  'gw = None',
  'for line in open("/proc/net/route").read().splitlines()[1:]:',
  '    f = line.split()',
  '    if f[1] == "00000000":',
  '        gw = socket.inet_ntoa(bytes.fromhex(f[2])[::-1])',
  'print("ROUTE", gw)',
  'def probe(host, port):',
  '    try:',
  '        s = socket.create_connection((host, port), timeout=4)',
  '        s.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")',
  '        return "OPEN " + s.recv(100).decode(errors="replace").split("\\r\\n")[0]',
  '    except ConnectionRefusedError:',
  '        return "REFUSED"',
  '    except OSError as e:',
  '        return "FAILED " + type(e).__name__',
  'host = probe(gw, int(sys.argv[1])) if gw else "NO-ROUTE"',
  'print("HOST", host)',
  '# Only once the host was refused (the rules are in) is the metadata address tried.',
  'if host == "REFUSED":',
  '    print("METADATA", probe("169.254.169.254", 80))',
  'sys.exit(7)'
].join('\n');

describe('install network (real Docker, real iptables)', () => {
  let ready = false;
  let root = false;
  const temps = new TempDirs();
  let server: Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    ready = await dockerImagesReady();
    root =
      process.getuid?.() === 0 &&
      (await run('iptables', ['-S', 'DOCKER-USER']).then(
        () => true,
        () => false
      ));
    // A service on the runner itself, listening on every address (as databases and caches often do).
    server = createServer((_req, res) => {
      hits += 1;
      res.end('host service');
    });
    await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await temps.cleanup();
  });

  async function sandbox(
    mode: 'internet' | 'bridge' | 'none',
    warnings: string[] = []
  ): Promise<DockerSandbox> {
    return createDockerSandbox({ installNetwork: mode, pull: false, warn: m => warnings.push(m) });
  }

  /**
   * What install networks and rules exist now. A run killed mid-install (Ctrl-C, a cancelled job)
   * can leave its own behind on this machine; a test asserts only that it leaves none of its own.
   */
  async function leftovers(): Promise<Set<string>> {
    const nets = (await docker('network', 'ls', '--filter', `label=${INSTALL_NETWORK_LABEL}`, '-q'))
      .split('\n')
      .filter(Boolean);
    const rules = (await iptablesRules()).split('\n').filter(l => /NIGHTWATCH-|nightwatch install/.test(l));
    return new Set([...nets.map(n => `net ${n}`), ...rules]);
  }
  const newSince = (before: Set<string>, now: Set<string>): string[] => [...now].filter(x => !before.has(x));

  async function probe(s: DockerSandbox): Promise<string> {
    const workdir = await temps.make();
    await writeFile(path.join(workdir, 'probe.py'), PROBE);
    const spec: ProjectSpec = {
      language: 'python',
      image: PY_IMAGE,
      install: `python3 probe.py ${port}`,
      test: 'true'
    } as ProjectSpec;
    const r = await s.run({ workdir, spec });
    expect(r).toMatchObject({ phase: 'install', exitCode: 7 });
    return r.output;
  }

  it('internet: a route out, but the host (via the bridge gateway) and 169.254.169.254 are refused; nothing left behind', async () => {
    if (!ready || !root) return;
    const warnings: string[] = [];
    hits = 0;
    const before = await leftovers();
    const out = await probe(await sandbox('internet', warnings));
    expect(out).toMatch(/^ROUTE \d+\.\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/^HOST REFUSED$/m);
    expect(out).toMatch(/^METADATA REFUSED$/m);
    expect(hits).toBe(0);
    expect(warnings).toEqual([]);
    // The network and its rules are gone.
    expect(newSince(before, await leftovers())).toEqual([]);
  });

  it('bridge (the control): the same probe reaches the host service', async () => {
    if (!ready) return;
    hits = 0;
    const out = await probe(await sandbox('bridge'));
    expect(out).toMatch(/^HOST OPEN HTTP\/1\.[01] 200/m);
    expect(out).not.toMatch(/^METADATA/m);
    expect(hits).toBe(1);
  });

  it('none: no route at all', async () => {
    if (!ready) return;
    const out = await probe(await sandbox('none'));
    expect(out).toMatch(/^ROUTE None$/m);
    expect(out).toMatch(/^HOST NO-ROUTE$/m);
  });

  it('while an install runs its bridge has the rules: the host rejected, every blocked range in its chain', async () => {
    if (!ready || !root) return;
    const before = await leftovers();
    const net = await openInstallNetwork({
      mode: 'internet',
      docker: async args => {
        try {
          return { exitCode: 0, stdout: await docker(...args), stderr: '' };
        } catch (e) {
          return { exitCode: 1, stdout: '', stderr: String(e) };
        }
      },
      exec: (await import('../../src/sandbox/install-network.js')).hostExec,
      warn: m => {
        throw new Error(`unexpected warning: ${m}`);
      }
    });
    try {
      const name = net.dockerArgs[net.dockerArgs.indexOf('--network') + 1];
      const info = JSON.parse(await docker('network', 'inspect', name))[0] as {
        EnableIPv6: boolean;
        Options: Record<string, string>;
      };
      expect(info.EnableIPv6).toBe(false);
      expect(info.Options['com.docker.network.bridge.enable_icc']).toBe('false');
      const iface = info.Options['com.docker.network.bridge.name'];
      const rules = await iptablesRules();
      expect(rules).toContain(`-A INPUT -i ${iface} -p tcp`);
      expect(rules).toMatch(new RegExp(`-A DOCKER-USER -i ${iface} .*-j NIGHTWATCH-`));
      for (const d of BLOCKED_DESTINATIONS) expect(rules).toContain(`-d ${d} -p tcp -j REJECT`);
      expect(net.dockerArgs).toEqual(
        expect.arrayContaining(['--sysctl', 'net.ipv6.conf.all.disable_ipv6=1'])
      );
    } finally {
      await net.release();
    }
    expect(newSince(before, await leftovers())).toEqual([]);
  });

  it('without root or sudo: a warning that says what the install can still reach, and no rule tried', async () => {
    const warnings: string[] = [];
    const calls: string[] = [];
    const net = await openInstallNetwork({
      mode: 'internet',
      docker: async args => {
        calls.push(`docker ${args.slice(0, 2).join(' ')}`);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
      exec: async (file, args) => {
        calls.push(`${file} ${args.join(' ')}`);
        return { exitCode: 1, stdout: '', stderr: 'sudo: a password is required' };
      },
      warn: m => warnings.push(m),
      uid: 1001
    });
    await net.release();
    expect(calls).toEqual(['docker network create', 'sudo -n true', 'docker network rm']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not root, and no passwordless sudo/);
    expect(warnings[0]).toMatch(/169\.254\.169\.254/);
    expect(warnings[0]).toMatch(/install-network: none/);
  });

  it('the rules it removes are exactly the rules it adds', () => {
    const added = addRules('nw-0a1b2c3d')
      .split('\n')
      .filter(l => l.startsWith('-I '))
      .map(l => l.replace(/^-I (\S+) \d+ /, '$1 '));
    const removed = removeRules('nw-0a1b2c3d')
      .split('\n')
      .filter(l => l.startsWith('-D '))
      .map(l => l.replace(/^-D (\S+) /, '$1 '));
    expect(removed.sort()).toEqual(added.sort());
  });
});
