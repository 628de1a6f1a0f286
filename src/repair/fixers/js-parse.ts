/**
 * A real parse of JavaScript/TypeScript files of the tree, for the JS/TS fixers: tree-sitter's
 * WebAssembly runtime (`web-tree-sitter`) with the grammars' own prebuilt wasm from npm. The parse
 * runs on the host and is pure: no code of the repository runs, no Docker is needed. A file is read
 * only through `src/fs` (no link followed, size-capped); a read refusal, a syntax error or a parse
 * over its time budget is `null`: the fixer that asked knows nothing and declines.
 */
import { lstat, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TreeSitter from 'web-tree-sitter';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { readTreeFile } from '../../fs/index.js';

export type { Node, Tree } from 'web-tree-sitter';

/** The grammar a file is parsed with. */
export type JsDialect = 'typescript' | 'tsx' | 'javascript';

/**
 * The files the parser needs: the runtime's JavaScript (its CommonJS build, loaded at run time, not
 * bundled) and wasm, then one wasm per grammar. `file` is the name the build copies it under into
 * dist/ (scripts/place-dist.mjs; the CLI's bundle in dist/cli/ uses the same), `from` what resolves
 * it in node_modules.
 */
export const PARSER_FILES = {
  module: { file: 'web-tree-sitter.cjs', from: 'web-tree-sitter' },
  runtime: { file: 'web-tree-sitter.wasm', from: 'web-tree-sitter/web-tree-sitter.wasm' },
  typescript: {
    file: 'tree-sitter-typescript.wasm',
    from: 'tree-sitter-typescript/tree-sitter-typescript.wasm'
  },
  tsx: { file: 'tree-sitter-tsx.wasm', from: 'tree-sitter-typescript/tree-sitter-tsx.wasm' },
  javascript: {
    file: 'tree-sitter-javascript.wasm',
    from: 'tree-sitter-javascript/tree-sitter-javascript.wasm'
  }
} as const;

/** Source files larger than this are not parsed (generated or minified code, or an attack). */
export const MAX_PARSE_BYTES = 1024 * 1024;
/** A parse taking longer than this is abandoned. */
export const PARSE_TIMEOUT_MS = 2000;

/** The dialect of a file by its extension; undefined for anything not JS/TS (a `.d.ts` included). */
export function dialectOf(file: string): JsDialect | undefined {
  if (/\.d\.[cm]?ts$/.test(file)) return undefined;
  if (/\.[cm]?ts$/.test(file)) return 'typescript';
  if (/\.tsx$/.test(file)) return 'tsx';
  if (/\.(?:[cm]?js|jsx)$/.test(file)) return 'javascript';
  return undefined;
}

/**
 * The folders a bundle looks in for the parser's files: its own, and for the CLI's bundle (in
 * dist/cli/) the action's (dist/), where the build puts them once. Never anywhere else.
 */
export function parserFolders(bundleDir: string): string[] {
  return path.basename(bundleDir) === 'cli' ? [bundleDir, path.dirname(bundleDir)] : [bundleDir];
}

/**
 * Where a file of the parser is: beside the running bundle (dist/, or dist/ for the CLI's bundle in
 * dist/cli/; a regular file, never a link), else in node_modules (run from source by tsx or jest).
 */
export async function locateParserFile(
  f: { file: string; from: string },
  bundleDir = path.dirname(fileURLToPath(import.meta.url))
): Promise<string> {
  const tried: string[] = parserFolders(bundleDir).map(d => path.join(d, f.file));
  try {
    tried.push(createRequire(import.meta.url).resolve(f.from));
  } catch {
    // not resolvable from here (a bundle outside a checkout): only the bundle's folders count
  }
  for (const p of tried) {
    try {
      if ((await lstat(p)).isFile()) return p;
    } catch {
      // next place
    }
  }
  throw new Error(`${f.file} not found (looked in ${tried.join(', ')})`);
}

/*
 * web-tree-sitter's JavaScript is loaded from a file beside the wasm (copied into dist/ by the
 * build), not bundled: its ESM build gets `createRequire` through `await import('module')` and its
 * CommonJS build reads `__dirname`, and an ncc ESM bundle provides neither.
 */
let runtime: Promise<typeof TreeSitter> | undefined;
const languages = new Map<JsDialect, Promise<Language>>();

async function language(dialect: JsDialect): Promise<Language> {
  runtime ??= (async () => {
    const ts = createRequire(import.meta.url)(
      await locateParserFile(PARSER_FILES.module)
    ) as typeof TreeSitter;
    await ts.Parser.init({
      wasmBinary: new Uint8Array(await readFile(await locateParserFile(PARSER_FILES.runtime)))
    });
    return ts;
  })();
  const ts = await runtime;
  let lang = languages.get(dialect);
  if (!lang) {
    lang = locateParserFile(PARSER_FILES[dialect]).then(async p =>
      ts.Language.load(new Uint8Array(await readFile(p)))
    );
    languages.set(dialect, lang);
  }
  return lang;
}

/**
 * Parses source text; null when the text has a syntax error (the grammar's view may differ from
 * the runtime's: then nothing is known) or the parse runs over `timeoutMs`.
 */
export async function parseSource(
  text: string,
  dialect: JsDialect,
  timeoutMs = PARSE_TIMEOUT_MS
): Promise<Tree | null> {
  const lang = await language(dialect);
  const parser: Parser = new (await runtime!).Parser();
  try {
    parser.setLanguage(lang);
    const deadline = Date.now() + timeoutMs;
    const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
    if (!tree) return null;
    if (tree.rootNode.hasError) {
      tree.delete();
      return null;
    }
    return tree;
  } finally {
    parser.delete();
  }
}

/** A parsed file of the tree. */
export interface ParsedFile {
  /** Relative path (forward slashes). */
  file: string;
  dialect: JsDialect;
  text: string;
  root: Node;
  /** The tree-sitter tree (wasm memory): `tree.delete()` when done. */
  tree: Tree;
}

/**
 * Reads (link-safe, at most `MAX_PARSE_BYTES`) and parses one file of the tree. Null when it is not
 * JS/TS, missing, a link or not a regular file, too large, or does not parse cleanly in time.
 */
export async function parseTreeFile(
  workdir: string,
  file: string,
  log: (msg: string) => void = () => undefined
): Promise<ParsedFile | null> {
  const dialect = dialectOf(file);
  if (!dialect) return null;
  let text: string | null;
  try {
    text = await readTreeFile(workdir, file, MAX_PARSE_BYTES);
  } catch (error) {
    log(`js-parse: ${file} not read: ${(error as Error).message}`);
    return null;
  }
  if (text === null) return null;
  let tree: Tree | null;
  try {
    tree = await parseSource(text, dialect);
    // JSX in a .js file parses with the javascript grammar; a .js of TypeScript syntax does not.
  } catch (error) {
    log(`js-parse: ${file} not parsed: ${(error as Error).message}`);
    return null;
  }
  if (!tree) {
    log(`js-parse: ${file} has a syntax error (or its parse took too long): not used`);
    return null;
  }
  return { file, dialect, text, root: tree.rootNode, tree };
}
