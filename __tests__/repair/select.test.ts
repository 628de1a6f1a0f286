import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandDir, failingTestsCommand } from '../../src/repair/select.js';

describe('failingTestsCommand: the failing tests alone, by the runner’s own selection', () => {
  it('pytest: node ids as arguments of the command’s pytest, in its working directory', () => {
    expect(
      failingTestsCommand('python3 -m pytest -x', ['tests/test_a.py::test_b', 'tests/test_a.py::C::d[1-2]'])
    ).toBe("python3 -m pytest -q -p no:cacheprovider tests/test_a.py::test_b 'tests/test_a.py::C::d[1-2]'");
    expect(failingTestsCommand("cd 'svc' && pytest", ['tests/test_a.py::t'])).toBe(
      "cd 'svc' && pytest -q -p no:cacheprovider tests/test_a.py::t"
    );
  });

  it('jest and vitest: -t with the titles, anchored at the end of the full name', () => {
    expect(failingTestsCommand('npx jest --ci', ['cart › adds (2+2)'])).toBe(
      "npx jest --ci -t '(^|\\s)(adds \\(2\\+2\\))$'"
    );
    expect(failingTestsCommand('vitest run', ['a > b'])).toBe("vitest run -t '(^|\\s)(b)$'");
  });

  it('node:test: --test-name-pattern right after --test, also behind npm test (the script itself runs)', () => {
    const scripts = { test: 'tsc -p . && node --test dist/*.test.js' };
    expect(failingTestsCommand('npm test', ['totals', 'adds shipping'], scripts)).toBe(
      "tsc -p . && node --test --test-name-pattern='(^|\\s)(totals|adds shipping)$' dist/*.test.js"
    );
  });

  it('go test: -run with the top-level names (subtests and package prefixes dropped)', () => {
    expect(failingTestsCommand('go test ./...', ['TestSum/negative', 'example.com/m/pkg.TestMax'])).toBe(
      "go test ./... -run '^(TestSum|TestMax)$'"
    );
  });

  it('no selection where the runner is not the end of the command or an id does not fit', () => {
    expect(failingTestsCommand('jest && eslint .', ['a'])).toBeUndefined();
    expect(failingTestsCommand('make test', ['tests/test_a.py::t'])).toBeUndefined();
    expect(failingTestsCommand('make && pytest', ['tests/test_a.py::t'])).toBeUndefined();
    expect(failingTestsCommand('go test ./... -run TestA', ['TestB'])).toBeUndefined();
    expect(failingTestsCommand('go test ./...', ['not a go test'])).toBeUndefined();
    expect(failingTestsCommand('npx jest', ['--coverage'])).toBeUndefined();
    expect(failingTestsCommand('npx jest', ['a\nb'])).toBeUndefined();
    expect(failingTestsCommand('pytest', ['-p evil.py::x'])).toBeUndefined();
    expect(failingTestsCommand('npm test', ['a'], { test: 'npm run unit' })).toBeUndefined();
    expect(failingTestsCommand('npm test', ['a'])).toBeUndefined();
    expect(failingTestsCommand('pytest', [])).toBeUndefined();
  });

  it('commandDir reads the cd of a workflow working directory', () => {
    expect(commandDir("cd 'packages/api' && npm test")).toBe('packages/api');
    expect(commandDir('npm test')).toBe('');
  });

  it('a hostile test name reaches the runner as one argument and runs nothing (real sh)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nw-select-'));
    try {
      // A stand-in runner that prints its arguments, one a line.
      for (const bin of ['jest', 'pytest', 'go']) {
        await writeFile(path.join(dir, bin), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
        await chmod(path.join(dir, bin), 0o755);
      }
      const hostile = [
        "x'; touch pwned1; echo '",
        'x$(touch pwned2)',
        'x`touch pwned3`',
        'x" && touch pwned4 && "',
        'x; touch pwned5'
      ];
      const run = (cmd: string): string =>
        execFileSync('sh', ['-c', cmd], {
          cwd: dir,
          env: { PATH: `${dir}:/usr/bin:/bin` },
          encoding: 'utf8'
        });
      const jest = failingTestsCommand(
        'jest',
        hostile.map(h => `suite › ${h}`)
      );
      expect(jest).toBeDefined();
      const printed = run(jest!).split('\n');
      expect(printed[0]).toBe('-t');
      for (const h of hostile) expect(printed[1]).toContain(h.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      const py = failingTestsCommand('pytest', hostile.map(h => `tests/test_a.py::t[${h}]`).slice(0, 3));
      if (py) run(py);
      expect((await readdir(dir)).filter(f => f.startsWith('pwned'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
