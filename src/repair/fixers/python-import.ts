import type { Edit } from '../../types.js';
import { bindingLines, findModules, modelFor, moduleDefs, submodules, type PyModel } from './python-ast.js';
import { parsePythonErrors, type PyError } from './python-errors.js';
import { isCodeColumn, swapBreaksTie } from './python-name.js';
import { moduleNames, namesBoundBy } from './python-scope.js';
import { PY_STDLIB_EXPORTS } from './python-stdlib.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import {
  identifierPositions,
  lineByLineEdits,
  lineEdit,
  listFiles,
  locateFile,
  readSource,
  uniqueClosest
} from './util.js';

const CANNOT_IMPORT =
  /^cannot import name '([A-Za-z_]\w*)' from (?:partially initialized module )?'([\w.]+)'(?: \(most likely due to a circular import\))?(?: \(([^)]*)\))?$/;
const NO_MODULE = /^No module named '([\w.]+)'$/;

/** Top-level names a Python module defines, for a module file of the tree; undefined when unknown. */
async function namesOfModule(
  workdir: string,
  mod: string,
  reportedPath?: string
): Promise<Set<string> | undefined> {
  let file = reportedPath ? await locateFile(workdir, reportedPath) : undefined;
  if (!file) {
    const rel = mod.replace(/\./g, '/');
    const files = (await listFiles(workdir, ['.py'])).filter(
      f =>
        f === `${rel}.py` ||
        f.endsWith(`/${rel}.py`) ||
        f === `${rel}/__init__.py` ||
        f.endsWith(`/${rel}/__init__.py`)
    );
    if (files.length !== 1) return undefined;
    file = files[0];
  }
  const names = moduleNames(await readSource(workdir, file));
  // `from pkg import sub` imports the submodule `sub` of a package too.
  if (file === '__init__.py' || file.endsWith('/__init__.py')) {
    const dir = file.slice(0, -'__init__.py'.length);
    for (const f of await listFiles(workdir, ['.py'])) {
      if (!f.startsWith(dir)) continue;
      const sub = f.slice(dir.length).split('/');
      if (sub.length === 1 && sub[0] !== '__init__.py') names.add(sub[0].replace(/\.py$/, ''));
      if (sub.length === 2 && sub[1] === '__init__.py') names.add(sub[0]);
    }
  }
  return names;
}

/** The same from Python's parse of the tree: the module's top-level names and, for a package, its submodules. */
async function namesOfModuleAst(
  workdir: string,
  model: PyModel,
  mod: string,
  reportedPath?: string
): Promise<Set<string> | undefined> {
  const located = reportedPath ? await locateFile(workdir, reportedPath) : undefined;
  const hits = located ? [model.byPath.get(located)] : findModules(model, mod);
  const m = hits.length === 1 ? hits[0] : undefined;
  if (!m || m.error) return undefined;
  const names = moduleDefs(m);
  for (const s of submodules(model, m)) names.add(s);
  return names;
}

/** Module names importable from the tree: dotted paths of .py files and packages, from each source root. */
async function projectModules(workdir: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const f of await listFiles(workdir, ['.py'])) {
    const parts = f.replace(/\.py$/, '').split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    // Every suffix, since the source root (`.`, `src/`, …) is not known.
    for (let i = 0; i < parts.length; i++) out.add(parts.slice(i).join('.'));
  }
  return out;
}

/**
 * `line` with the module `wrong` it imports renamed to `right` (both absolute, same parent), for
 * `import a.b`, `from a.b import x` and a relative `from .b import x` / `from ..a.b import x`
 * whose dotted tail is the wrong module's tail; undefined when the line does not import it.
 */
export function renameImportedModule(line: string, wrong: string, right: string): string | undefined {
  const abs = new RegExp(`^(\\s*(?:from|import)\\s+)${wrong.replace(/\./g, '\\.')}(?![\\w.])`).exec(line);
  if (abs) return abs[1] + right + line.slice(abs[0].length);
  const rel = /^(\s*from\s+\.+)([A-Za-z_][\w.]*)(\s+import\s)/.exec(line);
  if (!rel) return undefined;
  const tail = rel[2].split('.');
  const w = wrong.split('.');
  const r = right.split('.');
  // The relative path names the last components of the module: they must be the wrong module's.
  if (tail.length > w.length || w.slice(w.length - tail.length).join('.') !== rel[2]) return undefined;
  return rel[1] + r.slice(r.length - tail.length).join('.') + line.slice(rel[1].length + rel[2].length);
}

/**
 * Python ImportError `cannot import name 'x' from 'm'` and ModuleNotFoundError for a module of the
 * tree: the name (or module) at the reported import line is replaced by Python's suggestion or by
 * the one closest name the module (or tree) defines. A renamed imported name is renamed at its
 * uses in that file too, as they refer to the same binding.
 */
export class PythonImportFixer implements Fixer {
  readonly name = 'python-import';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const errors = parsePythonErrors(input.failureOutput).filter(
      e => e.errorType === 'ImportError' || e.errorType === 'ModuleNotFoundError'
    );
    if (errors.length === 0) return null;
    const { model, scanner } = await modelFor(input, this.name);
    if (!model && !scanner) return null;
    const edits: Edit[] = [];
    const summaries: string[] = [];
    const done = new Set<string>();
    for (const err of errors) {
      const key = `${err.file}:${err.line}:${err.message}`;
      if (done.has(key)) continue;
      done.add(key);
      const r = await this.decide(input, err, model);
      if (!r) {
        input.log(`fixer ${this.name}: not sure about ${err.errorType} at ${err.file}:${err.line}`);
        continue;
      }
      if (edits.some(e => e.file === r.edits[0].file)) continue; // one import fix per file per round
      edits.push(...r.edits);
      summaries.push(r.summary);
    }
    return edits.length > 0 ? { fixer: this.name, edits, summary: summaries.join('; ') } : null;
  }

  /** `model`: Python's parse of the tree; absent: the line scanner reads the files. */
  private async decide(
    input: FixerInput,
    err: PyError,
    model?: PyModel
  ): Promise<{ edits: Edit[]; summary: string } | undefined> {
    const file = await locateFile(input.workdir, err.file);
    if (!file || !file.endsWith('.py')) return undefined;
    const fileModel = model?.byPath.get(file);
    if (model && (!fileModel || fileModel.error)) return undefined;
    const content = await readSource(input.workdir, file);
    const lines = content.split('\n');
    const line = lines[err.line - 1];
    if (line === undefined || !/^\s*(from|import)\s/.test(line)) return undefined;

    const ci = CANNOT_IMPORT.exec(err.message);
    if (err.errorType === 'ImportError' && ci) {
      const [, wrong, mod, modPath] = ci;
      let right = err.suggestion;
      if (!right) {
        const inTree = modPath ? await locateFile(input.workdir, modPath) : undefined;
        // A standard-library module (its file outside the tree): its public names, as Python has them.
        const std =
          !inTree && PY_STDLIB_EXPORTS[mod] && (!modPath || !/[/\\](site|dist)-packages[/\\]/.test(modPath));
        const names = std
          ? new Set(PY_STDLIB_EXPORTS[mod])
          : model
            ? await namesOfModuleAst(input.workdir, model, mod, modPath)
            : await namesOfModule(input.workdir, mod, modPath);
        if (!names) return undefined;
        // A standard-library module's public names are all known: there a three-letter name one
        // adjacent swap off (`Ayn` for `Any`) is the one meant when no name is one edit away.
        right = uniqueClosest(wrong, names) ?? (std ? swapBreaksTie(wrong, names, 3) : undefined);
      }
      if (!right) return undefined;
      const importPart = /\bimport\b/.exec(line);
      if (!importPart) return undefined;
      const positions = identifierPositions(line, wrong).filter(
        p => p > importPart.index && isCodeColumn(line, p)
      );
      if (positions.length !== 1) return undefined;
      const at = positions[0];
      const aliased = new RegExp(`^${wrong}\\s+as\\s+\\w+`).test(line.slice(at));
      const newLines = [...lines];
      newLines[err.line - 1] = line.slice(0, at) + right + line.slice(at + wrong.length);
      let uses = 0;
      if (!aliased) {
        // Another binding of the wrong name elsewhere in the file would make the renames unsure.
        const bound = fileModel
          ? bindingLines(fileModel, wrong).some(l => l !== err.line)
          : lines.some((l, i) => i !== err.line - 1 && namesBoundBy(l).includes(wrong));
        if (bound) return undefined;
        for (let i = 0; i < newLines.length; i++) {
          if (i === err.line - 1) continue;
          const l = newLines[i];
          const ps = identifierPositions(l, wrong)
            .filter(
              p => !/\.\s*$/.test(l.slice(0, p)) && isCodeColumn(l, p) && !/^\s*(from|import)\s/.test(l)
            )
            .reverse();
          for (const p of ps)
            newLines[i] = newLines[i].slice(0, p) + right + newLines[i].slice(p + wrong.length);
          uses += ps.length;
        }
      }
      const edits = lineByLineEdits(file, content, newLines);
      if (!edits) return undefined;
      return {
        edits,
        summary: `${file}:${err.line}: import '${wrong}' -> '${right}' from ${mod}${uses ? ` (and ${uses} use${uses > 1 ? 's' : ''})` : ''}`
      };
    }

    const nm = NO_MODULE.exec(err.message);
    if (err.errorType === 'ModuleNotFoundError' && nm) {
      const wrong = nm[1];
      const mods = await projectModules(input.workdir);
      // Only a near miss of a module of this tree; anything else is a missing dependency.
      const parent = wrong.includes('.') ? wrong.slice(0, wrong.lastIndexOf('.')) : '';
      if (parent && !mods.has(parent)) return undefined;
      const siblings = [...mods].filter(m =>
        parent ? m.startsWith(`${parent}.`) && !m.slice(parent.length + 1).includes('.') : !m.includes('.')
      );
      const leaf = wrong.slice(parent ? parent.length + 1 : 0);
      const rightLeaf = uniqueClosest(
        leaf,
        siblings.map(m => m.slice(parent ? parent.length + 1 : 0))
      );
      if (!rightLeaf) return undefined;
      const right = parent ? `${parent}.${rightLeaf}` : rightLeaf;
      const newLine = renameImportedModule(line, wrong, right);
      if (newLine === undefined) return undefined;
      const edit = lineEdit(file, content, err.line - 1, newLine + (err.line < lines.length ? '\n' : ''));
      if (!edit) return undefined;
      return { edits: [edit], summary: `${file}:${err.line}: module '${wrong}' -> '${right}'` };
    }
    return undefined;
  }
}
