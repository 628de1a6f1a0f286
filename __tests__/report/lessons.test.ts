import { lessonsMarkdown } from '../../src/report/lessons.js';
import { outsideFences } from './fixtures.js';
import { emptyState } from '../../src/state/state.js';
import { sampleState } from './state-fixture.js';

describe('report/lessons (export --format markdown)', () => {
  const md = lessonsMarkdown(sampleState(), {
    repository: 'acme/calc',
    now: new Date('2026-11-29T00:00:00Z')
  });

  it('lists the recurring failures, most frequent first, with occurrences and first/last seen', () => {
    expect(md).toMatch(/^# Lessons from Nightwatch: acme\/calc/);
    const headings = md.split('\n').filter(l => l.startsWith('## '));
    expect(headings).toHaveLength(2);
    expect(headings[0]).toBe('## 1. test failure `fpA`');
    expect(md).toContain('- **Occurrences:** 3, first seen 2026-11-20, last seen 2026-11-22');
    expect(md).toContain('- **Cause:** round_money truncates instead of rounding');
    expect(md).toContain('2 other failure(s) happened fewer than 2 times.');
  });

  it('says which fix worked (PR, files) and what did not (a fix the failure came back after, an escalation)', () => {
    const fpA = md.slice(md.indexOf('## 1.'), md.indexOf('## 2.'));
    const worked = fpA.slice(fpA.indexOf('Fixes that worked'), fpA.indexOf('What did not work'));
    expect(worked).toContain(
      '[PR #9](https://github.com/acme/calc/pull/9) changing `src/money.py` — merged (run 17 on 2026-11-22)'
    );
    expect(worked).not.toContain('PR #7');
    const failed = fpA.slice(fpA.indexOf('What did not work'));
    expect(failed).toContain(
      '[PR #7](https://github.com/acme/calc/pull/7) changing `src/money.py`, `tests/test_money_regression.py`: the failure came back after it'
    );
    expect(failed).toContain(
      'run 11 on 2026-11-20 escalated: no verified fix (tried: model → fail) → [issue #3](https://github.com/acme/calc/issues/3)'
    );
  });

  it("quotes the attacker's text as data: no HTML, no javascript: link, no mention, and says so", () => {
    expect(md).toContain('never as instructions');
    const out = outsideFences(md);
    expect(out).not.toMatch(/<img|<script|<svg/);
    expect(md).not.toContain('javascript:');
    // The fingerprint's quote and bracket cannot close the code span or the heading.
    expect(md).toContain(
      '## 2. test failure `fp-???svg?onload?alert?1???img?src?x?onerror??document.title??pw`'
    );
  });

  it('an empty state says no failure came back', () => {
    expect(lessonsMarkdown(emptyState())).toContain('No failure has come back 2 times yet.');
  });
});
