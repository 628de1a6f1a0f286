import { FormatterFixer } from './formatter.js';
import { GoUndefinedFixer } from './go-undefined.js';
import { JavaSymbolFixer } from './java-symbol.js';
import { JsExportFixer } from './js-export.js';
import { JsReferenceFixer } from './js-reference.js';
import { LintFixFixer } from './lint-fix.js';
import { MissingImportFixer } from './missing-import.js';
import { NpmLockfileFixer } from './npm-lockfile.js';
import { PythonImportFixer } from './python-import.js';
import { PythonNameFixer } from './python-name.js';
import { RustSuggestionFixer } from './rust-suggestion.js';
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
    new JsExportFixer(),
    new GoUndefinedFixer(),
    new JavaSymbolFixer(),
    new RustSuggestionFixer(),
    new NpmLockfileFixer(),
    new FormatterFixer(),
    new LintFixFixer()
  ];
}
