import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { stripAnsi } from '../../ansi.js';
import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateFile, markedScript, minimalEdit, readMarked } from './util.js';

/** A formatter whose check can fail CI, how to see that it did, and how to run it on one file. */
interface Formatter {
  name: 'prettier' | 'black' | 'ruff';
  /** The check failed (a line that only this formatter's check prints). */
  failed: RegExp;
  /** One file it would change, per line of output. */
  file: RegExp;
  /** Shell command formatting stdin (the file's path in `$f`) to stdout. */
  command: string;
  configured: (workdir: string) => Promise<boolean>;
}

const read = async (workdir: string, f: string): Promise<string> =>
  existsSync(path.join(workdir, f)) ? readFile(path.join(workdir, f), 'utf8') : '';

const FORMATTERS: Formatter[] = [
  {
    name: 'prettier',
    failed: /Code style issues found|Run Prettier with --write to fix/,
    file: /^\[warn\] (?!Code style issues)(\S.*?)\s*$/,
    command:
      'if [ -x node_modules/.bin/prettier ]; then node_modules/.bin/prettier --stdin-filepath "$f"; else prettier --stdin-filepath "$f"; fi',
    configured: async w => {
      const pkg = await read(w, 'package.json');
      return (
        /"prettier"\s*:/.test(pkg) ||
        [
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
        ].some(f => existsSync(path.join(w, f)))
      );
    }
  },
  {
    name: 'black',
    failed: /would be reformatted|Oh no! /,
    file: /^would reformat (\S.*?)\s*$/,
    command: 'python3 -m black -q --stdin-filename "$f" -',
    configured: async w =>
      /\[tool\.black\]/.test(await read(w, 'pyproject.toml')) ||
      /^black\b/m.test((await read(w, 'requirements-dev.txt')) + (await read(w, 'requirements.txt')))
  },
  {
    name: 'ruff',
    failed: /would be reformatted/,
    file: /^Would reformat: (\S.*?)\s*$/,
    command:
      'if command -v ruff >/dev/null; then ruff format --stdin-filename "$f" -; else python3 -m ruff format --stdin-filename "$f" -; fi',
    configured: async w =>
      /\[tool\.ruff/.test(await read(w, 'pyproject.toml')) ||
      existsSync(path.join(w, 'ruff.toml')) ||
      existsSync(path.join(w, '.ruff.toml'))
  }
];

/**
 * Formatter drift (prettier, black, ruff format): when the repository configures the formatter and
 * its check named the files, the formatter itself is run on them in the project's own image (its
 * version, its config) and its output becomes the edit. Declines when the formatter is not there.
 * gofmt is not handled: `gofmt -l` output carries no marker to tell it from other output.
 */
export class FormatterFixer implements Fixer {
  readonly name = 'formatter';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    if (!input.sandbox) return null;
    const output = stripAnsi(input.failureOutput);
    const lines = output.replace(/\r\n/g, '\n').split('\n');
    for (const fmt of FORMATTERS) {
      if (!fmt.failed.test(output)) continue;
      if (!(await fmt.configured(input.workdir))) {
        input.log(
          `fixer ${this.name}: ${fmt.name} check failed but the repository does not configure ${fmt.name}`
        );
        continue;
      }
      const files = [
        ...new Set(
          lines
            .map(l => fmt.file.exec(l)?.[1])
            .filter((f): f is string => Boolean(f))
            .map(f => locateFile(input.workdir, f))
            .filter((f): f is string => Boolean(f))
        )
      ];
      if (files.length === 0 || files.length > 200) continue;
      const res = await input.sandbox.run({
        workdir: input.workdir,
        spec: { ...input.spec, test: markedScript(files, fmt.command) }
      });
      const formatted = readMarked(res.output);
      const edits: Edit[] = [];
      for (const f of files) {
        const next = formatted.get(f);
        if (next === undefined || next.trim() === '') {
          input.log(`fixer ${this.name}: ${fmt.name} is not available in the image or failed on ${f}`);
          return null;
        }
        const edit = minimalEdit(f, await readFile(path.join(input.workdir, f), 'utf8'), next);
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
