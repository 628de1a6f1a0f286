import { isTreeFile, readTreeFile } from '../../fs/index.js';
import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateProjectFile } from './near.js';
import { markedScript, minimalEdit, readMarked, readSource, shellQuote } from './util.js';

/** A linter with an autofix: when its check is the failing step, and how to run its `--fix`. */
export interface Linter {
  name: 'ruff' | 'eslint';
  /** The failing command runs this linter's check (itself, or as the script npm or yarn echo). */
  runs: (command: string, output: string) => boolean;
  /** The files its report names (one per matching line). */
  file: RegExp[];
  configured: (workdir: string) => Promise<boolean>;
  /**
   * The fixed command line run in the sandbox on the reported files (never one from the
   * repository): exits 0 when the linter ran, whatever it left unfixed.
   */
  fix: (files: string[]) => string;
}

const read = async (workdir: string, f: string): Promise<string> =>
  (await readTreeFile(workdir, f).catch(() => null)) ?? '';

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yaml',
  '.eslintrc.yml'
];

export const LINTERS: Linter[] = [
  {
    name: 'ruff',
    // `ruff check …` or `ruff .` (before `check` was required), not `ruff format`.
    runs: c => /(^|[\s;&|(])(?:python3? -m )?ruff(?:\s+check\b|\s+(?!format\b|check\b)[.\w/-])/.test(c),
    file: [
      // concise: `app.py:1:8: F401 [*] \`os\` imported but unused`
      /^(\S[^:\n]*\.pyi?):\d+:\d+: [A-Z]+\d+\b/,
      // full (ruff 0.12+): `  --> app.py:1:8`
      /^\s*--> (\S[^:\n]*\.pyi?):\d+:\d+\s*$/
    ],
    configured: async w =>
      /\[tool\.ruff/.test(await read(w, 'pyproject.toml')) ||
      (await isTreeFile(w, 'ruff.toml')) ||
      (await isTreeFile(w, '.ruff.toml')),
    // Safe fixes only, whatever the configuration says about unsafe ones.
    fix: files =>
      `if command -v ruff >/dev/null; then nw_ruff=ruff; else nw_ruff='python3 -m ruff'; fi; $nw_ruff check --fix --no-unsafe-fixes --exit-zero --quiet -- ${files.map(shellQuote).join(' ')} >/dev/null 2>&1`
  },
  {
    name: 'eslint',
    runs: (c, out) => /(^|[\s;&|(/])eslint(\s|$)/.test(c) || /^(?:> |\$ )(?:npx )?eslint(\s|$)/m.test(out),
    // stylish: the file's path alone on a line, then its `  12:5  error  …` lines.
    file: [
      /^(\/\S.*?\.(?:[cm]?[jt]sx?|vue|svelte))\s*$/,
      /^((?:[\w.@-]+\/)*[\w.@-]+\.(?:[cm]?[jt]sx?|vue|svelte))\s*$/
    ],
    configured: async w =>
      (await Promise.all(ESLINT_CONFIGS.map(f => isTreeFile(w, f)))).some(Boolean) ||
      /"eslintConfig"\s*:/.test(await read(w, 'package.json')),
    // Exit 1: problems remain (fine, the proof decides); 2: eslint itself failed.
    fix: files =>
      `if [ -x node_modules/.bin/eslint ]; then nw_eslint=node_modules/.bin/eslint; else nw_eslint=eslint; fi; $nw_eslint --fix -- ${files.map(shellQuote).join(' ')} >/dev/null 2>&1; [ $? -le 1 ]`
  }
];

/** True when the output is a report of this linter (not only a command that mentions it). */
function reported(linter: Linter, output: string): boolean {
  return linter.name === 'ruff'
    ? /^Found \d+ errors?\b|\[\*\]|fixable with the `--fix` option/m.test(output)
    : /^\s*\d+:\d+\s+(?:error|warning)\s/m.test(output) &&
        /✖ \d+ problems?|\d+ problems? \(\d+ errors?/.test(output);
}

/**
 * Lint autofix (`ruff check --fix`, `eslint --fix`): when the failing step is that linter's check,
 * the repository configures it, and its report names files of the tree, the linter's own fixes are
 * made in the sandbox (the repository's config and plugins, on a copy) on those files only and read
 * back as edits. Only the fixed command above runs; nothing from the repository's config becomes a
 * command. Declines without a sandbox, or when the linter is not there.
 */
export class LintFixFixer implements Fixer {
  readonly name = 'lint-fix';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    if (!input.sandbox) return null;
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    for (const linter of LINTERS) {
      if (!linter.runs(input.spec.test, input.failureOutput) || !reported(linter, input.failureOutput))
        continue;
      if (!(await linter.configured(input.workdir))) {
        log(`${linter.name} failed but the repository does not configure ${linter.name}`);
        continue;
      }
      const names = new Set<string>();
      for (const l of input.failureOutput.split(/\r?\n/)) {
        for (const re of linter.file) {
          const m = re.exec(l);
          if (m) names.add(m[1].trim());
        }
      }
      const files: string[] = [];
      for (const n of [...names].sort()) {
        const f = await locateProjectFile(input.workdir, n);
        if (f && !files.includes(f)) files.push(f);
      }
      if (files.length === 0 || files.length > 200) {
        log(`${linter.name} names no file of the tree`);
        continue;
      }
      // The linter changes the sandbox's copy; each file is then printed back (`cat`), marked.
      const script = `if ${linter.fix(files)}; then echo '@@NW-LINT-RAN'; fi\n${markedScript(files, 'cat')}`;
      const res = await input.sandbox.run({
        workdir: input.workdir,
        spec: { ...input.spec, test: script }
      });
      if (!/^@@NW-LINT-RAN$/m.test(res.output)) {
        log(`${linter.name} is not available in the image or failed`);
        return null;
      }
      const fixed = readMarked(res.output);
      const edits: Edit[] = [];
      for (const f of files) {
        const next = fixed.get(f);
        if (next === undefined) return null;
        const edit = minimalEdit(f, await readSource(input.workdir, f), next);
        if (edit) edits.push(edit);
      }
      if (edits.length === 0) {
        log(`${linter.name} --fix changed nothing`);
        return null;
      }
      return {
        fixer: this.name,
        edits,
        summary: `${linter.name} --fix on ${edits.map(e => e.file).join(', ')}`
      };
    }
    return null;
  }
}
