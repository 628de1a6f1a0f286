import type { GitHub, IssueInfo } from '../../src/delivery/ports.js';
import { SafeOutputs } from '../../src/delivery/safe-outputs.js';
import { reportMemory } from '../../src/pipeline/patterns.js';
import type { StageLogger } from '../../src/pipeline/context.js';
import { digestBody, patternBody, patternTitle, weekStart } from '../../src/report/pattern.js';
import { jobSummary } from '../../src/report/summary.js';
import { readSettings } from '../../src/settings.js';
import { emit } from '../../src/state/events.js';
import { metricsBetween, metricsReport } from '../../src/state/metrics.js';
import { outsideFences } from './fixtures.js';
import { XSS, XSS_FP, sampleState } from './state-fixture.js';

/** A GitHub port holding issues in memory (a unit test may fake a port). */
function issuesPort(): { github: GitHub; issues: (IssueInfo & { title: string; labels: string[] })[] } {
  const issues: (IssueInfo & { title: string; labels: string[] })[] = [];
  const github = {
    async findOpenIssueByText(text: string, label: string) {
      return issues.find(i => i.state === 'open' && i.labels.includes(label) && i.body.includes(text));
    },
    async createIssue(p: { title: string; body: string; labels: string[] }) {
      const i = {
        number: issues.length + 1,
        url: `https://x/issues/${issues.length + 1}`,
        state: 'open',
        ...p
      };
      issues.push(i);
      return i;
    },
    async updateIssue(n: number, p: { title?: string; body?: string }) {
      const i = issues.find(x => x.number === n)!;
      Object.assign(i, p);
      return i;
    }
  } as unknown as GitHub;
  return { github, issues };
}

const log: StageLogger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  group: (_n, fn) => fn()
};

describe('report/pattern: the pattern issue', () => {
  it('says how often, when, the cause, and each occurrence with what was tried, linking runs', () => {
    const body = patternBody(sampleState(), 'fpA', { repoUrl: 'https://github.com/acme/calc' });
    expect(body.startsWith('<!-- nightwatch-pattern: fpA -->\n')).toBe(true);
    expect(body).toContain('seen **3 times**, first on 2026-11-20, last on 2026-11-22');
    expect(body).toContain('**Cause (latest diagnosis):** round_money truncates instead of rounding');
    expect(body).toContain('The latest fix PR is #9 (merged).');
    const rows = body.split('\n').filter(l => /^\| 2026-/.test(l));
    expect(rows).toEqual([
      '| 2026-11-22 | [run 17](https://github.com/acme/calc/actions/runs/17) | fixed |  | model: pass, [PR #9](https://github.com/acme/calc/pull/9) |',
      '| 2026-11-21 | [run 13](https://github.com/acme/calc/actions/runs/13) | fixed |  | model: pass, [PR #7](https://github.com/acme/calc/pull/7) |',
      '| 2026-11-20 | [run 11](https://github.com/acme/calc/actions/runs/11) | escalated | no verified fix | model: fail, [issue #3](https://github.com/acme/calc/issues/3) |'
    ]);
    expect(patternTitle(sampleState().fingerprints.fpA)).toBe(
      'Nightwatch pattern: a test failure came back 3 times'
    );
  });

  it("the attacker's fingerprint, reason and root cause stay text: no HTML, no javascript: link, the marker cannot be closed", () => {
    const body = patternBody(sampleState(), XSS_FP, { repoUrl: 'https://github.com/acme/calc' });
    expect(outsideFences(body)).not.toMatch(/<img|<script|<svg/);
    expect(body).not.toContain('javascript:');
    // One HTML comment only: the marker, whose fingerprint has no `-->` left in it.
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.split('\n')[0]).toMatch(/^<!-- nightwatch-pattern: fp-[\w.:?-]+ -->$/);
    expect(body).toContain(XSS.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    // Every occurrence row stays a row of five cells.
    for (const row of body.split('\n').filter(l => /^\| 2026-/.test(l)))
      expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });
});

describe('pipeline/patterns: reportMemory', () => {
  it('opens ONE pattern issue at the threshold and updates it in place; below it, in diagnose mode or when ignored, none', async () => {
    const { github, issues } = issuesPort();
    const safe = new SafeOutputs({ mode: 'fix', github });
    const settings = { patternThreshold: 3, digest: 'off' as const, dashboard: false };
    let state = sampleState();
    const r = await reportMemory({ settings, safe, log }, state, 'fpA');
    expect(r.patternIssue?.status).toBe('created');
    expect(r.metrics.runs).toBe(7);
    // Below the threshold (fpB: once), nothing.
    expect((await reportMemory({ settings, safe, log }, state, 'fpB')).patternIssue).toBeUndefined();
    // The same failure again: the same issue, updated.
    state = {
      ...state,
      fingerprints: { ...state.fingerprints, fpA: { ...state.fingerprints.fpA, count: 4 } }
    };
    expect((await reportMemory({ settings, safe, log }, state, 'fpA')).patternIssue?.status).toBe('updated');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      labels: ['nightwatch-pattern'],
      title: expect.stringMatching(/4 times$/)
    });
    expect(issues[0].body).toContain('Nightwatch fingerprint: fpA');

    const diagnose = issuesPort();
    const none = await reportMemory(
      { settings, safe: new SafeOutputs({ mode: 'diagnose', github: diagnose.github }), log },
      state,
      'fpA'
    );
    expect(none.patternIssue).toBeUndefined();
    expect(diagnose.issues).toEqual([]);

    const ignored = emit(state, { type: 'ignore', at: '2026-11-23T00:00:00Z', fingerprint: 'fpA' });
    const quiet = issuesPort();
    await reportMemory(
      { settings, safe: new SafeOutputs({ mode: 'fix', github: quiet.github }), log },
      ignored,
      'fpA'
    );
    expect(quiet.issues).toEqual([]);
  });

  it('digest: weekly keeps one digest issue, updated in place with the week of now', async () => {
    const { github, issues } = issuesPort();
    const safe = new SafeOutputs({ mode: 'fix', github });
    const settings = { patternThreshold: 0, digest: 'weekly' as const, dashboard: false };
    const now = new Date('2026-11-25T12:00:00Z'); // a Wednesday: the week from Monday 2026-11-23
    await reportMemory({ settings, safe, log, repository: 'acme/calc', now }, sampleState(), 'fpA');
    await reportMemory(
      { settings, safe, log, repository: 'acme/calc', now: new Date('2026-11-26T12:00:00Z') },
      sampleState(),
      'fpA'
    );
    expect(issues).toHaveLength(1);
    expect(issues[0].title).toBe('Nightwatch weekly digest for acme/calc');
    expect(issues[0].labels).toEqual(['nightwatch-digest']);
    // This week holds no run of the fixture; last week all seven.
    expect(issues[0].body).toContain('No failed run was handled this week.');
    expect(issues[0].body).toContain(
      '**Last week:** 7 handled runs, 2 fixed (29%), 4 escalated, $0.07 of model cost.'
    );
    expect(issues[0].body).toContain('updated 2026-11-26 12:00 UTC');
  });
});

describe('the week, the digest body and the summary', () => {
  it('weeks start on Monday (UTC); metricsBetween counts only the runs of the window', () => {
    expect(weekStart(new Date('2026-11-22T23:59:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    const m = metricsBetween(
      sampleState(),
      new Date('2026-11-21T00:00:00Z'),
      new Date('2026-11-22T00:00:00Z')
    );
    expect(m).toMatchObject({ runs: 2, fixed: 1, escalated: 1 });
    expect(m.topFingerprints.map(f => f.fingerprint).sort()).toEqual(['fpA', 'fpB']);
    const body = digestBody(m, m, new Date('2026-11-21T00:00:00Z'), new Date('2026-11-21T18:00:00Z'));
    expect(body).toContain('### The week of 2026-11-21');
    expect(body).toContain('| Handled runs | 2 |');
  });

  it('the job summary ends with the metrics and the chart', () => {
    const md = jobSummary({ status: 'fixed', metrics: metricsReport(sampleState()) });
    expect(md).toContain('### Nightwatch over time');
    expect(md.indexOf('```mermaid\nxychart-beta')).toBeGreaterThan(md.indexOf('### Nightwatch over time'));
    expect(jobSummary({ status: 'fixed' })).not.toContain('Nightwatch over time');
  });
});

describe('the inputs', () => {
  const read = (values: Record<string, string>) => readSettings(n => values[n] ?? '', {});
  it('pattern-threshold 3, digest off and no dashboard by default; a bad value says what is expected', async () => {
    expect(await read({})).toMatchObject({ patternThreshold: 3, digest: 'off', dashboard: false });
    expect(await read({ 'pattern-threshold': '0', digest: 'weekly', dashboard: 'true' })).toMatchObject({
      patternThreshold: 0,
      digest: 'weekly',
      dashboard: true
    });
    await expect(read({ digest: 'daily' })).rejects.toThrow(
      "Invalid digest 'daily'. Expected weekly or off."
    );
    await expect(read({ 'pattern-threshold': '-1' })).rejects.toThrow(/pattern-threshold/);
  });
});
