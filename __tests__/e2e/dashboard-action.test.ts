/**
 * What the memory says to people, through the bundled action and the loopback world: the job summary
 * shows the metrics with a Mermaid chart; a failure that keeps coming back gets ONE pattern issue
 * (label nightwatch-pattern), updated in place with its occurrences and what was tried; `digest:
 * weekly` keeps one digest issue updated in place; `dashboard: true` uploads the page as an artifact.
 */
import AdmZip from 'adm-zip';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-runner.js';
import { startWorld, workflowRunEvent, type World } from '../world/index.js';
import { addSameFailure, seedScenario, PYTHON_IMAGE } from './scenario.js';

describe('patterns, digest, dashboard and the metrics chart (bundled action)', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  function heal(runId: number, ownRunId: number, inputs: Record<string, string> = {}) {
    return world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: 'acme/patterns',
      runId: ownRunId,
      inputs: { image: PYTHON_IMAGE, ...inputs }
    });
  }
  const issues = (label: string) =>
    world.api.issues.filter(i => i.owner === 'acme' && i.repo === 'patterns' && i.labels.includes(label));

  it('the third time a failure comes back it gets one pattern issue, updated in place the fourth time', async () => {
    const seeded = await seedScenario(world, {
      owner: 'acme',
      repo: 'patterns',
      demo: 'demo-python',
      runId: 8201,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    // 1st: diagnosed only (mode diagnose writes nothing, so no issue whatever the count).
    const first = await heal(8201, 3000001, { mode: 'diagnose', 'pattern-threshold': '1' });
    expect(first.outputs.status).toBe('diagnosed');
    const fp = first.outputs.fingerprint;
    expect(world.api.issues).toEqual([]);
    // A fix PR is open for it: later runs say so on that PR (no reproduction needed).
    const pr = world.api.addPull({
      owner: 'acme',
      repo: 'patterns',
      head: `nightwatch/fix-${fp.slice(0, 16)}`,
      title: 'Nightwatch: fix',
      body: `A fix.\n\nNightwatch fingerprint: ${fp}\n`
    });

    // 2nd: below the threshold: no pattern issue; the digest issue is opened; the dashboard uploaded.
    addSameFailure(world, seeded, 8202);
    const second = await heal(8202, 3000002, { digest: 'weekly', dashboard: 'true' });
    expect(second.outputs.status).toBe('fixed');
    expect(issues('nightwatch-pattern')).toEqual([]);
    expect(issues('nightwatch-digest')).toHaveLength(1);
    const digest = issues('nightwatch-digest')[0];
    expect(digest.title).toBe('Nightwatch weekly digest for acme/patterns');
    expect(digest.body).toMatch(/^<!-- nightwatch-digest -->/);
    expect(digest.body).toContain('| Handled runs | 2 |');
    // The summary: the metrics after this run, with the outcomes as a chart (one day: a pie).
    expect(second.summary).toContain('### Nightwatch over time');
    expect(second.summary).toContain('| Handled runs | 2 |');
    expect(second.summary).toMatch(
      /```mermaid\npie showData title Outcomes of the handled runs\n {2}"fixed" : 1\n {2}"diagnosed or re-run" : 1\n```/
    );
    const artifact = world.artifacts.artifacts.find(a => a.name === 'nightwatch-dashboard');
    expect(artifact?.runId).toBe(3000002);
    const page = new AdmZip(artifact!.data).readAsText('index.html');
    expect(page).toContain('<title>Nightwatch — acme/patterns</title>');
    // Each run links to its page on the server; the PR the run commented on is linked too.
    expect(page).toMatch(
      /<a href="[^"]+\/acme\/patterns\/actions\/runs\/8202" rel="noopener noreferrer">8202<\/a>/
    );
    expect(page).not.toMatch(/<script/);

    // 3rd: the threshold (3): ONE pattern issue, with the occurrences and what was tried.
    addSameFailure(world, seeded, 8203);
    expect((await heal(8203, 3000003, { digest: 'weekly' })).outputs.status).toBe('fixed');
    expect(issues('nightwatch-pattern')).toHaveLength(1);
    const pattern = issues('nightwatch-pattern')[0];
    expect(pattern.title).toMatch(/^Nightwatch pattern: a \w+ failure came back 3 times$/);
    expect(pattern.body).toContain(`<!-- nightwatch-pattern: ${fp} -->`);
    expect(pattern.body).toContain('seen **3 times**');
    expect(pattern.body).toContain(`Nightwatch fingerprint: ${fp}`);
    expect(pattern.body).toContain(`PR #${pr.number}`);
    expect(pattern.body!.match(/^\| \d{4}-\d{2}-\d{2} \| \[run 82\d\d\]/gm)).toHaveLength(3);
    // The digest was updated in place, not opened again.
    expect(issues('nightwatch-digest')).toHaveLength(1);
    expect(issues('nightwatch-digest')[0].body).toContain('| Handled runs | 3 |');

    // 4th: the same issue, updated in place.
    addSameFailure(world, seeded, 8204);
    expect((await heal(8204, 3000004)).outputs.status).toBe('fixed');
    expect(issues('nightwatch-pattern')).toHaveLength(1);
    const updated = issues('nightwatch-pattern')[0];
    expect(updated.number).toBe(pattern.number);
    expect(updated.title).toMatch(/came back 4 times$/);
    expect(updated.body).toContain('seen **4 times**');
    expect(updated.body!.match(/^\| \d{4}-\d{2}-\d{2} \| \[run 82\d\d\]/gm)).toHaveLength(4);
    const edits = world.api.writes.filter(
      w => w.method === 'PATCH' && w.path.endsWith(`/issues/${pattern.number}`)
    );
    expect(edits).toHaveLength(1);

    // The CLI draws the same state from the run artifacts (--github): four runs, each linked.
    const out = await mkdtemp(join(tmpdir(), 'nw-dash-gh-'));
    try {
      const r = await cli(['dashboard', '--github', 'acme/patterns', '--out', out], {
        env: {
          GITHUB_TOKEN: world.token,
          GITHUB_API_URL: world.api.url,
          GITHUB_SERVER_URL: 'https://github.com'
        }
      });
      expect(r.code).toBe(0);
      const html = await readFile(join(out, 'index.html'), 'utf8');
      expect(html).toContain('data-metric="runs"><div class="v">4</div>');
      for (const id of [8201, 8202, 8203, 8204])
        expect(html).toContain(
          `<a href="https://github.com/acme/patterns/actions/runs/${id}" rel="noopener noreferrer">${id}</a>`
        );
      expect(html).toContain('data-metric="patterns"><div class="v">1</div>');
      // The issues the memory report wrote are in the audit trail, like every other write.
      const audit = await cli(['audit', '--github', 'acme/patterns', '--action', 'issue', '--json'], {
        env: {
          GITHUB_TOKEN: world.token,
          GITHUB_API_URL: world.api.url,
          GITHUB_SERVER_URL: 'https://github.com'
        }
      });
      expect(audit.code).toBe(0);
      const details = (JSON.parse(audit.stdout) as { detail?: string }[]).map(e => e.detail ?? '');
      expect(details.filter(d => /^pattern issue created: /.test(d))).toHaveLength(1);
      expect(details.filter(d => /^pattern issue updated: /.test(d))).toHaveLength(1);
      expect(details.filter(d => /^digest issue created: /.test(d))).toHaveLength(1);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 300_000);
});
