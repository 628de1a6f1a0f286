import { createDockerSandbox } from '../../src/sandbox/index.js';
import { loadCorpus, measure } from './corpus/measure.js';

describe('the fixer corpus (real tool output in the test images)', () => {
  it('has at least 30 cases across Python and Node, with recorded real output', async () => {
    const cases = await loadCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map(c => c.language))).toEqual(new Set(['python', 'node']));
    for (const c of cases) expect(c.output).toBeTruthy();
  });

  it('fixers alone heal every mechanical case, the expected way, and make no wrong fix', async () => {
    const m = await measure(await createDockerSandbox());
    const report = m.results.map(r => `${r.verdict} ${r.id} ${r.detail ?? ''}`).join('\n');
    expect({ wrong: m.wrong, missed: m.missed, report: m.wrong + m.missed > 0 ? report : '' }).toEqual({
      wrong: 0,
      missed: 0,
      report: ''
    });
    expect(m.healed).toBe(m.results.filter(r => r.expect === 'fixed').length);
  });
});
