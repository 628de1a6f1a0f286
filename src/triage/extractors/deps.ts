/**
 * Dependency resolution failures that npm/pip/Maven/Gradle's readers do not cover: Composer (`Your
 * requirements could not be resolved to an installable set of packages.`, then `  Problem 1` and its
 * `    - …` lines), Bundler (`Bundler could not find compatible versions for gem "x":` and its
 * indented tree; 2.4+'s `Could not find compatible versions` over `Because …` / `version solving has
 * failed.`; `Could not find gem 'x (~> 9)' in …`), cargo (`error: failed to select a version for …`,
 * `error: no matching package named `x` found`, and the lines under them) and Go modules (`go:
 * x@v1: reading …: 404 Not Found`, `x.go:2:8: missing go.sum entry …; to add:` with the tab-indented
 * lines under them; `go mod tidy` names the importer on a line above: `x imports`).
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const COMPOSER_HEAD =
  /^(?:Your requirements could not be resolved to an installable set of packages\.|Your lock file does not contain a compatible set of packages\. Please run composer update\.)$/;
const COMPOSER_PROBLEM = /^ {2}Problem \d+$/;
const BUNDLER_OLD = /^Bundler could not find compatible versions for gem "([^"]+)":$/;
const BUNDLER_GEM = /^Could not find gem '([^']+)'(?:,| in)/;
const CARGO =
  /^error: (failed to select a version for (?:the requirement )?`([^`]+)`.*|no matching package (?:named|found)[^\n]*)$/;
const GO_MOD =
  /^(?:go: |(\S+\.go):(\d+):\d+: )(?:([^\s@:]+)@(\S+?): )?(.*?(?:missing go\.sum entry|reading \S+: \d{3} |unknown revision|invalid version|checksum mismatch|no matching versions|malformed module path|module lookup disabled|no required module provides package|go\.mod has post-v\d module path|updates to go\.mod needed).*)$/;

/** Indented lines under `head` (blank lines allowed inside), up to `max`; trailing blanks dropped. */
function indented(lines: LogLine[], head: number, max: number, indent: RegExp = /^\s/): number {
  let end = head;
  for (let j = head + 1; j < lines.length && j <= head + max; j++) {
    const t = lines[j].text;
    if (t.trim() === '') continue;
    if (!indent.test(t)) break;
    end = j;
  }
  return end;
}

function composer(lines: LogLine[], i: number): Found {
  let end = i;
  let message = '';
  for (let j = i + 1; j < lines.length && j <= i + 60; j++) {
    const t = lines[j].text;
    if (t.trim() === '') continue;
    if (!COMPOSER_PROBLEM.test(t) && !/^ {4}/.test(t)) break;
    end = j;
    if (!message && /^ {4}- /.test(t)) message = t.trim().slice(2);
  }
  return { tool: 'composer', errorType: 'unresolvable', message: message || lines[i].text, start: i, end };
}

function bundlerOld(lines: LogLine[], i: number, gem: string): Found {
  let end = indented(lines, i, 40);
  const tree = lines
    .slice(i + 1, end + 1)
    .map(l => l.text.trim())
    .filter(Boolean);
  // The gem that could not be found follows the tree (with the versions its source has).
  let j = end + 1;
  while (j < lines.length && j <= end + 2 && lines[j].text.trim() === '') j++;
  if (lines[j] && BUNDLER_GEM.test(lines[j].text)) end = gemList(lines, j);
  return {
    tool: 'bundler',
    errorType: 'version-conflict',
    message: [`could not find compatible versions for gem "${gem}"`, ...tree.slice(0, 6)].join('\n'),
    start: i,
    end
  };
}

/** `Could not find gem …` and the `The source contains the following gems matching` list under it. */
function gemList(lines: LogLine[], i: number): number {
  let j = i + 1;
  while (j < lines.length && j <= i + 2 && lines[j].text.trim() === '') j++;
  if (!lines[j]?.text.startsWith('The source contains ')) return i;
  return indented(lines, j, 20, /^ {2}\* /);
}

function bundlerSolve(lines: LogLine[], i: number): Found | undefined {
  const msg: string[] = [];
  let end = i;
  for (let j = i + 1; j < lines.length && j <= i + 60; j++) {
    const t = lines[j].text;
    if (t.trim() === '') {
      if (msg.length > 0) break;
      continue;
    }
    if (msg.length === 0 && !t.startsWith('Because ')) return undefined;
    msg.push(t.trim());
    end = j;
    if (/version solving has failed\.$/.test(t)) break;
  }
  if (msg.length === 0) return undefined;
  return {
    tool: 'bundler',
    errorType: 'version-conflict',
    message: msg.slice(0, 8).join('\n'),
    start: i,
    end
  };
}

function cargo(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  let end = i;
  const conflict = /^failed to select a version for `[^`]+`\.$/.test(m[1]);
  for (let j = i + 1; j < lines.length && j <= i + 80; j++) {
    const t = lines[j].text;
    if (conflict) {
      // The conflict's explanation has blank lines; its last line names the package again.
      if (t.startsWith('error') || t.startsWith('warning:')) break;
      if (t.trim() !== '') end = j;
      if (t.startsWith('failed to select a version for ')) break;
      continue;
    }
    if (t.trim() === '' || /^(?:error|warning)|^As a reminder, |^perhaps a crate /.test(t)) break;
    end = j;
  }
  if (conflict && !lines[end].text.startsWith('failed to select a version for ')) {
    end = i;
    while (end + 1 < lines.length && end < i + 20 && lines[end + 1].text.trim() !== '') end++;
  }
  return clean({
    tool: 'cargo',
    errorType: 'dependency-resolution',
    message: m[1].trim(),
    start: i,
    end
  });
}

function goMod(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  let start = i;
  // `go mod tidy`: `example.com/x imports` above a tab-indented `\tpkg: module@v: reading …`.
  if (lines[i].text.startsWith('\t')) {
    start = i - 1;
    while (start > i - 10 && start > 0 && lines[start].text.startsWith('\t')) start--;
  }
  const end = indented(lines, i, 20, /^\t/);
  const message = (m[3] ? `${m[3]}@${m[4]}: ${m[5]}` : m[5]).trim();
  return clean({
    tool: 'go-mod',
    errorType: 'dependency-resolution',
    message,
    file: m[1],
    line: m[2] ? Number(m[2]) : undefined,
    start,
    end
  });
}

/** The deps extractor (see the module comment for the formats it reads). */
export const deps: Extractor = {
  tool: 'deps',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      let f: Found | undefined;
      if (t.startsWith('Your ') && COMPOSER_HEAD.test(t)) f = composer(lines, i);
      else if (t.startsWith('Bundler could not') && (m = BUNDLER_OLD.exec(t))) f = bundlerOld(lines, i, m[1]);
      else if (t === 'Could not find compatible versions') f = bundlerSolve(lines, i);
      else if (t.startsWith('Could not find gem ') && (m = BUNDLER_GEM.exec(t)))
        f = {
          tool: 'bundler',
          errorType: 'gem-not-found',
          message: t.trim(),
          start: i,
          end: gemList(lines, i)
        };
      else if (t.startsWith('error: ') && (m = CARGO.exec(t))) f = cargo(lines, i, m);
      else if (
        (t.startsWith('go: ') ||
          t.indexOf('.go:') > 0 ||
          // `\tpkg: module@v: reading …` (go mod tidy) only counts under an `x imports` line.
          (t.startsWith('\t') && (lines[i - 1]?.text ?? '').endsWith(' imports'))) &&
        t.length < 2000 &&
        (m = GO_MOD.exec(t.startsWith('\t') ? `go: ${t.slice(t.indexOf(': ') + 2)}` : t))
      )
        f = goMod(lines, i, m);
      if (!f) continue;
      out.push(f);
      i = Math.max(i, f.end);
    }
    return out;
  }
};
