import { dependencySection } from '../../src/report/dependency.js';

describe('dependencySection', () => {
  const change = {
    name: 'lib',
    ecosystem: 'npm' as const,
    from: '1.0.0',
    to: '2.0.0',
    notes: [
      '2.0.0 (breaking): renamed `foo()` to `bar()` — thanks @octocat <img src=x onerror=alert(1)> [x](https://evil.example)'
    ],
    impact: [{ file: 'src/a|b.js', line: 3, symbol: 'foo()', severity: 'breaks-tests' as const }],
    decision: 'auto' as const
  };

  it('shows the update, the decision, the notes and the impact, with the notes escaped', () => {
    const md = dependencySection({ change, reason: 'a mechanical rename covers every use' });
    expect(md).toMatch(/^### Dependency update: `lib` 1\.0\.0 → 2\.0\.0 \(npm\)/);
    expect(md).toContain('**Decision:** auto — a mechanical rename covers every use.');
    // No HTML, no mention that pings, no link.
    expect(md).not.toMatch(/<img|@octocat|[^\\]\]\(https/);
    expect(md).toContain('&lt;img');
    expect(md).toContain('| `src/a|b.js` | 3 | `foo()` | breaks-tests |'.replace('a|b', 'a\\|b'));
  });

  it('says when there are no notes and no uses', () => {
    const md = dependencySection({ change: { ...change, notes: [], impact: [] }, reason: 'r' });
    expect(md).toContain('_No release notes were found for this range._');
    expect(md).toContain('_No use of the symbols the notes name was found in the code._');
  });
});
