/** Records shared by the report tests; the log text carries the hostile bits logs can carry. */
import type { Attempt, Diagnosis, FailedRun, Reproduction, Triage } from '../../src/types.js';

export const run: FailedRun = {
  owner: 'acme',
  repo: 'calc',
  runId: 4242,
  runAttempt: 1,
  workflow: 'CI',
  workflowPath: '.github/workflows/ci.yml',
  headSha: '0123456789abcdef0123456789abcdef01234567',
  headBranch: 'main',
  event: 'push',
  conclusion: 'failure',
  pullRequests: [],
  headRepository: 'acme/calc',
  isFork: false,
  htmlUrl: 'https://github.com/acme/calc/actions/runs/4242'
};

export const HOSTILE_LOG = [
  'FAILED tests/test_calc.py::test_add - assert -1 == 3',
  'cc @octocat and @acme/maintainers please look',
  '<img src=x onerror=alert(1)> <!-- hidden -->',
  '```',
  '# not a heading',
  '````js',
  'E   AssertionError'
].join('\n');

export const triage: Triage = {
  job: 'test',
  step: 'Run pytest',
  category: 'test',
  chunk: { file: 'test/3_Run pytest.txt', startLine: 120, endLine: 126, text: HOSTILE_LOG },
  failures: [
    {
      tool: 'pytest',
      errorType: 'AssertionError',
      message: 'assert -1 == 3 @octocat <b>x</b>',
      file: 'tests/test_calc.py',
      line: 4,
      testName: 'test_add'
    }
  ],
  fingerprint: 'fp1234567890abcd'
};

export const diagnosis: Diagnosis = {
  source: 'model',
  rootCause: 'add() subtracts instead of adding; ping @octocat [click](https://evil.example)',
  category: 'test',
  confidence: 0.87,
  file: 'calc.py',
  line: 2,
  plan: 'Replace `a - b` with `a + b`.'
};

export const reproduction: Reproduction = {
  reproduced: true,
  command: 'python -m pytest -q',
  image: 'nightwatch-test-python:1',
  exitCode: 1,
  durationMs: 2300,
  outputTail: 'FAILED tests/test_calc.py::test_add\n1 failed in 0.02s'
};

export const attempts: Attempt[] = [
  {
    n: 1,
    source: 'model',
    edits: [{ file: 'calc.py', search: 'return a - b', replace: 'return a * b' }],
    verdict: 'fail',
    outputTail: 'FAILED tests/test_calc.py::test_add - assert 2 == 3\n1 failed',
    summary: 'Tried multiplication'
  },
  {
    n: 2,
    source: 'model',
    edits: [
      { file: 'calc.py', search: 'return a - b', replace: 'return a + b' },
      {
        file: 'tests/test_regression_add.py',
        search: '',
        replace: 'def test_add_regression():\n    assert add(2, 2) == 4\n'
      }
    ],
    verdict: 'pass',
    outputTail: '2 passed in 0.01s',
    summary: 'Use addition',
    regressionTest: 'tests/test_regression_add.py'
  }
];

export const diff = [
  'diff --git a/calc.py b/calc.py',
  '--- a/calc.py',
  '+++ b/calc.py',
  '@@ -1,2 +1,2 @@',
  ' def add(a, b):',
  '-    return a - b',
  '+    return a + b',
  'diff --git a/tests/test_regression_add.py b/tests/test_regression_add.py',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/tests/test_regression_add.py',
  '@@ -0,0 +1,2 @@',
  '+def test_add_regression():',
  '+    assert add(2, 2) == 4',
  ''
].join('\n');

export const spec = {
  language: 'python',
  image: 'nightwatch-test-python:1',
  install: 'pip install -e .',
  test: 'python -m pytest -q',
  detectedFrom: 'pyproject.toml'
};

/** The text outside every fenced block (where Markdown, HTML and mentions would be live). */
export function outsideFences(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === undefined && m) {
      fence = m[1];
      continue;
    }
    if (fence !== undefined && line.trim() === fence) {
      fence = undefined;
      continue;
    }
    if (fence === undefined) out.push(line);
  }
  expect(fence).toBeUndefined(); // every fence is closed
  return out.join('\n');
}
