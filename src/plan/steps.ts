/**
 * What a `run:` step does (install/build, the tests, a check, informational, delivery, system
 * packages, Docker) and how it runs.
 */

export type StepKind = 'install' | 'test' | 'check' | 'info' | 'deliver' | 'system' | 'docker' | 'wait';

const TEST_COMMAND =
  /(^|[\s;&|(])(pytest|py\.test|tox|nox|jest|vitest|mocha|ava|rspec|phpunit|ctest|gotestsum|go\s+test|cargo\s+(\+\S+\s+)?(miri\s+)?(test|nextest)|python[0-9.]*\s+-m\s+(pytest|unittest|tox|nox)|(npm|yarn|pnpm|bun)\s+(run\s+)?test[\w:-]*|make\s+(test|check|ci)[\w/-]*|(\.\/)?mvnw?\s(.*\s)?(\S*:)?(test|verify)(?=\s|$)|(\.\/)?gradlew?\s(.*\s)?(\S*:)?(test|check|build)(?=\s|$)|bundle\s+exec\s+(rake|rspec)|uv\s+run\s.*\b(pytest|tox|nox)\b|hatch\s+(run\s+)?test|dotnet\s+test|swift\s+test)\b/;
/** A line that only installs: a tool or the dependencies. */
const INSTALL_LINE =
  /^\s*(sudo\s+)?(go\s+(install|mod\s+download|get)|pip[\d.]*\s+install|python[\d.]*\s+-m\s+pip\s+install|(npm|pnpm|bun)\s+(ci|install|i)\b|yarn(\s+install)?\b|apt(-get)?\s+(-\S+\s+)*install|cargo\s+(install|fetch)|gem\s+install|bundle\s+install|uv\s+(sync|pip\s+install|tool\s+install)|poetry\s+install|pipx\s+install|corepack\s+enable)\b/;
const TEST_NAME = /\b(tests?|specs?|testing)\b/i;
const INSTALL_NAME =
  /\b(install|set\s*up|setup|build|prepare|dependencies|deps|configure|download|fetch|generate|compile|bootstrap|migrat\w*|start|create)\b/i;
const CHECK =
  /\b(lint|linters?|linting|format|formatting|fmt|gofmt|typecheck|type-check|mypy|pyright|flake8|ruff|pylint|eslint|prettier|tsc\s+--noEmit|go\s+vet|staticcheck|golangci-lint|clippy|black\s+--check|isort\s+--check|codespell|pre-commit|zizmor|actionlint)\b/i;
const DELIVER =
  /\b(upload|publish|deploy|release|codecov|coveralls|docker\s+push|npm\s+publish|twine\s+upload|gh\s+(release|pr|issue)|git\s+push)\b/i;
/** A step label that names a check: `Check formatting`, `Verify no plugin issues` (not `Check out …`). */
const CHECK_LABEL = /^\s*(check|verify)\b(?!\s+out\b)/i;
/** A line that installs system packages or needs root (the sandbox installs unprivileged). */
const SYSTEM_LINE =
  /^\s*((\S+=\S*\s+)*sudo\s|(\S+=\S*\s+)*(apt|apt-get|yum|dnf|apk|zypper)\s+(-\S+\s+)*(install|update|upgrade)\b|.*\|\s*sudo\s)/;
/** A line that runs Docker (compose, run, exec, build …). */
const DOCKER_LINE = /^\s*(sudo\s+)?(docker(-compose)?|podman)\s/;
/** A service probe (`pg_isready`, `mysqladmin ping`, `redis-cli ping`, `nc -z`). */
const PROBE = /\b(pg_isready|mysqladmin\s.*\bping|redis-cli\s.*\bping|nc\s+-z)\b/;
/** A line of a wait-for-service loop. */
const WAIT_LINE =
  /^\s*((until|while)\s.*|do\b.*|done\b.*|sleep\s+\d+\w?|(timeout\s+\S+\s+)?(pg_isready|mysqladmin|redis-cli|nc\s+-z)\b.*)\s*;?\s*$/;
const INFO_LINE =
  /^\s*(#.*|echo\b.*|printf\b.*|cat\s+[^|>]*|ls\b[^|>]*|env|printenv\b.*|pwd|which\s+.*|uname\b.*|df\b.*|[\w.-]+\s+(--version|-v|-V|version)|go\s+(version|env)\b.*|)\s*$/;

/**
 * Characters of each line the patterns look at. Some backtrack quadratically on a line built to
 * make them (`mvn mvn mvn …` over 400 KB took a minute): a real command says what it is early.
 */
const MAX_LINE = 1000;

const bounded = (text: string): string =>
  text
    .split('\n')
    .map(l => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l))
    .join('\n');

/** The kind of a `run:` step from its name and its (substituted) command. */
export function classifyRun(name: string | undefined, fullCommand: string): StepKind {
  const label = bounded(name ?? '');
  const command = bounded(fullCommand);
  if (command.split('\n').every(l => INFO_LINE.test(l))) return 'info';
  if (DELIVER.test(label) || DELIVER.test(command)) return 'deliver';
  const lines = logicalLines(command);
  if (lines.some(l => DOCKER_LINE.test(l))) return 'docker';
  if (lines.length > 0 && lines.some(l => PROBE.test(l)) && lines.every(l => WAIT_LINE.test(l)))
    return 'wait';
  if (lines.length > 0 && lines.every(l => SYSTEM_LINE.test(l))) return 'system';
  if (lines.length > 0 && lines.every(l => INSTALL_LINE.test(l))) return 'install';
  if (TEST_COMMAND.test(command)) return 'test';
  if (CHECK.test(label) || CHECK_LABEL.test(label) || (CHECK.test(command) && !INSTALL_NAME.test(label)))
    return 'check';
  if (INSTALL_NAME.test(label)) return 'install';
  if (TEST_NAME.test(label)) return 'test';
  return 'install';
}

/** The script's lines, a `\` continuation joined to its line, without blanks and comments. */
function logicalLines(command: string): string[] {
  return command
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter(l => l.trim() !== '' && !/^\s*#/.test(l))
    .map(l => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l));
}

/** Whether a command runs a test runner (not merely a step named like one). */
export function runsTests(command: string): boolean {
  return TEST_COMMAND.test(bounded(command));
}

/** The name a run shows for a step: its `name:`, else `Run <first line>` (`Run <action>` for uses:). */
export function stepDisplayName(
  name: string | undefined,
  run: string | undefined,
  uses: string | undefined
): string {
  if (name && name.trim()) return name.trim();
  if (run !== undefined) return `Run ${run.trim().split('\n')[0]}`;
  return `Run ${uses ?? ''}`;
}

/** A word for the shell: as it is when plain, else in single quotes. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A step's script as one command. One line stays as it is; several lines run as the runner runs
 * them, each line checked (`bash -e`, plus `-o pipefail` for `shell: bash`, `sh -e` for `shell: sh`),
 * so joining steps with `&&` keeps every line's failure.
 */
export function stepCommand(script: string, shell: string | undefined): { command: string; note?: string } {
  const text = script.replace(/\r\n?/g, '\n').trim();
  const sh = (shell ?? '').trim();
  if (sh === 'python') return { command: `python -c ${shellQuote(text)}` };
  if (sh !== '' && !/^(bash|sh)\b/.test(sh)) {
    return { command: text, note: `shell '${sh}' is not run as such; the script runs in sh` };
  }
  if (!text.includes('\n')) return { command: text };
  const interp = sh.startsWith('sh') ? 'sh -e' : sh.startsWith('bash') ? 'bash -eo pipefail' : 'bash -e';
  return { command: `${interp} -c ${shellQuote(text)}` };
}
