import { assessRisk, changedLines, changedPublicNames, DEFAULT_MAX_RISK } from '../../src/repair/risk.js';
import type { Edit } from '../../src/types.js';

const sure = { confidence: 0.9 };

// A regression test as the model loop adds it: a new file.
const regression: Edit = {
  file: 'tests/test_discount_regression.py',
  search: '',
  replace:
    'from shop.pricing import discount\n\n\ndef test_discount_rounds_half_up():\n    assert discount(10, 0.15) == 8.5\n'
};

// A realistic one-line fix of a function body.
const bodyFix: Edit = {
  file: 'shop/pricing.py',
  search: 'def discount(price, rate):\n    return round(price * (1 - rate))\n',
  replace: 'def discount(price, rate):\n    return round(price * (1 - rate), 2)\n'
};

describe('assessRisk', () => {
  it('a one-line body fix with its new regression test and a sure diagnosis is low risk', () => {
    const r = assessRisk({ edits: [bodyFix, regression], diagnosis: sure, regressionTest: regression.file });
    expect(r.score).toBeLessThan(0.1);
    expect(r.score).toBeLessThan(DEFAULT_MAX_RISK);
    expect(r.reasons).toEqual(['diagnosis confidence 90% (+0.03)']);
  });

  it('a changed public signature is named with its file (Python, TypeScript, Go, Java, Rust)', () => {
    const edits: Edit[] = [
      {
        file: 'shop/pricing.py',
        search: 'def discount(price, rate):\n    return price * rate\n',
        replace: 'def discount(price, rate, currency="EUR"):\n    return price * rate\n'
      },
      {
        file: 'src/api.ts',
        search: 'export function parse(input: string): Ast {',
        replace: 'export function parse(input: string, strict = false): Ast {'
      },
      {
        file: 'pkg/client.go',
        search: 'func (c *Client) Fetch(url string) error {',
        replace: 'func (c *Client) Fetch(ctx context.Context, url string) error {'
      },
      {
        file: 'src/main/java/Shop.java',
        search: '  public int total(List<Item> items) {',
        replace: '  public long total(List<Item> items) {'
      },
      { file: 'src/lib.rs', search: 'pub fn area(w: u32) -> u32 {', replace: 'pub fn area(w: u64) -> u64 {' }
    ];
    const r = assessRisk({ edits, diagnosis: sure });
    const api = r.reasons.find(x => x.startsWith('changes the signature of public names'));
    expect(api).toContain('discount (shop/pricing.py)');
    expect(api).toContain('parse (src/api.ts)');
    expect(api).toContain('Fetch (pkg/client.go)');
    expect(api).toContain('total (src/main/java/Shop.java)');
    expect(api).toContain('area (src/lib.rs)');
  });

  it('private names, unchanged declarations and body-only changes are not public API changes', () => {
    expect(changedPublicNames(bodyFix)).toEqual([]);
    expect(
      changedPublicNames({
        file: 'a.py',
        search: 'def _helper(x):\n    return x',
        replace: 'def _helper(x, y=0):\n    return x + y'
      })
    ).toEqual([]);
    expect(
      changedPublicNames({
        file: 'a.go',
        search: 'func helper(x int) int {',
        replace: 'func helper(x int64) int64 {'
      })
    ).toEqual([]);
    expect(
      changedPublicNames({
        file: 'a.ts',
        search: 'function local(a) {',
        replace: 'function local(a, b) {'
      })
    ).toEqual([]);
    // Whitespace alone is not a new signature.
    expect(
      changedPublicNames({
        file: 'a.ts',
        search: 'export  function run(a: number) {',
        replace: 'export function run(a: number) {'
      })
    ).toEqual([]);
    // A removed export is a change.
    expect(
      changedPublicNames({
        file: 'a.ts',
        search: 'export const LIMIT = 3;\nconst x = 1;',
        replace: 'const x = 1;'
      })
    ).toEqual(['LIMIT']);
  });

  it('a dependency manifest and a lockfile are named, and weigh more than a source fix', () => {
    const edits: Edit[] = [
      { file: 'requirements.txt', search: 'httpx==0.28.1\n', replace: 'httpx==0.27.2\n' },
      {
        file: 'package.json',
        search: '"commander": "^13.0.0"',
        replace: '"commander": "^12.1.0"'
      },
      { file: 'go.sum', search: 'a v1 h1:x=\n', replace: 'a v0 h1:y=\n' }
    ];
    const r = assessRisk({ edits, diagnosis: sure });
    expect(r.reasons[0]).toBe('changes dependency manifests: requirements.txt, package.json, go.sum (+0.35)');
    expect(r.score).toBeGreaterThan(assessRisk({ edits: [bodyFix], diagnosis: sure }).score + 0.3);
  });

  it('configuration files are named (pytest, tsconfig, jest, Dockerfile, yaml)', () => {
    const files = ['setup.cfg', 'tsconfig.json', 'jest.config.ts', 'Dockerfile', 'config/app.yaml'];
    const r = assessRisk({
      edits: files.map(file => ({ file, search: 'a = 1', replace: 'a = 2' })),
      diagnosis: sure
    });
    expect(r.reasons[0]).toBe(`changes configuration: ${files.join(', ')} (+0.25)`);
  });

  it('an edit to an existing test is a reason; the new regression test is not', () => {
    const testEdit: Edit = {
      file: 'tests/test_pricing.py',
      search: '    assert discount(10, 0.15) == 8\n',
      replace: '    assert discount(10, 0.15) == 8.5\n'
    };
    const r = assessRisk({ edits: [testEdit, regression], diagnosis: sure, regressionTest: regression.file });
    expect(r.reasons).toContain('changes existing tests: tests/test_pricing.py (+0.30)');
    expect(r.reasons.join()).not.toContain('test_discount_regression');
  });

  it('size: lines beyond a small fix and files beyond the first add up, capped', () => {
    const big = Array.from({ length: 60 }, (_, i) => `    x${i} = compute(${i})`).join('\n');
    const edits: Edit[] = [
      { file: 'app/a.py', search: 'pass', replace: big },
      { file: 'app/b.py', search: 'x = 1', replace: 'x = 2' },
      { file: 'app/c.py', search: 'y = 1', replace: 'y = 2' }
    ];
    const r = assessRisk({ edits, diagnosis: sure });
    expect(r.reasons).toContain('65 lines changed outside tests (+0.22)');
    expect(r.reasons).toContain('3 files changed outside tests (+0.10)');
    const huge = assessRisk({
      edits: [{ file: 'app/a.py', search: 'pass', replace: `${big}\n${big}\n${big}\n${big}` }],
      diagnosis: { confidence: 1 }
    });
    expect(huge.score).toBe(0.3);
  });

  it('an unsure diagnosis raises the score; two risky traits together pass the default max-risk', () => {
    const unsure = assessRisk({ edits: [bodyFix], diagnosis: { confidence: 0.35 } });
    expect(unsure.reasons).toEqual(['diagnosis confidence 35% (+0.20)']);
    const one = assessRisk({
      edits: [{ file: 'requirements.txt', search: 'a==2\n', replace: 'a==1\n' }],
      diagnosis: sure
    });
    expect(one.score).toBeLessThanOrEqual(DEFAULT_MAX_RISK);
    const two = assessRisk({
      edits: [
        { file: 'requirements.txt', search: 'a==2\n', replace: 'a==1\n' },
        { file: 'setup.cfg', search: '[tool:pytest]\n', replace: '[tool:pytest]\naddopts = -x\n' }
      ],
      diagnosis: sure
    });
    expect(two.score).toBeGreaterThan(DEFAULT_MAX_RISK);
    expect(two.score).toBeLessThanOrEqual(1);
  });

  it('the score stays within 0..1 and a NaN confidence counts as unsure', () => {
    const all: Edit[] = [
      { file: 'package.json', search: '"a": "1"', replace: '"a": "2"' },
      { file: 'tsconfig.json', search: '"strict": true', replace: '"strict": false' },
      { file: 'src/x.test.ts', search: 'expect(a).toBe(1)', replace: 'expect(a).toBe(2)' },
      { file: 'src/x.ts', search: 'export function f(a) {', replace: 'export function f(a, b) {' }
    ];
    const r = assessRisk({ edits: all, diagnosis: { confidence: Number.NaN } });
    expect(r.score).toBe(1);
    expect(r.reasons).toContain('diagnosis confidence 0% (+0.30)');
  });

  it('paths are compared as posix paths (backslashes, ./)', () => {
    const r = assessRisk({
      edits: [{ file: '.\\requirements.txt', search: 'a==2', replace: 'a==1' }],
      diagnosis: { confidence: 1 }
    });
    expect(r.reasons).toEqual(['changes dependency manifests: requirements.txt (+0.35)']);
  });
});

describe('changedLines', () => {
  it('counts added and removed lines; a created file counts its lines; moved lines are free', () => {
    expect(changedLines(bodyFix)).toBe(2);
    expect(changedLines({ file: 'a', search: '', replace: 'a\nb\nc' })).toBe(3);
    expect(changedLines({ file: 'a', search: 'a\nb', replace: 'b\na' })).toBe(0);
    expect(changedLines({ file: 'a', search: 'a\nb\nc', replace: '' })).toBe(3);
  });
});
