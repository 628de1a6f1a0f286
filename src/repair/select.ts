/**
 * Verify fast: a command that runs only the named tests, built with the runner's own selection —
 * pytest node ids, jest/vitest `-t`, node:test `--test-name-pattern`, go test `-run` — from the
 * project's test command. The ids come from the repository's test output (hostile): each is checked
 * and passed single-quoted, never as shell; an id that does not fit, or a command whose end is not
 * the runner (`jest && eslint`), gives no selection (undefined), and the caller runs the whole suite.
 */

/** At most this many ids in one selection, and this long each (a longer one is no test name). */
const MAX_IDS = 50;
const MAX_ID_CHARS = 300;

/** Single-quoted for sh unless plainly safe. */
const shq = (s: string): string => (/^[\w./@+:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Shell operators, substitutions and redirections: their presence after the runner ends the match. */
const SHELL_SYNTAX = /[;&|<>`$()\n\\]/;

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** An id fit to be passed at all: printable, not too long, not an option. */
function plain(id: string): boolean {
  return (
    id.length > 0 && id.length <= MAX_ID_CHARS && !id.startsWith('-') && !/[\u0000-\u001f\u007f]/.test(id)
  );
}

/** `cd DIR && ` at the start of a command (a working directory from the workflow), and the rest. */
export function splitCd(cmd: string): { cd: string; rest: string } {
  const m = /^\s*cd\s+(?:'[^']+'|"[^"]+"|[^\s;&|]+)\s*&&\s*/.exec(cmd);
  return m ? { cd: m[0], rest: cmd.slice(m[0].length) } : { cd: '', rest: cmd };
}

/** The title of a jest/vitest/node:test id: its last segment (`Suite › adds` → `adds`). */
function titleOf(id: string): string {
  const parts = id.split(/ › | > /);
  return parts[parts.length - 1].trim();
}

/** A regex (as text) matching full test names that end with one of the titles. */
function titlePattern(ids: readonly string[]): string | undefined {
  const titles = [...new Set(ids.map(titleOf))];
  if (titles.some(t => t === '' || !plain(t))) return undefined;
  return `(^|\\s)(${titles.map(reEscape).join('|')})$`;
}

/** pytest: the node ids as arguments of the command's own pytest (its options dropped). */
function pytestSelection(cmd: string, ids: readonly string[]): string | undefined {
  if (!ids.every(id => /^[\w./-]+\.py(::[^\s:][^:]*)+$/.test(id) && plain(id))) return undefined;
  const m = /((?:[\w./-]*python3?(?:\.\d+)?\s+-m\s+)?pytest)\b/.exec(cmd);
  if (!m) return undefined;
  const before = cmd.slice(0, m.index);
  // Only `cd DIR && ` (or nothing) may come before: `make && pytest` would lose the make.
  if (before.trim() !== '' && splitCd(cmd).cd !== before) return undefined;
  return `${before}${m[1]} -q -p no:cacheprovider ${ids.map(shq).join(' ')}`;
}

/** The runner's command at the end of `cmd`, with nothing but plain arguments after it. */
function endsWithRunner(cmd: string, runner: RegExp): RegExpExecArray | undefined {
  const m = runner.exec(cmd);
  if (!m) return undefined;
  return SHELL_SYNTAX.test(cmd.slice(m.index + m[0].length)) ? undefined : m;
}

const JEST = /(?:^|&&\s*|\s)(?:npx\s+(?:--no-install\s+)?)?(jest|vitest(?:\s+run)?)\b/;
const NODE_TEST = /\bnode\s+(?:[^\s;&|<>`$()]+\s+)*?--test\b/;
const GO_TEST = /(?:^|&&\s*)go\s+test\b/;

/** jest / vitest / node:test: the command with the runner's name filter added. */
function jsSelection(cmd: string, ids: readonly string[]): string | undefined {
  const pattern = titlePattern(ids);
  if (!pattern) return undefined;
  const jest = endsWithRunner(cmd, JEST);
  if (jest) {
    if (/\s(-t|--testNamePattern|--test-name-pattern)\b/.test(cmd)) return undefined;
    return `${cmd.trimEnd()} -t ${shq(pattern)}`;
  }
  const node = endsWithRunner(cmd, NODE_TEST);
  if (node) {
    if (/--test-name-pattern|--test-skip-pattern/.test(cmd)) return undefined;
    const at = node.index + node[0].length;
    return `${cmd.slice(0, at)} --test-name-pattern=${shq(pattern)}${cmd.slice(at)}`;
  }
  return undefined;
}

/** go test: `-run '^(TestA|TestB)$'` with the top-level test names (a subtest runs with its parent). */
function goSelection(cmd: string, ids: readonly string[]): string | undefined {
  const names = new Set<string>();
  for (const id of ids) {
    // `TestX`, `TestX/sub`, or (go test -json) `example.com/m/pkg.TestX/sub`.
    const m = /^(?:\S*?\.)?((?:Test|Example|Fuzz)\w*)(?:\/.*)?$/.exec(id);
    if (!m || !plain(id)) return undefined;
    names.add(m[1]);
  }
  if (!endsWithRunner(cmd, GO_TEST) || /\s-run\b/.test(cmd)) return undefined;
  return `${cmd.trimEnd()} -run ${shq(`^(${[...names].join('|')})$`)}`;
}

/**
 * The test command that runs only `ids` (as the reproduction's output named them), or undefined.
 * `scripts` are the project's package.json scripts (where `cmd` is `npm test`): the selection is
 * then added to the script's own command, run in its place.
 */
export function failingTestsCommand(
  test: string,
  ids: readonly string[],
  scripts?: Record<string, unknown>
): string | undefined {
  if (ids.length === 0 || ids.length > MAX_IDS) return undefined;
  const { cd, rest } = splitCd(test);
  const npm = /^\s*(?:npm(?:\s+run)?|yarn|pnpm(?:\s+run)?)\s+(test)\s*$/.exec(rest);
  const cmd = npm && typeof scripts?.test === 'string' ? scripts.test : rest;
  if (npm && cmd === rest) return undefined;
  // A script that names npm again (`npm run build && npm run unit`) is not followed.
  if (npm && /\b(npm|yarn|pnpm)\s/.test(cmd)) return undefined;
  const selected = pytestSelection(cmd, ids) ?? jsSelection(cmd, ids) ?? goSelection(cmd, ids);
  return selected && `${cd}${selected}`;
}

/** The folder a test command runs in, relative to the tree (`cd DIR && …`), or '' for the root. */
export function commandDir(test: string): string {
  const { cd } = splitCd(test);
  const m = /^\s*cd\s+(?:'([^']+)'|"([^"]+)"|(\S+))/.exec(cd);
  const dir = (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').replace(/^\.\/|\/$/g, '');
  return dir === '.' ? '' : dir;
}

/** The title each id would be selected by (jest/node), for telling whether a run ran them. */
export function selectedTitle(id: string): string {
  return titleOf(id);
}
