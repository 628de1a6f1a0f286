// `node --import tsx scripts/render-pictures.ts`: regenerates docs/images/*.png, the README's pictures of
// what Nightwatch writes (a fix PR, an escalation issue, a diagnosis comment, a job summary).
//
// Nothing here is made up for the picture: two real heals of the bundled demos by the bundled CLI
// (dist/cli.js; run `npm run build` first) give the diagnosis, attempts, proof and fix, the bundled
// CLI's `diagnose` reads the run log (the demo's real pytest output, laid out as GitHub's log archive
// lays it out), and the real builders of src/report/ write the Markdown. Only the GitHub side is
// invented: the repository `acme/invoice`, the run id and the PR/issue numbers. The Markdown is
// rendered with `marked` and a GitHub-like style sheet (no network) and photographed by headless
// Chromium (`apt-get install chromium`); pngquant, when installed, makes the files smaller.
// Needs Docker with the test image (`bash scripts/build-test-images.sh`) or python3 with pytest.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { diagnosisComment, issueBody, jobSummary, pullRequestBody } from '../src/report/index.js';
import type { Attempt, Diagnosis, Evidence, FailedRun, Reproduction, Triage } from '../src/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'images');
const cli = path.join(root, 'dist', 'cli.js');
const IMAGE = 'nightwatch-test-python:1';
const WORKSPACE = '/home/runner/work/invoice/invoice';
const WIDTH = 860;
const MAX_HEIGHT = 4000;
const work = mkdtempSync(path.join(os.tmpdir(), 'nightwatch-pictures-'));

interface Heal {
  status: string;
  branch: string | null;
  diagnosis: Diagnosis;
  attempts: Attempt[];
  fingerprint: string;
  reason: string;
  evidence: Evidence | null;
  reproduction: { command: string; image: string; exitCode: number; durationMs: number };
}

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function docker(): boolean {
  return (
    spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status === 0 &&
    spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0
  );
}

/** A fresh git repository holding a copy of examples/<demo>, one commit on main. */
function demoRepo(demo: string): { dir: string; sha: string } {
  const dir = path.join(work, demo);
  cpSync(path.join(root, 'examples', demo), dir, { recursive: true });
  const git = (...a: string[]): string =>
    sh('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...a], dir);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'Cart: subtotal and tax');
  return { dir, sha: git('rev-parse', 'HEAD').trim() };
}

/** The failing test run as CI printed it (the workspace path included). */
function pytestOutput(dir: string): string {
  const r = docker()
    ? spawnSync(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'none',
          '-v',
          `${dir}:${WORKSPACE}`,
          '-w',
          WORKSPACE,
          IMAGE,
          'python',
          '-m',
          'pytest'
        ],
        { encoding: 'utf8' }
      )
    : spawnSync('python3', ['-m', 'pytest'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 1)
    throw new Error(`expected the demo's tests to fail (exit 1), got ${r.status}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** The run-log archive as GitHub lays it out (job file, job folder of numbered step files, timestamps), and its triage. */
function triageOf(dir: string, output: string): Triage {
  const logs = path.join(work, `${path.basename(dir)}-logs`);
  mkdirSync(path.join(logs, 'test'), { recursive: true });
  let t = Date.parse('2026-11-30T09:14:02.000Z');
  const stamp = (line: string): string =>
    `${new Date((t += 37)).toISOString().replace('Z', '0000Z')} ${line}`;
  const step = [
    '##[group]Run python -m pytest',
    'python -m pytest',
    'shell: /usr/bin/bash -e {0}',
    '##[endgroup]',
    ...output.replace(/\n$/, '').split('\n'),
    '##[error]Process completed with exit code 1.'
  ];
  const job = [
    '##[group]Run actions/checkout@v5',
    'with:',
    '  repository: acme/invoice',
    '##[endgroup]',
    'Syncing repository: acme/invoice',
    '##[group]Run actions/setup-python@v6',
    '##[endgroup]',
    'Successfully set up CPython (3.12.8)',
    ...step,
    'Post job cleanup.'
  ];
  writeFileSync(path.join(logs, 'test', '4_Run python -m pytest.txt'), step.map(stamp).join('\n') + '\n');
  writeFileSync(path.join(logs, '0_test.txt'), job.map(stamp).join('\n') + '\n');
  return JSON.parse(sh(process.execPath, [cli, 'diagnose', logs, '--json'], root)) as Triage;
}

function heal(dir: string): Heal {
  const args = [
    cli,
    'heal',
    '--repo',
    dir,
    '--json',
    ...(docker() ? ['--image', IMAGE] : ['--sandbox', 'host'])
  ];
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, GEMINI_API_KEY: '' }
  });
  if (!r.stdout) throw new Error(`heal printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout) as Heal;
}

function failedRun(sha: string, runId: number): FailedRun {
  return {
    owner: 'acme',
    repo: 'invoice',
    runId,
    runAttempt: 1,
    workflow: 'CI',
    workflowPath: '.github/workflows/ci.yml',
    headSha: sha,
    headBranch: 'main',
    event: 'push',
    conclusion: 'failure',
    pullRequests: [],
    headRepository: 'acme/invoice',
    isFork: false,
    htmlUrl: `https://github.com/acme/invoice/actions/runs/${runId}`
  };
}

function reproduction(h: Heal, output: string): Reproduction {
  return { reproduced: true, ...h.reproduction, outputTail: output.replace(/rootdir: \/\S+/, 'rootdir: .') };
}

// --- the four Markdown documents, from the real builders ---

const fixed = demoRepo('demo-python');
const fixedOutput = pytestOutput(fixed.dir);
const fixedHeal = heal(fixed.dir);
// The action names the branch after the triage's fingerprint; the CLI heal after its own: keep one.
const fixedTriage = { ...triageOf(fixed.dir, fixedOutput), fingerprint: fixedHeal.fingerprint };
if (fixedHeal.status !== 'fixed' || !fixedHeal.branch) throw new Error(`demo-python: ${fixedHeal.status}`);
const diff = sh('git', ['diff', `${fixed.sha}..${fixedHeal.branch}`], fixed.dir);
const fixedRun = failedRun(fixed.sha, 13370412);
const spec = {
  language: 'python',
  image: fixedHeal.reproduction.image,
  test: fixedHeal.reproduction.command
};
const passing = fixedHeal.attempts.find(a => a.verdict === 'pass');

const escalated = demoRepo('demo-logic');
const escalatedOutput = pytestOutput(escalated.dir);
const escalatedHeal = heal(escalated.dir);
const escalatedTriage = {
  ...triageOf(escalated.dir, escalatedOutput),
  fingerprint: escalatedHeal.fingerprint
};
if (escalatedHeal.status !== 'escalated') throw new Error(`demo-logic: ${escalatedHeal.status}`);
const escalatedRun = failedRun(escalated.sha, 13370577);

const pictures = [
  {
    name: 'pull-request',
    kind: 'Pull request',
    // The title the delivery stage gives the PR (src/pipeline/deliver.ts, prTitle).
    title: `Nightwatch: fix ${fixedTriage.failures[0]?.errorType ?? 'test'} in ${fixedTriage.failures[0]?.file ?? ''} #58`,
    meta: `github-actions[bot] wants to merge 1 commit into main from ${fixedHeal.branch}`,
    markdown: pullRequestBody({
      run: fixedRun,
      triage: fixedTriage,
      diagnosis: fixedHeal.diagnosis,
      reproduction: reproduction(fixedHeal, fixedOutput),
      repair: { attempts: fixedHeal.attempts, evidence: fixedHeal.evidence ?? undefined },
      diff,
      branch: fixedHeal.branch,
      spec,
      after: passing && {
        command: spec.test,
        image: spec.image,
        exitCode: 0,
        outputTail: passing.outputTail
      }
    })
  },
  {
    name: 'issue',
    kind: 'Issue',
    // The title the delivery stage gives the issue (src/pipeline/deliver.ts).
    title: `Nightwatch could not fix: ${escalatedTriage.job} / ${escalatedTriage.step} (${escalatedTriage.category}) #59`,
    meta: 'github-actions[bot] opened this issue · nightwatch',
    markdown: issueBody({
      run: escalatedRun,
      triage: escalatedTriage,
      diagnosis: escalatedHeal.diagnosis,
      reproduction: reproduction(escalatedHeal, escalatedOutput),
      repair: { attempts: escalatedHeal.attempts, reason: escalatedHeal.reason },
      reason: escalatedHeal.reason,
      spec: {
        language: 'python',
        image: escalatedHeal.reproduction.image,
        test: escalatedHeal.reproduction.command
      }
    })
  },
  {
    name: 'comment',
    kind: 'Comment',
    title: '',
    meta: 'github-actions[bot] commented (mode: comment)',
    markdown: diagnosisComment({
      run: escalatedRun,
      triage: escalatedTriage,
      diagnosis: escalatedHeal.diagnosis
    })
  },
  {
    name: 'job-summary',
    kind: 'Job summary',
    title: '',
    meta: 'heal summary',
    markdown: jobSummary({
      status: 'fixed',
      outcome: {
        kind: 'fixed',
        branch: fixedHeal.branch,
        prUrl: 'https://github.com/acme/invoice/pull/58',
        prNumber: 58
      },
      mode: 'fix',
      run: fixedRun,
      triage: fixedTriage,
      diagnosis: fixedHeal.diagnosis,
      reproduction: reproduction(fixedHeal, fixedOutput),
      heal: { repair: { attempts: fixedHeal.attempts, evidence: fixedHeal.evidence ?? undefined } }
    })
  }
];

// --- HTML with a GitHub-like look, then a screenshot ---

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; padding: 16px; background: #fff; color: #1f2328; width: ${WIDTH}px;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.title { font-size: 24px; font-weight: 400; margin: 0 0 4px; }
.title .num { color: #59636e; font-weight: 300; }
.meta { color: #59636e; margin-bottom: 12px; font-size: 13px; }
.meta .state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em;
  padding: 3px 10px; margin-right: 6px; font-weight: 500; }
.meta .state.issue { background: #1f883d; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; overflow: hidden; }
.box-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; font-size: 13px; }
.box-head b { color: #1f2328; }
.markdown-body { padding: 16px; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; margin: 24px 0 16px; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body p, .markdown-body table, .markdown-body pre, .markdown-body details, .markdown-body ul { margin: 0 0 16px; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font: 85% ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  background: #818b981f; border-radius: 6px; padding: .2em .4em; }
.markdown-body pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: hidden; font-size: 85%; line-height: 1.45; }
.markdown-body pre code { background: none; padding: 0; font-size: 100%; white-space: pre; }
.markdown-body table { border-collapse: collapse; max-width: 100%; }
.markdown-body td code { word-break: break-all; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body th { font-weight: 600; }
.markdown-body thead th:empty { padding: 0; border: 0; }
.markdown-body thead:has(th:empty + th:empty) { display: none; }
.markdown-body hr { height: .25em; background: #d1d9e0; border: 0; margin: 24px 0; }
.markdown-body details summary { cursor: pointer; }
.markdown-body .diff-add { background: #dafbe1; display: inline-block; width: 100%; }
.markdown-body .diff-del { background: #ffebe9; display: inline-block; width: 100%; }
.fade { position: fixed; left: 0; right: 0; bottom: 0; height: 90px;
  background: linear-gradient(#ffffff00, #ffffff 85%); display: flex; align-items: flex-end; justify-content: center;
  color: #59636e; font-size: 13px; padding-bottom: 8px; }
`;

function escape(s: string): string {
  return s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** Colours a fenced diff's lines as GitHub does. */
function colourDiffs(html: string): string {
  return html.replace(/<pre><code class="language-diff">([\s\S]*?)<\/code><\/pre>/g, (_m, body: string) => {
    const lines = body
      .split('\n')
      .map(l =>
        /^\+(?!\+\+)/.test(l)
          ? `<span class="diff-add">${l}</span>`
          : /^-(?!--)/.test(l)
            ? `<span class="diff-del">${l}</span>`
            : l
      );
    return `<pre><code class="language-diff">${lines.join('\n')}</code></pre>`;
  });
}

function page(p: (typeof pictures)[number], height: number | undefined): string {
  const [title, num] = p.title ? [p.title.replace(/ #\d+$/, ''), /#\d+$/.exec(p.title)?.[0] ?? ''] : ['', ''];
  const head = title
    ? `<h1 class="title">${escape(title)} <span class="num">${num}</span></h1>
       <div class="meta"><span class="state${p.kind === 'Issue' ? ' issue' : ''}">Open</span>${escape(p.meta)}</div>`
    : '';
  const html = colourDiffs(marked.parse(p.markdown, { gfm: true, async: false }));
  const fade =
    height !== undefined && height > MAX_HEIGHT
      ? `<div class="fade">… ${escape(p.kind.toLowerCase())} continues (${Math.round(height - MAX_HEIGHT)} px more)</div>`
      : '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>${head}
    <div class="box"><div class="box-head"><b>${p.kind === 'Job summary' ? 'Nightwatch' : 'github-actions'}</b> ${
      p.kind === 'Job summary' ? 'summary' : p.kind === 'Comment' ? 'commented' : ''
    }</div><div class="markdown-body">${html}</div></div>${fade}
    <script>document.title = String(document.documentElement.scrollHeight)</script></body></html>`;
}

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
  c => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0
);
if (!chromium) throw new Error('no Chromium: apt-get install -y chromium');
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--hide-scrollbars',
  '--force-device-scale-factor=1'
];
const pngquant = spawnSync('pngquant', ['--version'], { stdio: 'ignore' }).status === 0;
mkdirSync(out, { recursive: true });

for (const p of pictures) {
  writeFileSync(path.join(work, `${p.name}.md`), p.markdown);
  const file = path.join(work, `${p.name}.html`);
  writeFileSync(file, page(p, undefined));
  const dom = sh(chromium, [...flags, '--dump-dom', `file://${file}`], work);
  const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? MAX_HEIGHT);
  writeFileSync(file, page(p, height));
  const png = path.join(out, `${p.name}.png`);
  sh(
    chromium,
    [
      ...flags,
      `--screenshot=${png}`,
      `--window-size=${WIDTH + 32},${Math.min(height, MAX_HEIGHT)}`,
      `file://${file}`
    ],
    work
  );
  if (pngquant) spawnSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--output', png, '64', png]);
  console.log(
    `${path.relative(root, png)}: ${Math.round(statSync(png).size / 1024)} KiB (page ${height} px)`
  );
}
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`Markdown and HTML kept in ${work}`);
