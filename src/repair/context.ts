import { readTreeFile } from '../fs/index.js';
import type { SourceFile } from '../model/prompts.js';
import type { Diagnosis, Failure } from '../types.js';
import { listFiles, locateFile } from './fixers/util.js';

/** True for paths that look like test files in the common Python and JavaScript layouts. */
export function isTestFile(file: string): boolean {
  const f = file.replace(/\\/g, '/');
  const base = f.split('/').pop() ?? f;
  return (
    /^test_.*\.py$/.test(base) ||
    /_test\.py$/.test(base) ||
    base === 'conftest.py' ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(base) ||
    /_test\.go$/.test(base) ||
    /(^|\/)(tests?|__tests__|spec)\//.test(f)
  );
}

/** The existing test files of the tree. */
export async function testFilesOf(workdir: string): Promise<string[]> {
  const all = await listFiles(workdir, ['.py', '.js', '.ts', '.mjs', '.cjs', '.tsx', '.jsx', '.go']);
  return all.filter(isTestFile);
}

const LOCATIONS: RegExp[] = [
  /File "([^"]+)", line (\d+)/g,
  /^([^\s:()]+\.(?:py|[cm]?[jt]sx?|go)):(\d+)(?::\d+)?(?=[:\s]|$)/gm,
  /^([^\s:()]+\.(?:[cm]?[jt]sx?))\((\d+),\d+\)/gm,
  /\(([^\s()]+\.(?:[cm]?[jt]sx?)):(\d+):\d+\)/g,
  /at [^\s(]+ \(?([^\s()]+\.(?:[cm]?[jt]sx?)):(\d+):\d+/g
];

/**
 * The source files the failure points at, with their focus lines: the diagnosis location first,
 * then structured failures, then every file:line in the output that is a file of the tree.
 */
export async function collectSources(
  workdir: string,
  failureOutput: string,
  failures: Failure[],
  diagnosis?: Diagnosis,
  max = 6
): Promise<SourceFile[]> {
  const focus = new Map<string, Set<number>>();
  const located = new Map<string, string | undefined>();
  const add = async (reported: string | undefined, line: number | undefined): Promise<void> => {
    if (!reported) return;
    if (!located.has(reported)) located.set(reported, await locateFile(workdir, reported));
    const rel = located.get(reported);
    if (!rel) return;
    if (!focus.has(rel)) focus.set(rel, new Set());
    if (line && line > 0) focus.get(rel)!.add(line);
  };
  await add(diagnosis?.file, diagnosis?.line);
  for (const f of failures) await add(f.file, f.line);
  for (const re of LOCATIONS) for (const m of failureOutput.matchAll(re)) await add(m[1], Number(m[2]));
  const out: SourceFile[] = [];
  for (const [file, lines] of focus) {
    // Through src/fs: a link (to a credentials file, say) is never read for the model.
    const content = await readTreeFile(workdir, file).catch(() => null);
    if (content === null || content.includes('\u0000')) continue;
    out.push({ file, content, focusLines: [...lines].sort((a, b) => a - b) });
    if (out.length >= max) break;
  }
  // Code under test before tests: the bug is more often there and the budget trims from the end.
  return [...out.filter(s => !isTestFile(s.file)), ...out.filter(s => isTestFile(s.file))];
}
