import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import {
  nearListedField,
  parseRustJson,
  parseRustText,
  RustSuggestionFixer
} from '../../../src/repair/fixers/rust-suggestion.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { makeTree } from '../helpers/tree.js';

// No cargo in the test world: the diagnostics below have the shape rustc's JSON emitter and cargo's
// `--message-format=json` give (`reason: compiler-message`, `message.children[].spans[]` with
// `suggested_replacement` and `suggestion_applicability`), with byte offsets computed on the file.
const logs: string[] = [];
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec: { language: 'rust', image: 'rust:1', test: 'cargo test --message-format=json', detectedFrom: 'test' },
  failureOutput,
  failures: [],
  log: m => logs.push(m)
});

const LIB = `use std::collections::HashMap;

pub fn average(values: &[f64]) -> f64 {
    let total: f64 = values.iter().sum();
    totl / values.len() as f64
}
`;

interface Sug {
  needle: string;
  line: number;
  replacement: string;
  applicability: string;
  help: string;
}

/** One cargo `compiler-message` line, spans placed on `text` by byte offset as rustc does. */
function cargoMessage(
  text: string,
  message: string,
  level: string,
  suggestions: Sug[][],
  file = 'src/lib.rs'
): string {
  const span = (s: Sug, replacement: string | null, applicability: string | null) => {
    const start = Buffer.from(text).indexOf(s.needle);
    const lineText = text.split('\n')[s.line - 1];
    const col = lineText.indexOf(s.needle) + 1;
    return {
      file_name: file,
      byte_start: start,
      byte_end: start + Buffer.byteLength(s.needle),
      line_start: s.line,
      line_end: s.line,
      column_start: col,
      column_end: col + s.needle.length,
      is_primary: true,
      text: [{ text: lineText, highlight_start: col, highlight_end: col + s.needle.length }],
      label: null,
      suggested_replacement: replacement,
      suggestion_applicability: applicability,
      expansion: null
    };
  };
  const first = suggestions[0][0];
  return JSON.stringify({
    reason: 'compiler-message',
    package_id: 'path+file:///work#stats@0.1.0',
    manifest_path: '/work/Cargo.toml',
    target: {
      kind: ['lib'],
      crate_types: ['lib'],
      name: 'stats',
      src_path: '/work/src/lib.rs',
      edition: '2021',
      doc: true,
      doctest: true,
      test: true
    },
    message: {
      $message_type: 'diagnostic',
      message,
      code: { code: 'E0425', explanation: null },
      level,
      spans: [span(first, null, null)],
      children: suggestions.map(group => ({
        message: group[0].help,
        code: null,
        level: 'help',
        spans: group.map(s => span(s, s.replacement, s.applicability)),
        children: [],
        rendered: null
      })),
      rendered: `error: ${message}\n`
    }
  });
}

const TYPO: Sug = {
  needle: 'totl',
  line: 5,
  replacement: 'total',
  applicability: 'MaybeIncorrect',
  help: 'a local variable with a similar name exists'
};
const UNUSED: Sug = {
  needle: 'use std::collections::HashMap;',
  line: 1,
  replacement: '',
  applicability: 'MachineApplicable',
  help: 'remove the whole `use` item'
};
const JSON_OUT = [
  cargoMessage(LIB, 'cannot find value `totl` in this scope', 'error', [[TYPO]]),
  cargoMessage(LIB, 'unused import: `std::collections::HashMap`', 'error', [[UNUSED]]),
  // cargo test compiles the lib twice (lib and its tests): the same diagnostic again.
  cargoMessage(LIB, 'cannot find value `totl` in this scope', 'error', [[TYPO]]),
  '{"reason":"build-finished","success":false}'
].join('\n');

const TEXT_OUT = `   Compiling stats v0.1.0 (/work)
error[E0425]: cannot find value \`totl\` in this scope
 --> src/lib.rs:5:5
  |
5 |     totl / values.len() as f64
  |     ^^^^ help: a local variable with a similar name exists: \`total\`

For more information about this error, try \`rustc --explain E0425\`.
error: could not compile \`stats\` (lib) due to 1 previous error
`;
const TEXT_BLOCK = `error[E0425]: cannot find value \`totl\` in this scope
 --> src/lib.rs:5:5
  |
5 |     totl / values.len() as f64
  |     ^^^^
  |
help: a local variable with a similar name exists
  |
5 |     total / values.len() as f64
  |     ~~~~~
`;

describe('RustSuggestionFixer', () => {
  it('applies machine-applicable and similar-name suggestions of cargo JSON at their byte spans, once each', async () => {
    expect(parseRustJson(JSON_OUT).map(r => r.replacement)).toEqual(['total', '', 'total']);
    const dir = await makeTree({ 'Cargo.toml': '[package]\nname = "stats"\n', 'src/lib.rs': LIB });
    const p = await new RustSuggestionFixer().propose(input(dir, JSON_OUT));
    expect(p).not.toBeNull();
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, 'src/lib.rs'), 'utf8')).toBe(
      LIB.replace('use std::collections::HashMap;', '').replace('    totl /', '    total /')
    );
  });

  it('reads the human form, inline and block help', async () => {
    expect(parseRustText(TEXT_OUT)).toMatchObject([
      { file: 'src/lib.rs', line: 5, col: 5, wrong: 'totl', right: 'total' }
    ]);
    for (const out of [TEXT_OUT, TEXT_BLOCK]) {
      const dir = await makeTree({ 'src/lib.rs': LIB });
      const p = await new RustSuggestionFixer().propose(input(dir, out));
      expect(p?.edits).toEqual([
        {
          file: 'src/lib.rs',
          search: '    totl / values.len() as f64\n',
          replace: '    total / values.len() as f64\n'
        }
      ]);
    }
  });

  it('declines: alternatives, a maybe-incorrect non-name suggestion, `_x`, a warning, a span that no longer matches', async () => {
    const dir = await makeTree({ 'src/lib.rs': LIB });
    const fixer = new RustSuggestionFixer();
    const two = cargoMessage(LIB, 'cannot find value `totl` in this scope', 'error', [
      [TYPO],
      [{ ...TYPO, replacement: 'tot', help: 'a constant with a similar name exists' }]
    ]);
    expect(await fixer.propose(input(dir, two))).toBeNull();
    const maybe = cargoMessage(LIB, 'mismatched types', 'error', [
      [{ ...TYPO, replacement: 'totl as f64', help: 'you can convert' }]
    ]);
    expect(await fixer.propose(input(dir, maybe))).toBeNull();
    const underscore = cargoMessage(LIB, 'unused variable: `total`', 'error', [
      [
        {
          needle: 'total',
          line: 4,
          replacement: '_total',
          applicability: 'MachineApplicable',
          help: 'if this is intentional, prefix it with an underscore'
        }
      ]
    ]);
    expect(await fixer.propose(input(dir, underscore))).toBeNull();
    const warning = cargoMessage(LIB, 'unused import', 'warning', [[UNUSED]]);
    expect(await fixer.propose(input(dir, warning))).toBeNull();
    // The file moved on since the run: the byte span no longer holds what rustc saw.
    await writeFile(path.join(dir, 'src/lib.rs'), `// header\n${LIB}`);
    expect(
      await fixer.propose(input(dir, cargoMessage(LIB, 'cannot find value `totl`', 'error', [[TYPO]])))
    ).toBeNull();
    expect(await fixer.propose(input(dir, TEXT_OUT))).toBeNull();
  });

  it('never edits through a link, outside the tree, or a registry crate whose suffix is in the tree', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'nw-outside-'));
    await writeFile(path.join(outside, 'lib.rs'), LIB);
    const dir = await makeTree({ 'Cargo.toml': '[package]\nname = "stats"\n' });
    await symlink(outside, path.join(dir, 'src'));
    const fixer = new RustSuggestionFixer();
    for (const file of ['src/lib.rs', `${outside}/lib.rs`, `../${path.basename(outside)}/lib.rs`]) {
      const msg = cargoMessage(LIB, 'cannot find value `totl` in this scope', 'error', [[TYPO]], file);
      expect(await fixer.propose(input(dir, msg))).toBeNull();
      expect(await fixer.propose(input(dir, TEXT_OUT.replace('src/lib.rs:5:5', `${file}:5:5`)))).toBeNull();
    }
    expect(await readFile(path.join(outside, 'lib.rs'), 'utf8')).toBe(LIB);
    const tree = await makeTree({ 'src/lib.rs': LIB });
    const registry = '/root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/stats-0.1.0/src/lib.rs';
    const msg = cargoMessage(LIB, 'cannot find value `totl` in this scope', 'error', [[TYPO]], registry);
    expect(await fixer.propose(input(tree, msg))).toBeNull();
    // Control: the tree's own path is fixed.
    expect(
      await fixer.propose(input(tree, cargoMessage(LIB, 'cannot find value `totl`', 'error', [[TYPO]])))
    ).not.toBeNull();
  });
});

describe('RustSuggestionFixer on what real rustc prints', () => {
  const PERSON = `pub struct Person {
    pub name: String,
    pub note: String,
    pub age: u32,
}

impl Person {
    pub fn label(&self) -> &str {
        &self.nome
    }

    pub fn years(&self) -> u32 {
        self.aeg
    }
}
`;
  const noField = (
    wrong: string,
    line: number,
    note: string
  ): string => `error[E0609]: no field \`${wrong}\` on type \`&Person\`
  --> src/person.rs:${line}:14
   |
${line} |         self.${wrong}
   |              ^^^ unknown field
   |
   = note: ${note}
`;

  it("takes the one near field of rustc 1.63's `available fields` note, never a cut or tied list", async () => {
    expect(nearListedField('aeg', 'available fields are: `name`, `note`, `age`')).toBe('age');
    expect(nearListedField('nome', 'available fields are: `name`, `note`, `age`')).toBeUndefined();
    expect(
      nearListedField('aeg', 'available fields are: `a1`, `a2`, `a3`, `a4`, `a5` ... and 2 others')
    ).toBeUndefined();
    expect(nearListedField('aeg', 'available fields are: `name`, `age`, and `more`')).toBeUndefined();
    const dir = await makeTree({ 'src/person.rs': PERSON });
    const fixer = new RustSuggestionFixer();
    const p = await fixer.propose(
      input(dir, noField('aeg', 13, 'available fields are: `name`, `note`, `age`'))
    );
    expect(p?.edits).toEqual([
      { file: 'src/person.rs', search: '        self.aeg\n', replace: '        self.age\n' }
    ]);
    expect(
      await fixer.propose(
        input(dir, noField('aeg', 13, 'available fields are: `name`, `note` ... and 1 other'))
      )
    ).toBeNull();
  });

  it("refuses rustc's similar-name pick when another name of the crate is as near (nome: name or note)", async () => {
    const text = `error[E0609]: no field \`nome\` on type \`&Person\`
 --> src/person.rs:9:15
  |
9 |         &self.nome
  |               ^^^^ help: a field with a similar name exists: \`name\`
`;
    const dir = await makeTree({ 'src/person.rs': PERSON });
    const fixer = new RustSuggestionFixer();
    logs.length = 0;
    expect(await fixer.propose(input(dir, text))).toBeNull();
    expect(logs.join('\n')).toMatch(/'note' of the crate is as near/);
    const json = cargoMessage(
      PERSON,
      'no field `nome` on type `&Person`',
      'error',
      [
        [
          {
            needle: 'nome',
            line: 9,
            replacement: 'name',
            applicability: 'MaybeIncorrect',
            help: 'a field with a similar name exists'
          }
        ]
      ],
      'src/person.rs'
    );
    expect(await fixer.propose(input(dir, json))).toBeNull();
    // Control: without the field `note` (in a comment or a string it does not count), rustc's pick stands.
    const alone = PERSON.replace('    pub note: String,\n', '    // note: String\n').replace(
      'pub age',
      'pub age /* "note" */'
    );
    const dir2 = await makeTree({ 'src/person.rs': alone });
    expect((await fixer.propose(input(dir2, text)))?.edits).toEqual([
      { file: 'src/person.rs', search: '        &self.nome\n', replace: '        &self.name\n' }
    ]);
  });

  it('reads the wrong name at the column (messages may name the type first) and declines alternatives at one place', async () => {
    const lit = `pub struct Person {
    pub name: String,
}

pub fn make() -> Person {
    Person { nmae: String::new() }
}
`;
    const text = `error[E0560]: struct \`Person\` has no field named \`nmae\`
 --> src/lib.rs:6:14
  |
6 |     Person { nmae: String::new() }
  |              ^^^^ unknown field
  |
help: a field with a similar name exists
  |
6 -     Person { nmae: String::new() }
6 +     Person { name: String::new() }
  |
`;
    const dir = await makeTree({ 'src/lib.rs': lit });
    const fixer = new RustSuggestionFixer();
    expect((await fixer.propose(input(dir, text)))?.edits).toEqual([
      {
        file: 'src/lib.rs',
        search: '    Person { nmae: String::new() }\n',
        replace: '    Person { name: String::new() }\n'
      }
    ]);
    // The column on a name the message does not name: nothing.
    expect(await fixer.propose(input(dir, text.replace(':6:14', ':6:5')))).toBeNull();
    // Two machine-applicable imports at one place are alternatives, not one edit.
    const src = 'pub fn order() -> Ordering {\n    todo!()\n}\n';
    const at = (r: string): Sug => ({
      needle: '',
      line: 1,
      replacement: r,
      applicability: 'MachineApplicable',
      help: 'consider importing one of these items'
    });
    const two = cargoMessage(src, 'cannot find type `Ordering` in this scope', 'error', [
      [at('use std::cmp::Ordering;\n'), at('use std::sync::atomic::Ordering;\n')]
    ]);
    const dir3 = await makeTree({ 'src/lib.rs': src });
    expect(await fixer.propose(input(dir3, two))).toBeNull();
  });
});
