import path from 'node:path';
import type { ProjectSpec } from '../sandbox/port.js';

const shq = (s: string): string => (/^[\w./@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * A test command that runs only the regression test file, derived from the project's own test
 * command; undefined when the runner is not recognised (then the whole suite is run and the test
 * file must be among the failures).
 */
/**
 * A path relative to the repository as the test command sees it: a command that starts with
 * `cd DIR && ` (a working directory from the workflow) runs inside DIR.
 */
export function fromCommandDir(cmd: string, file: string): string {
  const m = /^\s*cd\s+(?:'([^']+)'|"([^"]+)"|(\S+))\s*&&/.exec(cmd);
  const dir = (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').replace(/^\.\/|\/$/g, '');
  if (!dir || dir === '.') return file;
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : path.posix.relative(dir, file);
}

export function singleTestCommand(spec: ProjectSpec, file: string): string | undefined {
  const cmd = spec.test;
  const f = shq(fromCommandDir(cmd, file));
  if (spec.language === 'python' || /\bpytest\b/.test(cmd)) {
    const m = /((?:[\w./-]*python3?(?:\.\d+)?\s+-m\s+)?pytest)\b/.exec(cmd);
    if (m) return `${cmd.slice(0, m.index)}${m[1]} -q -p no:cacheprovider ${f}`;
    if (/\bunittest\b/.test(cmd)) {
      const mod = fromCommandDir(cmd, file).replace(/\.py$/, '').replace(/\//g, '.');
      return `python3 -m unittest -v ${shq(mod)}`;
    }
    return `python3 -m pytest -q -p no:cacheprovider ${f}`;
  }
  if (spec.language === 'node') {
    if (/\bjest\b/.test(cmd)) return `npx jest --ci ${f}`;
    if (/\bvitest\b/.test(cmd)) return `npx vitest run ${f}`;
    if (/\bmocha\b/.test(cmd)) return `npx mocha ${f}`;
    if (/node\s+(?:[^|&;]*\s)?--test\b/.test(cmd)) {
      const imp = /--import[ =]\S+|--experimental-strip-types|--loader[ =]\S+/g;
      const flags = (cmd.match(imp) ?? []).join(' ');
      return `node --test ${flags ? `${flags} ` : ''}${f}`;
    }
    return undefined;
  }
  return undefined;
}

/**
 * A command that runs only the named tests (pytest node ids) when the runner takes ids, else the
 * whole suite: re-running the failing tests to tell a flake from a bug should not cost a suite.
 */
export function rerunCommand(spec: ProjectSpec, ids: readonly string[]): string {
  // The ids are as the runner printed them: already relative to where the command runs.
  const pytestIds = ids.filter(id => /^[\w./-]+\.py(::[\w.[\]-]+)+$/.test(id));
  if (
    pytestIds.length > 0 &&
    pytestIds.length === ids.length &&
    (spec.language === 'python' || /\bpytest\b/.test(spec.test))
  ) {
    const m = /((?:[\w./-]*python3?(?:\.\d+)?\s+-m\s+)?pytest)\b/.exec(spec.test);
    const runner = m ? `${spec.test.slice(0, m.index)}${m[1]}` : 'python3 -m pytest';
    return `${runner} -q -p no:cacheprovider ${pytestIds.map(shq).join(' ')}`;
  }
  return spec.test;
}

/**
 * True when the output of a whole-suite run names the test file (by stem, so a compiled
 * `dist/x.test.js` counts for `src/x.test.ts`) near a failure marker.
 */
export function outputBlamesFile(output: string, file: string): boolean {
  const stem = (file.split('/').pop() ?? file).replace(/\.[cm]?[jt]sx?$|\.py$/, '');
  const lines = output.split('\n');
  const marker = /FAIL|Error|failed|✖|not ok|ERROR/;
  return lines.some(
    (l, i) => l.includes(stem) && lines.slice(Math.max(0, i - 8), i + 9).some(w => marker.test(w))
  );
}
