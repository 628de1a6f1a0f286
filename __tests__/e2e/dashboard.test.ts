/**
 * The dashboard in a real browser: the bundled CLI writes it from a local repository's state, and
 * Debian's chromium (headless, no network needed) renders it; the test reads the rendered DOM. The
 * state holds an attacker's fingerprint, reason and root cause, which must render as text only.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dashboardHtml } from '../../src/report/dashboard.js';
import { serializeBatch } from '../../src/state/events.js';
import { XSS_FP, sampleState } from '../report/state-fixture.js';
import { cli, git } from './cli-runner.js';

const exec = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

/** The DOM chromium renders for an HTML file (scripts would have run by then). */
async function renderedDom(file: string, profile: string): Promise<string> {
  const { stdout } = await exec(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=2000',
      '--dump-dom',
      `file://${file}`
    ],
    { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }
  );
  return stdout;
}

/** Every element's tag name and attribute names in a serialized DOM (attribute values are double-quoted). */
function elements(dom: string): { tags: string[]; attributes: string[] } {
  const tags: string[] = [];
  const attributes: string[] = [];
  for (const m of dom.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>\/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.push(m[1].toLowerCase());
    for (const a of m[2].matchAll(/\s+([^\s=>\/]+)(?:="[^"]*")?/g)) attributes.push(a[1].toLowerCase());
  }
  return { tags, attributes };
}

describe('nightwatch-ci dashboard (bundled CLI, rendered by headless chromium)', () => {
  let dir: string;
  beforeAll(async () => {
    // Not a skip: CI installs chromium (.ci/run); a missing browser is a failure that says what to do.
    await exec(CHROMIUM, ['--version']).catch(() => {
      throw new Error(
        `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM to a Chrome binary)`
      );
    });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nw-dashboard-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the rates, the trends, the top fingerprints, the patterns and the ledger; attacker text stays text', async () => {
    const repo = join(dir, 'calc');
    await mkdir(repo);
    await git(repo, 'init', '-q');
    const events = join(repo, '.git', 'nightwatch', 'events');
    await mkdir(events, { recursive: true });
    await writeFile(
      join(events, '20261122T100000000Z-1-00000001.json'),
      serializeBatch(sampleState().pending ?? [])
    );

    const out = join(dir, 'site');
    const r = await cli(['dashboard', '--repo', repo, '--out', out], { inheritEnv: true });
    expect(r).toMatchObject({ code: 0, stdout: `wrote ${join(out, 'index.html')}\n` });
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!github\.com\/acme)/);

    const dom = await renderedDom(join(out, 'index.html'), join(dir, 'profile'));
    // The page rendered, with its own title (a script of the attacker's would have changed it).
    expect(dom).toMatch(/<title>Nightwatch — calc<\/title>/);
    expect(dom).toContain('<h1>Nightwatch dashboard</h1>');
    // Rates (fixture: 7 runs, 2 fixed, 4 escalated, PRs #7 and #9 merged, fixes in 2 and 1 min).
    const card = (k: string): string | undefined =>
      new RegExp(`data-metric="${k}"><div class="v">([^<]*)</div>`).exec(dom)?.[1];
    expect(card('runs')).toBe('7');
    expect(card('fixRate')).toBe('29%');
    expect(card('escalationRate')).toBe('57%');
    expect(card('successRate')).toBe('100%');
    expect(card('meanTimeToFix')).toBe('1.5 min');
    expect(card('patterns')).toBe('1');
    // Trends: one stacked bar per day, with that day's runs; cost and pattern lines with a point per day.
    expect(
      [...dom.matchAll(/<g class="day" data-date="([\d-]+)" data-runs="(\d+)">/g)].map(m => [m[1], m[2]])
    ).toEqual([
      ['2026-11-20', '2'],
      ['2026-11-21', '2'],
      ['2026-11-22', '3']
    ]);
    expect(dom.match(/<rect class="fixed"/g)).toHaveLength(2);
    expect(dom.match(/<rect class="escalated"/g)).toHaveLength(3);
    expect(dom.match(/<circle class="point"/g)).toHaveLength(6);
    // Top fingerprints, the pattern (fpA, 3 times, with its cause), the ledger (7 rows, newest first).
    const section = (id: string): string =>
      dom.slice(
        dom.indexOf(`<section id="${id}">`),
        dom.indexOf('</section>', dom.indexOf(`<section id="${id}">`))
      );
    expect(section('top').match(/<tr>/g)).toHaveLength(5);
    expect(section('patterns')).toContain('round_money truncates instead of rounding');
    expect(section('patterns')).toContain('PR #9 (merged)');
    const ledger = section('ledger');
    expect(ledger.match(/<tr>/g)).toHaveLength(8);
    expect(ledger.indexOf('2026-11-22 10:00')).toBeLessThan(ledger.indexOf('2026-11-20 10:00'));
    expect(ledger).toContain(
      '<a href="https://github.com/acme/calc/pull/9" rel="noopener noreferrer">PR #9</a>'
    );
    expect(ledger).toContain(
      '<a href="https://github.com/acme/calc/issues/3" rel="noopener noreferrer">issue #3</a>'
    );

    // The attacker's fingerprint, reason and root cause: text, never an element, attribute or link.
    const { tags, attributes } = elements(dom);
    expect(tags.filter(t => ['script', 'img', 'iframe', 'object', 'embed', 'link'].includes(t))).toEqual([]);
    expect(attributes.filter(a => a.startsWith('on') || a === 'src' || a === 'srcdoc')).toEqual([]);
    expect(tags.filter(t => t === 'svg')).toHaveLength(3);
    expect(dom).not.toContain('javascript:');
    expect(dom).toContain('&lt;img src=x onerror="document.title=\'pwned\'"&gt;&lt;script&gt;');
    expect(dom).toContain(
      `title="${XSS_FP.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`
    );
  }, 120_000);

  it('links each run of an action state to its run page on GitHub', async () => {
    const file = join(dir, 'index.html');
    await writeFile(file, dashboardHtml(sampleState(), { repository: 'acme/calc' }));
    const dom = await renderedDom(file, join(dir, 'profile'));
    expect(dom).toContain(
      '<a href="https://github.com/acme/calc/actions/runs/17" rel="noopener noreferrer">17</a>'
    );
    expect(dom.match(/href="https:\/\/github\.com\/acme\/calc\/actions\/runs\/\d+"/g)).toHaveLength(7);
  }, 120_000);

  it('export --format markdown writes the lessons file; the default stays the JSON state; a bad format says what to give', async () => {
    const repo = join(dir, 'calc');
    await mkdir(repo);
    await git(repo, 'init', '-q');
    const events = join(repo, '.git', 'nightwatch', 'events');
    await mkdir(events, { recursive: true });
    await writeFile(
      join(events, '20261122T100000000Z-1-00000001.json'),
      serializeBatch(sampleState().pending ?? [])
    );
    const md = await cli(['export', '--format', 'markdown', '--repo', repo], { inheritEnv: true });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Lessons from Nightwatch: calc\n/);
    expect(md.stdout).toContain('## 1. test failure `fpA`');
    expect(md.stdout).toContain(
      '[PR #9](https://github.com/acme/calc/pull/9) changing `src/money.py` — merged'
    );
    const file = join(dir, 'LESSONS.md');
    const written = await cli(['export', '--format', 'markdown', '--out', file, '--repo', repo], {
      inheritEnv: true
    });
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: `wrote ${file}\n` });
    expect(await readFile(file, 'utf8')).toBe(md.stdout);
    const json = await cli(['export', '--repo', repo], { inheritEnv: true });
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, ledger: expect.any(Array) });
    expect(await cli(['export', '--format', 'yaml', '--repo', repo], { inheritEnv: true })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Invalid --format 'yaml'\. Expected json or markdown/)
    });
  });

  it('--out is required, and says so', async () => {
    const repo = join(dir, 'r');
    await mkdir(repo);
    await git(repo, 'init', '-q');
    expect(await cli(['dashboard', '--repo', repo], { inheritEnv: true })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/give --out DIR/)
    });
  });
});
