/**
 * Dependency resolution failures. Fixtures and inline lines are real output on this host (Composer
 * 2.5.5, Bundler 2.3.15, pip 23.2, cargo 1.x offline, go 1.19 against a loopback module proxy that
 * answers 404), except Bundler 2.4+'s PubGrub explanation and cargo's conflict report, which are
 * their documented forms (rubygems and cargo issue threads) since those versions are not installed.
 */
import { deps } from '../../../src/triage/extractors/deps.js';
import { packages } from '../../../src/triage/extractors/packages.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

async function chunkOf(text: string): Promise<string[]> {
  return (await triageOutput(text)).chunk.text.split('\n');
}

async function fixture(name: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

describe('composer', () => {
  it('reads the unresolvable set: the first problem is the message, the chunk every problem', async () => {
    const lines = await fixtureLines('composer-unresolvable.txt');
    const found = deps.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'composer',
        errorType: 'unresolvable',
        message:
          'Root composer.json requires acme/lib ^2.0, found acme/lib[1.0.0] but it does not match the constraint.'
      }
    ]);
    const chunk = await chunkOf(await fixture('composer-unresolvable.txt'));
    expect(chunk[0]).toBe('Your requirements could not be resolved to an installable set of packages.');
    expect(chunk[chunk.length - 1]).toBe(
      '    - acme/other 1.2.0 requires acme/lib ^1.1 -> found acme/lib[1.0.0] but it does not match the constraint.'
    );
  });

  it('does not read the words in a sentence or a successful install', () => {
    const lines = normalizeText(
      [
        'Loading composer repositories with package information',
        'Updating dependencies',
        'Lock file operations: 1 install, 0 updates, 0 removals',
        '  - Locking acme/lib (1.0.0)',
        'echo "Your requirements could not be resolved to an installable set of packages."',
        'Generating autoload files'
      ].join('\n')
    );
    expect(deps.extract(lines)).toEqual([]);
  });
});

describe('bundler', () => {
  it('reads the version conflict tree and the missing gem under it (Bundler 2.3)', async () => {
    const lines = await fixtureLines('bundler-conflict.txt');
    const found = deps.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'bundler',
        errorType: 'version-conflict',
        message: [
          'could not find compatible versions for gem "b"',
          'In Gemfile:',
          'b',
          'a was resolved to 1.0.0, which depends on',
          'b (~> 2.0)'
        ].join('\n')
      }
    ]);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      'Bundler could not find compatible versions for gem "b":',
      '  * b-1.0.0'
    ]);
  });

  it('reads a gem that is not in the source, with the versions the source has', async () => {
    const text = await fixture('bundler-missing.txt');
    const found = deps.extract(normalizeText(text));
    expect(plain(found)).toEqual([
      {
        tool: 'bundler',
        errorType: 'gem-not-found',
        message: "Could not find gem 'rake (~> 99.0)' in cached gems or installed locally."
      }
    ]);
    // Bundler's warning about root above it is not the failure.
    expect(await chunkOf(text)).toEqual([
      "Could not find gem 'rake (~> 99.0)' in cached gems or installed locally.",
      '',
      "The source contains the following gems matching 'rake':",
      '  * rake-13.0.6'
    ]);
  });

  it("reads Bundler 2.4+'s explanation up to `version solving has failed.` (documented form)", () => {
    const lines = normalizeText(
      [
        'Resolving dependencies...',
        'Could not find compatible versions',
        '',
        'Because every version of solargraph depends on bundler ~> 2.0',
        '  and the current Bundler version (4.0.2) does not satisfy bundler ~> 2.0,',
        '  solargraph cannot be used.',
        'So, because Gemfile depends on solargraph >= 0,',
        '  version solving has failed.',
        '',
        "Your bundle requires a different version of Bundler than the one you're running."
      ].join('\n')
    );
    const found = deps.extract(lines);
    expect(found).toHaveLength(1);
    expect(found[0].message.split('\n')[0]).toBe(
      'Because every version of solargraph depends on bundler ~> 2.0'
    );
    expect([found[0].start, found[0].end]).toEqual([1, 7]);
  });

  it('does not take `Could not find compatible versions` without its explanation', () => {
    const lines = normalizeText(['Could not find compatible versions', '', 'retrying in 5s'].join('\n'));
    expect(deps.extract(lines)).toEqual([]);
  });
});

describe('cargo', () => {
  const select = [
    '    Updating crates.io index',
    'error: failed to select a version for the requirement `b = "^2"`',
    "candidate versions found which didn't match: 0.1.0",
    'location searched: /tmp/deps/cr/b',
    'required by package `app v0.1.0 (/tmp/deps/cr/app)`',
    "As a reminder, you're using offline mode (--offline) which can sometimes cause surprising resolution failures, if this error is too confusing you may wish to retry without `--offline`."
  ];

  it('reads the unmet requirement with the lines that explain it, not the offline reminder (real cargo)', () => {
    const found = deps.extract(normalizeText(select.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'cargo',
        errorType: 'dependency-resolution',
        message: 'failed to select a version for the requirement `b = "^2"`'
      }
    ]);
    expect([found[0].start, found[0].end]).toEqual([1, 4]);
  });

  it('reads a conflict through its closing line, blank lines and all (documented form)', () => {
    const lines = normalizeText(
      [
        'error: failed to select a version for `protobuf`.',
        '    ... required by package `raft v0.5.0`',
        '    ... which is depended on by `fleetfs v0.2.0 (/tmp/x)`',
        'versions that meet the requirements `~2.0-2.2` are: 2.0.6, 2.0.5',
        '',
        'all possible versions conflict with previously selected packages.',
        '',
        '  previously selected package `protobuf v2.16.2`',
        '    ... which is depended on by `fleetfs v0.2.0 (/tmp/x)`',
        '',
        'failed to select a version for `protobuf` which could resolve this conflict',
        '',
        'something else'
      ].join('\n')
    );
    const found = deps.extract(lines);
    expect(found.map(f => [f.message, f.start, f.end])).toEqual([
      ['failed to select a version for `protobuf`.', 0, 10]
    ]);
  });

  it('leaves rustc diagnostics to the cargo extractor', () => {
    const lines = normalizeText(
      [
        'error[E0425]: cannot find value `x` in this scope',
        ' --> src/main.rs:2:5',
        'error: could not compile `app`'
      ].join('\n')
    );
    expect(deps.extract(lines)).toEqual([]);
  });
});

describe('go modules', () => {
  it('reads a module the proxy does not have (go mod download, real go 1.19 output)', () => {
    const found = deps.extract(
      normalizeText(
        'go: github.com/nonexistent-zz/yy@v1.9.9: reading http://127.0.0.1:18731/github.com/nonexistent-zz/yy/@v/v1.9.9.mod: 404 File not found\n'
      )
    );
    expect(plain(found)).toEqual([
      {
        tool: 'go-mod',
        errorType: 'dependency-resolution',
        message:
          'github.com/nonexistent-zz/yy@v1.9.9: reading http://127.0.0.1:18731/github.com/nonexistent-zz/yy/@v/v1.9.9.mod: 404 File not found'
      }
    ]);
  });

  it('keeps the proxy’s `server response:` lines under its 404 (proxy.golang.org’s documented form)', () => {
    const lines = normalizeText(
      [
        'go: github.com/acme/nope@v1.2.3: reading https://proxy.golang.org/github.com/acme/nope/@v/v1.2.3.info: 404 Not Found',
        '\tserver response: not found: github.com/acme/nope@v1.2.3: invalid version: unknown revision v1.2.3',
        'make: *** [Makefile:3: deps] Error 1'
      ].join('\n')
    );
    expect(deps.extract(lines).map(f => [f.tool, f.start, f.end])).toEqual([['go-mod', 0, 1]]);
  });

  it('starts go mod tidy’s report at the importer line above it', () => {
    const lines = normalizeText(
      [
        'go: downloading github.com/nonexistent-zz/yy v1.9.9',
        'example.com/x imports',
        '\tgithub.com/nonexistent-zz/yy: github.com/nonexistent-zz/yy@v1.9.9: reading http://127.0.0.1:18731/github.com/nonexistent-zz/yy/@v/v1.9.9.zip: 404 File not found'
      ].join('\n')
    );
    const found = deps.extract(lines);
    expect(found.map(f => [f.start, f.end])).toEqual([[1, 2]]);
    expect(found[0].message).toMatch(
      /^github\.com\/nonexistent-zz\/yy@v1\.9\.9: reading .*: 404 File not found$/
    );
  });

  it('reads missing go.sum entries and unrequired packages with the command under them (real go 1.19)', async () => {
    const sum = [
      '$ go build ./...',
      'main.go:2:8: missing go.sum entry for module providing package github.com/nonexistent-zz/yy (imported by example.com/x); to add:',
      '\tgo get example.com/x'
    ];
    const found = deps.extract(normalizeText(sum.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'go-mod',
        errorType: 'dependency-resolution',
        message:
          'missing go.sum entry for module providing package github.com/nonexistent-zz/yy (imported by example.com/x); to add:',
        file: 'main.go',
        line: 2
      }
    ]);
    expect(await chunkOf(sum.join('\n') + '\nThe command "go build ./..." exited with 1.')).toEqual(
      sum.slice(1)
    );
    const noreq = deps.extract(
      normalizeText(
        'main.go:2:8: no required module provides package github.com/other-zz/qq; to add it:\n\tgo get github.com/other-zz/qq\n'
      )
    );
    expect(noreq.map(f => [f.file, f.start, f.end])).toEqual([['main.go', 0, 1]]);
  });

  it('does not read go compile errors, test output or a tab line without its importer', () => {
    const lines = normalizeText(
      [
        '# example.com/x',
        './main.go:5:2: undefined: fmt.Printlnx',
        '    x_test.go:12: reading config: 404 missing',
        '\tgithub.com/a/b: github.com/a/b@v1.0.0: reading https://proxy.golang.org/x: 404 Not Found',
        'go: downloading github.com/a/b v1.0.0'
      ].join('\n')
    );
    expect(deps.extract(lines)).toEqual([]);
  });
});

describe('pip conflicts (packages extractor)', () => {
  it('takes the conflict with `The conflict is caused by:`, not pip’s advice or its ResolutionImpossible footer', async () => {
    const lines = await fixtureLines('pip-conflict.txt');
    const found = packages.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'pip',
        errorType: 'resolution-impossible',
        message:
          'Cannot install alpha==1.0 and beta==1.0 because these package versions have conflicting dependencies.'
      }
    ]);
    expect(lines[found[0].end].text).toBe('    beta 1.0 depends on gamma==2.0');
    const chunk = await chunkOf(await fixture('pip-conflict.txt'));
    expect(chunk[chunk.length - 1]).toBe('    beta 1.0 depends on gamma==2.0');
  });
});
