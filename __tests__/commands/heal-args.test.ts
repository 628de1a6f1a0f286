/** The heal command's options: the install network and the flake re-runs, checked like every option. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseHealArgs } from '../../src/commands/heal-args.js';

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'nw-heal-args-'));
  execFileSync('git', ['init', '-q', repo]);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('heal options', () => {
  it('defaults the install network to internet and the re-runs to 2', async () => {
    const a = await parseHealArgs(['--repo', repo]);
    expect(a).toMatchObject({ installNetwork: 'internet', reruns: 2 });
  });

  it('takes --install-network none|bridge and --reruns N', async () => {
    expect(await parseHealArgs(['--repo', repo, '--install-network', 'none', '--reruns', '0'])).toMatchObject(
      {
        installNetwork: 'none',
        reruns: 0
      }
    );
    expect((await parseHealArgs(['--repo', repo, '--install-network', 'bridge']))?.installNetwork).toBe(
      'bridge'
    );
  });

  it('refuses an unknown network and a bad count, naming what it expects', async () => {
    await expect(parseHealArgs(['--repo', repo, '--install-network', 'host'])).rejects.toThrow(
      /Invalid --install-network 'host'. Expected internet, none, bridge/
    );
    await expect(parseHealArgs(['--repo', repo, '--reruns', 'many'])).rejects.toThrow(/reruns/);
    await expect(parseHealArgs(['--repo', repo, '--reruns', '11'])).rejects.toThrow(/reruns/);
  });
});
