import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { EXIT, PROGRAM } from '../src/commands/args.js';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
const readme = readFileSync('README.md', 'utf8');

/** The README's table rows, keyed by the backquoted name in the first cell. */
function rows(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (m)
      map.set(
        m[1],
        m[2].split(/(?<!\\)\|/).map(c => c.trim())
      );
  }
  return map;
}

describe('README and action.yml', () => {
  const table = rows();
  it('documents every input with its default, and no input that does not exist', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      const row = table.get(name);
      expect(row).toBeDefined();
      const shown = spec.default === '' || spec.default === undefined ? '' : `\`${spec.default}\``;
      expect({ name, default: row![0] }).toEqual({ name, default: shown });
      expect(spec.description.length).toBeGreaterThan(20);
    }
  });
  it('documents every output', () => {
    for (const name of Object.keys(action.outputs)) expect(table.has(name)).toBe(true);
    expect(Object.keys(action.outputs).sort()).toEqual(
      ['attempts', 'diagnosis', 'fingerprint', 'issue-url', 'pr-number', 'pr-url', 'status'].sort()
    );
  });
  it('has no table row for a name action.yml lacks', () => {
    const known = new Set([
      ...Object.keys(action.inputs),
      ...Object.keys(action.outputs),
      'contents: write',
      'pull-requests: write',
      'issues: write',
      'actions: write'
    ]);
    // Rows of the permissions table name a GitHub permission scope and its level.
    const permission =
      /^(actions|checks|contents|issues|metadata|packages|pull-requests|statuses): (read|write)$/;
    for (const name of table.keys()) {
      expect(known.has(name) || permission.test(name) ? name : `unknown ${name}`).toBe(name);
    }
  });
  it('runs on node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
  it('names the two commands and says @google/generative-ai reached end of life', () => {
    expect(readme).toContain('npm run demo');
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toMatch(/@google\/generative-ai` package reached end of life on 2025-08-31/);
  });

  it('documents every exit code of the CLI, and names the command package.json installs', () => {
    const table = new Map(
      [...readme.matchAll(/^\| (\d) \| (.+) \|$/gm)].map(m => [Number(m[1]), m[2]] as [number, string])
    );
    expect([...table.keys()].sort()).toEqual(Object.values(EXIT).sort());
    expect(table.get(EXIT.usage)).toMatch(/^usage error/);
    expect(table.get(EXIT.escalated)).toMatch(/escalated/);
    expect(table.get(EXIT.notReproduced)).toMatch(/not reproduced/);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      name: string;
      bin: Record<string, string>;
      engines: { node: string };
      version: string;
    };
    expect(Object.keys(pkg.bin)).toEqual([PROGRAM]);
    expect(pkg.name).not.toBe('nightwatch');
    expect(readme).toContain(`npm install -g ${pkg.name}`);
  });
  it('states one supported Node version, the one package.json engines names', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    const major = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    expect(major).toBeDefined();
    const stated = [...readme.matchAll(/Node(?:\.js)? (\d+) or later/g)].map(m => m[1]);
    expect(stated).toEqual([major]);
  });
  it('uses a major tag in the example, and the CHANGELOG starts at the package version', () => {
    expect(readme).toMatch(/uses: nightwatch-ci\/nightwatch@v\d+\n/);
    expect(readme).toMatch(/pinning the full commit SHA/);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const top = /^## \[(\d+\.\d+\.\d+)\]/m.exec(readFileSync('CHANGELOG.md', 'utf8'))?.[1];
    expect(top).toBe(version);
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
  });
});
