/** What a `run:` step does (install/build, the tests, a check, informational, delivery) and how it runs. */

export type StepKind = 'install' | 'test' | 'check' | 'info' | 'deliver';

const TEST_COMMAND =
  /(^|[\s;&|(])(pytest|py\.test|tox|nox|jest|vitest|mocha|ava|rspec|phpunit|ctest|gotestsum|go\s+test|cargo\s+(test|nextest)|python[0-9.]*\s+-m\s+(pytest|unittest|tox|nox)|(npm|yarn|pnpm|bun)\s+(run\s+)?test[\w:-]*|make\s+(test|check|ci)[\w/-]*|(\.\/)?mvnw?\s.*\b(test|verify)\b|(\.\/)?gradlew?\s.*\b(test|check)\b|uv\s+run\s.*\b(pytest|tox|nox)\b|hatch\s+(run\s+)?test|dotnet\s+test|swift\s+test)\b/;
/** A line that only installs: a tool or the dependencies. */
const INSTALL_LINE =
  /^\s*(sudo\s+)?(go\s+(install|mod\s+download|get)|pip[\d.]*\s+install|python[\d.]*\s+-m\s+pip\s+install|(npm|pnpm|bun)\s+(ci|install|i)\b|yarn(\s+install)?\b|apt(-get)?\s+(-\S+\s+)*install|cargo\s+(install|fetch)|gem\s+install|bundle\s+install|uv\s+(sync|pip\s+install|tool\s+install)|poetry\s+install|pipx\s+install|corepack\s+enable)\b/;
const TEST_NAME = /\b(tests?|specs?|testing)\b/i;
const INSTALL_NAME =
  /\b(install|set\s*up|setup|build|prepare|dependencies|deps|configure|download|fetch|generate|compile|bootstrap|migrat\w*|start|create)\b/i;
const CHECK =
  /\b(lint|linters?|format|fmt|typecheck|type-check|mypy|pyright|flake8|ruff|pylint|eslint|prettier|tsc\s+--noEmit|go\s+vet|staticcheck|golangci-lint|clippy|black\s+--check|isort\s+--check|codespell|pre-commit|zizmor|actionlint)\b/i;
const DELIVER =
  /\b(upload|publish|deploy|release|codecov|coveralls|docker\s+push|npm\s+publish|twine\s+upload|gh\s+(release|pr|issue)|git\s+push)\b/i;
const INFO_LINE =
  /^\s*(#.*|echo\b.*|printf\b.*|cat\s+[^|>]*|ls\b[^|>]*|env|printenv\b.*|pwd|which\s+.*|uname\b.*|df\b.*|[\w.-]+\s+(--version|-v|-V|version)|go\s+(version|env)\b.*|)\s*$/;

/** The kind of a `run:` step from its name and its (substituted) command. */
export function classifyRun(name: string | undefined, command: string): StepKind {
  const label = name ?? '';
  if (command.split('\n').every(l => INFO_LINE.test(l))) return 'info';
  if (DELIVER.test(label) || DELIVER.test(command)) return 'deliver';
  const lines = command.split('\n').filter(l => l.trim() !== '' && !/^\s*#/.test(l));
  if (lines.length > 0 && lines.every(l => INSTALL_LINE.test(l))) return 'install';
  if (TEST_COMMAND.test(command)) return 'test';
  if (CHECK.test(label) || (CHECK.test(command) && !INSTALL_NAME.test(label))) return 'check';
  if (INSTALL_NAME.test(label)) return 'install';
  if (TEST_NAME.test(label)) return 'test';
  return 'install';
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
