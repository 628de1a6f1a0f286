import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
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

  it('shows the four pictures of what Nightwatch writes, from files in the repository', () => {
    const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map(m => m[2]);
    for (const name of ['pull-request', 'issue', 'comment', 'job-summary'])
      expect(images).toContain(`docs/images/${name}.png`);
    for (const image of images) {
      expect({ image, exists: existsSync(image) }).toEqual({ image, exists: true });
      const png = readFileSync(image);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeLessThan(400 * 1024);
    }
  });
});

/** Every link target of a Markdown text: inline links and images, reference definitions, autolinks, HTML src/href. */
export function linkTargets(md: string): string[] {
  const text = md.replace(/^(```+|~~~+)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const all = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(m => m[1]),
    ...[...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(m => m[1]),
    ...[...text.matchAll(/<((?:https?|ftp|mailto):[^>\s]+)>/gi)].map(m => m[1]),
    ...[...text.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map(m => m[1]),
    ...[...text.matchAll(/(?<![(<"'\w/])(?:https?:\/\/|www\.)[^\s<>)]+/gi)].map(m => m[0])
  ];
  return [...new Set(all)];
}

describe('README links', () => {
  it('finds every kind of link (a check of the finder itself)', () => {
    const sample = [
      '[a](https://x.example) ![b](docs/i.png "t") <https://y.example> www.z.example',
      '[ref]: https://r.example',
      '<img src="https://i.example/p.png"> <a href="../outside.md">o</a>',
      '`[c](https://code.example)`',
      '```',
      '[d](https://fenced.example)',
      '```'
    ].join('\n');
    expect(linkTargets(sample).sort()).toEqual(
      [
        '../outside.md',
        'docs/i.png',
        'https://i.example/p.png',
        'https://r.example',
        'https://x.example',
        'https://y.example',
        'www.z.example'
      ].sort()
    );
  });
  it('links nothing outside the repository, and every link it has exists', () => {
    const root = path.resolve('.');
    for (const target of linkTargets(readme)) {
      const file = target.replace(/#.*$/, '');
      const inside =
        !/^[a-z][a-z0-9+.-]*:|^\/\/|^www\./i.test(target) &&
        !path.isAbsolute(file) &&
        path.resolve(root, file).startsWith(root + path.sep);
      expect({ target, inside }).toEqual({ target, inside: true });
      if (file) expect({ target, exists: existsSync(file) }).toEqual({ target, exists: true });
    }
    // The pages it links to stay inside too.
    for (const doc of ['docs/measurements.md', 'docs/pictures.md']) {
      for (const target of linkTargets(readFileSync(doc, 'utf8'))) {
        const file = path.resolve(path.dirname(doc), target.replace(/#.*$/, ''));
        expect({ doc, target, ok: file.startsWith(root + path.sep) && statSync(file).isFile() }).toEqual({
          doc,
          target,
          ok: true
        });
      }
    }
  });
});

describe('README and the example workflows', () => {
  interface Job {
    if?: string;
    needs?: string | string[];
    concurrency?: unknown;
    'timeout-minutes'?: number;
    outputs?: Record<string, string>;
    permissions?: Record<string, string>;
    steps: { id?: string; uses?: string; with?: Record<string, unknown> }[];
  }
  interface Workflow {
    concurrency?: unknown;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
  }
  const dir = 'examples/workflows';
  const examples = readdirSync(dir).filter(f => f.endsWith('.yml'));
  const load = (f: string): Workflow => parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow;

  it("shows the main example word for word: the README's yaml block is examples/workflows/nightwatch.yml", () => {
    const example = readFileSync(path.join(dir, 'nightwatch.yml'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it in a repository'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(example);
  });

  it('each example: concurrency per failed branch on the job (never the workflow), and a timeout', () => {
    expect(examples.sort()).toEqual([
      'nightwatch-diagnose.yml',
      'nightwatch-propose-publish.yml',
      'nightwatch.yml'
    ]);
    for (const f of examples) {
      const wf = load(f);
      expect({ f, workflowConcurrency: wf.concurrency }).toEqual({ f, workflowConcurrency: undefined });
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect({ f, name, timeout: typeof job['timeout-minutes'] }).toEqual({ f, name, timeout: 'number' });
        const group = (job.concurrency as { group?: string } | undefined)?.group ?? '';
        expect({ f, name, group }).toEqual({
          f,
          name,
          group: expect.stringContaining('github.event.workflow_run.head_branch')
        });
      }
    }
  });

  it('each example checks out the default branch without keeping the token', () => {
    for (const f of examples)
      for (const [name, job] of Object.entries(load(f).jobs)) {
        const checkout = job.steps.find(s => s.uses?.startsWith('actions/checkout@'));
        expect({ f, name, with: checkout?.with }).toEqual({
          f,
          name,
          with: { 'persist-credentials': false }
        });
      }
  });

  it('the diagnose example grants what mode: comment needs, and no write to code', () => {
    const wf = load('nightwatch-diagnose.yml');
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read' });
    const step = wf.jobs.diagnose.steps.find(s => s.uses?.startsWith('nightwatch-ci/nightwatch@'));
    expect(step?.with?.mode).toBe('comment');
  });

  it('publishes only what the propose job proposed: its status output gates the publish job', () => {
    const { propose, publish } = load('nightwatch-propose-publish.yml').jobs;
    const nw = propose.steps.find(s => s.uses?.startsWith('nightwatch-ci/nightwatch@'));
    expect(nw?.id).toBeDefined();
    expect(propose.outputs).toEqual({ status: `\${{ steps.${nw?.id}.outputs.status }}` });
    expect(publish.needs).toBe('propose');
    expect(publish.if).toBe("needs.propose.outputs.status == 'proposed'");
    // The propose job holds no write permission at all.
    expect(Object.values(propose.permissions ?? {}).filter(v => v !== 'read')).toEqual([]);
  });

  it('says workflow_run fires only from the default branch, and which runners are supported', () => {
    expect(readme).toMatch(/`workflow_run` fires only from the default branch's copy/);
    const runners = readme.slice(readme.indexOf('### Supported runners'));
    expect(runners).toMatch(/Linux with Docker/);
    expect(runners).toMatch(/GitHub Enterprise Server/);
  });
});
