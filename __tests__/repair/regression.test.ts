import { refuseLargePatch } from '../../src/repair/loop.js';
import { fromCommandDir, outputBlamesFile, singleTestCommand } from '../../src/repair/regression.js';

const py = { language: 'python' as const, image: 'i', test: 'python3 -m pytest -q', detectedFrom: '' };
const node = (test: string): typeof py => ({ ...py, language: 'node' as never, test });

describe('regression test helpers', () => {
  it('derives a command that runs only the regression test', () => {
    expect(singleTestCommand(py, 'tests/test_reg.py')).toBe(
      'python3 -m pytest -q -p no:cacheprovider tests/test_reg.py'
    );
    expect(singleTestCommand({ ...py, test: 'pytest -x' }, 'tests/test_reg.py')).toBe(
      'pytest -q -p no:cacheprovider tests/test_reg.py'
    );
    expect(singleTestCommand(node('npx jest --ci'), 'src/a.test.ts')).toBe('npx jest --ci src/a.test.ts');
    expect(singleTestCommand(node('node --test --experimental-strip-types'), 'a.test.ts')).toBe(
      'node --test --experimental-strip-types a.test.ts'
    );
    expect(singleTestCommand(node('npm test'), 'src/a.test.ts')).toBeUndefined();
  });

  it('finds the regression test among the failures of a whole-suite run (TAP, compiled output)', () => {
    const tap =
      "not ok 3 - threshold\n  ---\n  location: 'file:///work/dist/regression.test.js:5:1'\n  error: 'expected 10'\n";
    expect(outputBlamesFile(tap, 'src/regression.test.ts')).toBe(true);
    expect(outputBlamesFile('FAILED tests/test_reg.py::test_x - assert 0 == 1', 'tests/test_reg.py')).toBe(
      true
    );
    expect(outputBlamesFile('ok 1 - other\n# pass 1', 'src/regression.test.ts')).toBe(false);
  });

  it('refuses a patch too large to be a minimal fix', () => {
    const big = 'x\n'.repeat(300);
    expect(refuseLargePatch([{ file: 'a.py', search: big, replace: big + 'y' }])).toMatch(
      /not a minimal fix/
    );
    expect(
      refuseLargePatch(['a', 'b', 'c', 'd', 'e', 'f'].map(f => ({ file: f, search: 'x', replace: 'y' })))
    ).toMatch(/6 files/);
    expect(refuseLargePatch([{ file: 'a.py', search: 'a - b', replace: 'a + b' }])).toBeUndefined();
  });
});

describe('a test command that runs in a working directory', () => {
  it('names the file as seen from the folder the command changes into', () => {
    expect(fromCommandDir('cd backend && python3 -m pytest', 'backend/tests/test_reg.py')).toBe(
      'tests/test_reg.py'
    );
    expect(fromCommandDir("cd 'my app' && npm test", 'my app/src/a.test.ts')).toBe('src/a.test.ts');
    expect(fromCommandDir('python3 -m pytest', 'tests/test_reg.py')).toBe('tests/test_reg.py');
    expect(
      singleTestCommand(
        {
          language: 'python',
          image: 'i',
          install: '',
          test: 'cd backend && python3 -m pytest',
          detectedFrom: 'test'
        },
        'backend/tests/test_reg.py'
      )
    ).toBe('cd backend && python3 -m pytest -q -p no:cacheprovider tests/test_reg.py');
  });
});
