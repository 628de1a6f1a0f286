/** The environment the project's code gets: built explicitly, never the host's as is. */
import path from 'node:path';
import { looksLikeCredential } from '../triage/redact.js';
import type { ProjectSpec } from './port.js';

/** Folder inside the copied tree for what must survive from install to test (venv, module caches). */
export const SANDBOX_STATE_DIR = '.nightwatch-sandbox';

// Names that carry credentials, or that tell a process it runs inside a GitHub runner with the
// power to act (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, GITHUB_TOKEN, INPUT_*).
const SECRET_NAME =
  /TOKEN|SECRET|PASSW(OR)?D|(^|_)PASS($|_)|(^|_)PWD($|_)|PASSPHRASE|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH|COOKIE|SESSION|(^|_)KEY$|(^|_)PAT$/i;
const RUNNER_OR_CLOUD_NAME =
  /^(GITHUB_|ACTIONS_|RUNNER_|INPUT_|STATE_|GH_|GEMINI_|GOOGLE_|OPENAI_|ANTHROPIC_|AWS_|AZURE_|ARM_|GCLOUD|CLOUDSDK_|DOCKER_|KUBECONFIG|VAULT_|NPM_CONFIG__|NODE_AUTH|TWINE_|PYPI_|NUGET_|CARGO_REGISTRIES_|GIT_ASKPASS|SSH_ASKPASS|SSH_AUTH_SOCK|SSH_AGENT|GIT_CONFIG|GIT_SSH|GNUPG|GPG_)/i;
/** True when a variable must not reach the project's code. */
export function isSecretVariable(name: string, value: string, secrets: readonly string[] = []): boolean {
  if (SECRET_NAME.test(name) || RUNNER_OR_CLOUD_NAME.test(name) || looksLikeCredential(value)) return true;
  return secrets.some(s => s.length >= 4 && value.includes(s));
}

/**
 * The host environment without tokens, secrets and runner plumbing (for the host sandbox, which has
 * to keep the toolchain's PATH, JAVA_HOME, GOROOT... to work at all). Returns the removed names too.
 */
export function sanitizeEnv(
  env: NodeJS.ProcessEnv,
  secrets: readonly string[] = []
): { env: Record<string, string>; removed: string[] } {
  const out: Record<string, string> = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (isSecretVariable(name, value, secrets)) removed.push(name);
    else out[name] = value;
  }
  return { env: out, removed: removed.sort() };
}

// What a toolchain needs from the host (locale, home, temp, tool roots, CA files, proxies): the host
// sandbox starts from these alone, never from the whole environment.
const HOST_KEEP = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'TMPDIR',
  'TEMP',
  'TMP',
  'JAVA_HOME',
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'PYENV_ROOT',
  'NVM_DIR',
  'PNPM_HOME',
  'VOLTA_HOME',
  'BUN_INSTALL',
  'DENO_INSTALL',
  'DOTNET_ROOT',
  'ANDROID_HOME',
  'ANDROID_SDK_ROOT',
  'GRADLE_HOME',
  'MAVEN_HOME',
  'M2_HOME',
  'CONDA',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'PIP_CERT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'WINDIR',
  'ComSpec',
  'COMSPEC',
  'PATHEXT',
  'SystemDrive',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'CommonProgramFiles',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
  'OS'
]);
const HOST_KEEP_PREFIX = /^(LC_|JAVA_HOME_)/;

/**
 * The host sandbox's environment: a fresh, minimal one (the names above), never the host's as is;
 * a kept name whose value holds a credential (a proxy URL with a password, a token) is dropped too.
 * Returns the names left out.
 */
export function minimalHostEnv(
  env: NodeJS.ProcessEnv,
  secrets: readonly string[] = []
): { env: Record<string, string>; removed: string[] } {
  const out: Record<string, string> = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const wanted = HOST_KEEP.has(name) || HOST_KEEP_PREFIX.test(name);
    if (!wanted || isSecretVariable(name, value, secrets) || /:\/\/[^\s/@]*:[^\s/@]*@/.test(value))
      removed.push(name);
    else out[name] = value;
  }
  return { env: out, removed: removed.sort() };
}

/** Variables every run gets: CI=true as on a runner, so tools skip watch modes and prompts. */
export const BASE_ENV: Readonly<Record<string, string>> = {
  CI: 'true',
  GIT_TERMINAL_PROMPT: '0',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  PIP_NO_INPUT: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false'
};

/**
 * Tool variables for a container whose tree is mounted at `root`: the caches that the install
 * phase fills (with network) and the test phase reads (without) live in the tree, since each
 * phase is a fresh container and HOME (/tmp) does not survive between them.
 */
export function containerToolEnv(
  language: ProjectSpec['language'],
  root: string,
  phase: 'install' | 'test'
): Record<string, string> {
  const state = path.posix.join(root, SANDBOX_STATE_DIR);
  // HOME is in the tree: what an install puts there (`pip install` as a non-root user goes to
  // ~/.local, like a runner's user site) survives into the test phase and into the install's
  // kept result. Caches that only the install needs stay in /tmp.
  const env: Record<string, string> = { ...BASE_ENV, HOME: containerHome(root), LANG: 'C.UTF-8' };
  switch (language) {
    case 'python':
      env.PIP_CACHE_DIR = '/tmp/.cache/pip';
      // A runner's setup-python is not "externally managed"; Debian's python3 is (PEP 668).
      env.PIP_BREAK_SYSTEM_PACKAGES = '1';
      break;
    case 'node':
      env.npm_config_cache = '/tmp/.npm';
      // `npm install --global` as setup-node allows it: into HOME (kept with the install), not /usr/local.
      env.npm_config_prefix = `${containerHome(root)}/.local`;
      env.COREPACK_HOME = `${state}/corepack`;
      env.COREPACK_ENABLE_DOWNLOAD_PROMPT = '0';
      break;
    case 'go':
      env.GOPATH = `${state}/go`;
      env.GOMODCACHE = `${state}/go/pkg/mod`;
      env.GOCACHE = `${state}/go-build`;
      env.GOTOOLCHAIN = 'local';
      if (phase === 'test') env.GOPROXY = 'off';
      break;
    case 'rust':
      env.CARGO_HOME = `${state}/cargo`;
      if (phase === 'test') env.CARGO_NET_OFFLINE = 'true';
      break;
    case 'java':
      env.MAVEN_OPTS = `-Dmaven.repo.local=${state}/m2/repository`;
      env.MAVEN_USER_HOME = `${state}/m2`;
      env.GRADLE_USER_HOME = `${state}/gradle`;
      break;
    default:
      break;
  }
  return env;
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Written into a kept install's state folder; found in a run's tree once the install is restored. */
export const INSTALLED_MARKER = 'install-kept';

/** HOME of a container whose tree is mounted at `root`: inside the tree's state folder. */
export function containerHome(root: string): string {
  return path.posix.join(root, SANDBOX_STATE_DIR, 'home');
}

/** Printed (exit 125) when the tree is not at its mount point: the daemon cannot see our files. */
export const TREE_NOT_MOUNTED = 'NIGHTWATCH_TREE_NOT_MOUNTED';

/** Guards a phase script can carry (the Docker sandbox uses both). */
export interface PhaseGuards {
  /** A file name under SANDBOX_STATE_DIR that must exist: the tree really is at `root`. */
  marker?: string;
  /** Kill everything after this many seconds, even if nobody is left outside to do it. */
  watchdogSeconds?: number;
  /**
   * The kept install: copy what it made from `from` (a read-only mount) into the tree without
   * replacing a file of the tree, then remove `remove` (source files deleted since the install).
   * Done inside the container, so a link the install made is never followed on the host.
   */
  restore?: { from: string; remove: string[]; keep?: string[] };
}

/**
 * The `sh -c` script for one phase: stderr merged into stdout at the source (so the order of the
 * two is the order the project wrote them), the tree's own venv and node_modules/.bin first on PATH.
 * `marker`: a daemon that does not share our filesystem (Nightwatch in a container job, a remote
 * DOCKER_HOST) mounts an empty folder, and the tests would "fail" for nothing; that is told apart.
 * `watchdogSeconds`: if Nightwatch dies mid-run nobody removes the container, so it ends itself.
 */
export function phaseScript(command: string, root: string, guards: PhaseGuards = {}): string {
  const bins = [
    path.posix.join(root, SANDBOX_STATE_DIR, 'venv', 'bin'),
    path.posix.join(root, 'node_modules', '.bin')
  ];
  const lines = ['exec 2>&1'];
  if (guards.marker) {
    const file = shq(path.posix.join(root, SANDBOX_STATE_DIR, guards.marker));
    lines.push(`[ -f ${file} ] || { echo ${TREE_NOT_MOUNTED}; exit 125; }`);
  }
  if (guards.watchdogSeconds) {
    // kill -1 reaches every process but pid 1 (this shell) and the caller; the shell then ends.
    lines.push(`( sleep ${Math.ceil(guards.watchdogSeconds)}; kill -9 -1 ) </dev/null >/dev/null 2>&1 &`);
  }
  if (guards.restore) {
    const { from, remove } = guards.restore;
    lines.push(
      // `cp -n` exits 1 when it skips a file on some coreutils: the marker the kept install
      // carries (INSTALLED_MARKER) tells whether the copy happened.
      `cp -a -n ${shq(`${from}/.`)} ${shq(`${root}/`)} 2>/dev/null`,
      `[ -f ${shq(path.posix.join(root, SANDBOX_STATE_DIR, INSTALLED_MARKER))} ] || { echo '[nightwatch] could not restore the kept install'; exit 125; }`
    );
    if (remove.length > 0)
      lines.push(`rm -rf -- ${remove.map(r => shq(path.posix.join(root, r))).join(' ')}`);
    // Files the install was meant to write (a regenerated lockfile) come from the kept install.
    for (const f of guards.restore.keep ?? []) {
      lines.push(`cp -a ${shq(path.posix.join(from, f))} ${shq(path.posix.join(root, f))} 2>/dev/null`);
    }
  }
  lines.push(
    `cd ${shq(root)} || exit 2`,
    `PATH=${bins.map(shq).join(':')}:"\${HOME:-/tmp}/.local/bin:$PATH"; export PATH`,
    command
  );
  // A last command, so the shell never execs the project's command in its place as pid 1
  // (which ignores signals it does not handle, the watchdog's included).
  if (guards.watchdogSeconds) lines.push('exit $?');
  return lines.join('\n');
}
