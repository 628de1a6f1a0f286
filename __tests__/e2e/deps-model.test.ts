/**
 * The dependency lane's model path through the bundled CLI and the loopback Gemini: a release that
 * changes how a function is called (not a rename a fixer can make) goes to the repair loop with the
 * notes and the impact report in its prompts, and a scripted model answer adapts the code; a model
 * that "fixes" the build by pinning the dependency back to the old version is refused, and named.
 */
import { git, removeDirs } from './cli-runner.js';
import { bumped, heal, requirements } from './deps-fixture.js';
import { GeminiEmulator, type GeminiAnswer } from '../world/gemini.js';

const KEY = 'deps-model-test-gemini-key';
const NOTES =
  '# Changelog\n\n## 2.0.0\n\n- **Breaking:** `add()` now takes one list of numbers, `add([a, b])`, instead of two arguments.\n\n## 1.0.0\n\n- First release.\n';
const V2_LIST = 'def add(values):\n    return sum(values)\n';

const diagnosis: GeminiAnswer = {
  json: {
    rootCause: 'minilib 2.0.0 add() takes one list of numbers; the code still passes two arguments',
    category: 'test',
    confidence: 0.9,
    file: 'app/stats.py',
    line: 7,
    plan: 'Call minilib.add with a list at every use.'
  }
};
const regression: GeminiAnswer = {
  json: {
    file: 'tests/test_minilib_2.py',
    content: 'from app.stats import total\n\n\ndef test_total_of_two():\n    assert total([1, 1]) == 2\n',
    explanation: 'total() must work with minilib 2.'
  }
};
const adapt: GeminiAnswer = {
  json: {
    edits: [
      { file: 'app/stats.py', search: 'n = minilib.add(n, x)', replace: 'n = minilib.add([n, x])' },
      { file: 'app/stats.py', search: '    return add(a, b)', replace: '    return add([a, b])' },
      { file: 'app/mean.py', search: 'minilib.add(0, total(xs))', replace: 'minilib.add([0, total(xs)])' }
    ],
    explanation: 'minilib 2 add() takes a list.'
  }
};
const pinBack: GeminiAnswer = {
  json: {
    edits: [{ file: 'requirements.txt', search: 'minilib==2.0.0', replace: 'minilib==1.0.0' }],
    explanation: 'minilib 2 broke the build; stay on 1.0.0.'
  }
};

describe('the dependency lane’s model path (bundled CLI, loopback Gemini)', () => {
  const dirs: string[] = [];
  const gemini = new GeminiEmulator({ apiKey: KEY });
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const { url } = await gemini.start();
    env = { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: url };
  });
  afterEach(() => {
    gemini.requests.length = 0;
  });
  afterAll(async () => {
    await gemini.stop();
    await removeDirs(dirs);
  });

  it('gives the repair loop the notes and the impact report, and delivers the model’s adaptation on nightwatch/deps-minilib-2.0.0', async () => {
    const repo = await bumped(NOTES, {}, dirs, V2_LIST);
    const head = await git(repo, 'rev-parse', 'HEAD');
    gemini.enqueue(diagnosis, regression, adapt);
    const { code, out, stderr } = await heal(repo, { env });
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 0,
      status: 'fixed',
      branch: 'nightwatch/deps-minilib-2.0.0'
    });
    expect(out.dependency).toMatchObject({ name: 'minilib', from: '1.0.0', to: '2.0.0', decision: 'model' });
    expect(stderr).toMatch(/decision model: the notes spell out no mechanical change/);
    expect(out.attempts.at(-1)).toMatchObject({ source: 'model', verdict: 'pass' });
    expect(gemini.pending).toBe(0);

    // Every prompt of the loop carried the update: its notes and its impact report (file, line, symbol).
    const prompts = gemini.generateRequests.map(r => r.promptText);
    expect(prompts).toHaveLength(3);
    for (const p of prompts) {
      expect(p).toContain('The failing commit updates a dependency');
      expect(p).toContain('Dependency update: `minilib` 1.0.0 → 2.0.0 (pypi)');
      expect(p).toContain('`add()` now takes one list of numbers');
      const rows = p.split('\n').filter(l => /^\| `app\//.test(l));
      expect(rows).toEqual([
        '| `app/mean.py` | 7 | `add()` | breaks-tests |',
        '| `app/stats.py` | 7 | `add()` | breaks-tests |',
        '| `app/stats.py` | 13 | `add()` | breaks-tests |',
        '| `app/stats.py` | 15 | `add()` | breaks-tests |'
      ]);
    }

    const changed = (await git(repo, 'diff', '--name-only', head, out.branch!)).split('\n').sort();
    expect(changed).toEqual(['app/mean.py', 'app/stats.py', 'tests/test_minilib_2.py']);
    expect(await git(repo, 'show', `${out.branch}:app/stats.py`)).toContain('minilib.add([n, x])');
    expect(await git(repo, 'show', `${out.branch}:requirements.txt`)).toBe(requirements('2.0.0').trim());
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
  }, 300_000);

  it('refuses a "fix" that pins the dependency back to the old version, and names it', async () => {
    const repo = await bumped(NOTES, {}, dirs, V2_LIST);
    gemini.enqueue(diagnosis, regression, pinBack);
    const { code, out } = await heal(repo, { env, args: ['--max-attempts', '1'] });
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 3,
      status: 'escalated',
      branch: null
    });
    expect(out.dependency).toMatchObject({ name: 'minilib', decision: 'model' });
    const model = out.attempts.filter(a => a.source === 'model');
    expect(model).toHaveLength(1);
    expect(model[0].verdict).not.toBe('pass');
    expect(model[0].summary).toMatch(
      /refused: requirements\.txt would take minilib back from 2\.0\.0 \(the update stays; adapt the code to it instead\)/
    );
    expect(gemini.pending).toBe(0);
    // Nothing delivered, and the checkout keeps the update.
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
    expect(await git(repo, 'show', 'HEAD:requirements.txt')).toBe(requirements('2.0.0').trim());
  }, 300_000);
});
