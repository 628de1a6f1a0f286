import { isTreeFile, readTreeFile } from '../../fs/index.js';
import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateFile, markedScript, minimalEdit, readMarked, readSource } from './util.js';

/** A formatter whose check can fail CI, how to see that it did, and how to run it on one file. */
interface Formatter {
  name: 'prettier' | 'black' | 'ruff' | 'gofmt';
  /** The check failed: a line only this formatter's check prints, or (gofmt) the check's command. */
  failed: (output: string, command: string) => boolean;
  /** One file it would change, per line of output. */
  file: RegExp;
  /** Shell command formatting stdin (the file's path in `$f`) to stdout, for the failing command. */
  command: (testCommand: string) => string;
  configured: (workdir: string) => Promise<boolean>;
  /**
   * When the output names no file (`test -z "$(gofmt -l .)"` prints nothing): a command that lists
   * the files the formatter would change, one per line, run in the project's image.
   */
  list?: (testCommand: string) => string;
}

/** A configuration file's text; '' when it is missing or not a plain file of the tree (a link). */
const read = async (workdir: string, f: string): Promise<string> =>
  (await readTreeFile(workdir, f).catch(() => null)) ?? '';

const FORMATTERS: Formatter[] = [
  {
    name: 'prettier',
    failed: out => /Code style issues found|Run Prettier with --write to fix/.test(out),
    file: /^\[warn\] (?!Code style issues)(\S.*?)\s*$/,
    command: () =>
      'if [ -x node_modules/.bin/prettier ]; then node_modules/.bin/prettier --stdin-filepath "$f"; else prettier --stdin-filepath "$f"; fi',
    configured: async w => {
      const pkg = await read(w, 'package.json');
      if (/"prettier"\s*:/.test(pkg)) return true;
      const configs = [
        '.prettierrc',
        '.prettierrc.json',
        '.prettierrc.yaml',
        '.prettierrc.yml',
        '.prettierrc.js',
        '.prettierrc.cjs',
        '.prettierrc.mjs',
        'prettier.config.js',
        'prettier.config.mjs',
        'prettier.config.cjs'
      ];
      return (await Promise.all(configs.map(f => isTreeFile(w, f)))).some(Boolean);
    }
  },
  {
    name: 'black',
    failed: out => /would be reformatted|Oh no! /.test(out),
    file: /^would reformat (\S.*?)\s*$/,
    command: () => 'python3 -m black -q --stdin-filename "$f" -',
    configured: async w =>
      /\[tool\.black\]/.test(await read(w, 'pyproject.toml')) ||
      /^black\b/m.test((await read(w, 'requirements-dev.txt')) + (await read(w, 'requirements.txt')))
  },
  {
    name: 'ruff',
    failed: out => /would be reformatted/.test(out),
    file: /^Would reformat: (\S.*?)\s*$/,
    command: () =>
      'if command -v ruff >/dev/null; then ruff format --stdin-filename "$f" -; else python3 -m ruff format --stdin-filename "$f" -; fi',
    configured: async w =>
      /\[tool\.ruff/.test(await read(w, 'pyproject.toml')) ||
      (await isTreeFile(w, 'ruff.toml')) ||
      (await isTreeFile(w, '.ruff.toml'))
  },
  {
    // gofmt has no configuration and no marker line: `gofmt -l` prints bare paths, `gofmt -d` a
    // diff. It is trusted when the failing command itself runs gofmt (or the output is gofmt -d's
    // diff) in a Go module; the files are then the ones gofmt itself lists.
    name: 'gofmt',
    failed: (out, command) => /\bgofmt\b/.test(command) || /^diff \S+\.go\.orig \S+\.go\s*$/m.test(out),
    file: /^(?:diff (\S+\.go)\.orig \S+\.go|(?:\.\/)?((?:[\w.-]+\/)*[\w.-]+\.go))\s*$/,
    command: c => `gofmt${simplify(c)}`,
    configured: w => isTreeFile(w, 'go.mod'),
    list: c => `gofmt${simplify(c)} -l . | grep -v -E '(^|/)(vendor|testdata)/' || true`
  }
];

/** ` -s` when the failing command runs `gofmt -s` (simplification is part of what it checks). */
function simplify(command: string): string {
  return /\bgofmt\b[^|;&\n]*\s-s\b/.test(command) ? ' -s' : '';
}

/**
 * Formatter drift (prettier, black, ruff format, gofmt): when the repository configures the
 * formatter and its check named the files (or gofmt lists them), the formatter itself is run on them
 * in the project's own image (its version, its config) and its output becomes the edit. Declines
 * when the formatter is not there.
 */
export class FormatterFixer implements Fixer {
  readonly name = 'formatter';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    if (!input.sandbox) return null;
    const output = input.failureOutput;
    for (const fmt of FORMATTERS) {
      if (!fmt.failed(output, input.spec.test)) continue;
      if (!(await fmt.configured(input.workdir))) {
        input.log(
          `fixer ${this.name}: ${fmt.name} check failed but the repository does not configure ${fmt.name}`
        );
        continue;
      }
      // The files a text names (a check's output, or gofmt's own list), as paths in the tree.
      const named = async (text: string): Promise<string[]> => {
        const reported = text
          .split(/\r?\n/)
          .map(l => {
            const m = fmt.file.exec(l.trim());
            return m?.[1] ?? m?.[2];
          })
          .filter((f): f is string => Boolean(f));
        const located = await Promise.all(reported.map(f => locateFile(input.workdir, f)));
        return [...new Set(located.filter((f): f is string => Boolean(f)))];
      };
      let files = await named(output);
      if (files.length === 0 && fmt.list) {
        const listed = await input.sandbox.run({
          workdir: input.workdir,
          spec: { ...input.spec, install: undefined, test: fmt.list(input.spec.test) }
        });
        files = listed.exitCode === 0 ? await named(listed.output) : [];
        if (files.length === 0) {
          input.log(`fixer ${this.name}: ${fmt.name} names no file to format`);
          continue;
        }
      }
      if (files.length === 0 || files.length > 200) continue;
      const res = await input.sandbox.run({
        workdir: input.workdir,
        spec: { ...input.spec, test: markedScript(files, fmt.command(input.spec.test)) }
      });
      const formatted = readMarked(res.output);
      const edits: Edit[] = [];
      for (const f of files) {
        const next = formatted.get(f);
        if (next === undefined || next.trim() === '') {
          input.log(`fixer ${this.name}: ${fmt.name} is not available in the image or failed on ${f}`);
          return null;
        }
        const edit = minimalEdit(f, await readSource(input.workdir, f), next);
        if (edit) edits.push(edit);
      }
      if (edits.length > 0)
        return {
          fixer: this.name,
          edits,
          summary: `${fmt.name} formatting of ${edits.map(e => e.file).join(', ')}`
        };
    }
    return null;
  }
}
