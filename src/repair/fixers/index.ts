import { FormatterFixer } from './formatter.js';
import { JsReferenceFixer } from './js-reference.js';
import { MissingImportFixer } from './missing-import.js';
import { NpmLockfileFixer } from './npm-lockfile.js';
import { PythonImportFixer } from './python-import.js';
import { PythonNameFixer } from './python-name.js';
import { TsSuggestionFixer } from './ts-suggestion.js';
import type { Fixer } from './types.js';

export type { FixProposal, Fixer, FixerInput } from './types.js';

/** The deterministic fixers, in the order they are tried. */
export function defaultFixers(): Fixer[] {
  return [
    new PythonNameFixer(),
    new PythonImportFixer(),
    new MissingImportFixer(),
    new TsSuggestionFixer(),
    new JsReferenceFixer(),
    new NpmLockfileFixer(),
    new FormatterFixer()
  ];
}
