/**
 * Known infra patterns (they name `knownPattern`) and the classification of a failure into a
 * category. The patterns are about runners, networks and registries, never about one project.
 */
import type { Category, Failure } from '../types.js';

/** A known failure pattern: a short kebab-case name, its category and what it looks like in a log. */
export interface KnownPattern {
  name: string;
  category: Category;
  re: RegExp;
}

/** The known patterns, most specific first. */
export const KNOWN_PATTERNS: KnownPattern[] = [
  {
    name: 'job-timeout',
    category: 'timeout',
    re: /has exceeded the maximum execution time of|(?:exited with|exit code:?) 124\b|The action has timed out|No output has been received in the last \S+|The job exceeded the maximum (?:time|log length)|exceeded the timeout of \d+ minutes|Your test run exceeded \d+ minutes/i
  },
  {
    name: 'cancelled',
    category: 'cancelled',
    re: /^(?:Error: )?The operation was canceled\.?$|^The run was canceled by|Canceling since a higher priority waiting request/i
  },
  {
    name: 'runner-lost',
    category: 'infra',
    re: /The runner has received a shutdown signal|lost communication with the server|The hosted runner: .* lost communication|did not respond to a cancelation request|The self-hosted runner: .* lost|Received request to deprovision/i
  },
  {
    name: 'disk-full',
    category: 'infra',
    re: /No space left on device|\bENOSPC\b|Disk quota exceeded|not enough space on the disk|There is not enough space on the disk/i
  },
  {
    name: 'oom-kill',
    category: 'infra',
    re: /JavaScript heap out of memory|\bOOMKilled\b|Out of memory: Killed process|Cannot allocate memory|java\.lang\.OutOfMemoryError|fatal error: runtime: out of memory|^Killed$|exit code 137\b|\bsignal: killed\b|virtual memory exhausted/i
  },
  {
    name: 'rate-limit',
    category: 'infra',
    re: /API rate limit exceeded|secondary rate limit|\b429 Too Many Requests\b|toomanyrequests|You have reached your pull rate limit|\bHTTP(?: error| status)? 429\b|status code 429\b|rate limit exceeded/i
  },
  {
    name: 'dns-failure',
    category: 'infra',
    re: /\bENOTFOUND\b|\bEAI_AGAIN\b|getaddrinfo (?:ENOTFOUND|EAI_AGAIN|failed)|Temporary failure in name resolution|Could not resolve host|no such host|Name or service not known|nodename nor servname provided|Could not resolve hostname|UnknownHostException/i
  },
  {
    name: 'registry-5xx',
    category: 'infra',
    re: /\b(?:50[0234]) (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b.*(?:registry|npmjs|pypi|pythonhosted|maven|gradle|crates\.io|docker|ghcr\.io|rubygems|nuget|golang|packagist|repo)|npm ERR! code E50[0234]|\bE50[0234]\b.*registry|received HTTP code 50[0234] from proxy|Received status code 50[0234] from server|status code 50[0234].*(?:registry|repository|repo)|returned error: 50[0234]|HTTP error 50[0234] while getting|Could not transfer artifact .* (?:50[0234]|Bad Gateway|Service Unavailable)|error pulling image configuration: .*50[0234]|received unexpected HTTP status: 50[0234]/i
  },
  {
    name: 'network-timeout',
    category: 'infra',
    re: /\bETIMEDOUT\b|\bESOCKETTIMEDOUT\b|Connection timed out|Read timed out|connect timeout|i\/o timeout|TLS handshake timeout|Operation timed out after|net\/http: request canceled|\bSocketTimeoutException\b|ReadTimeoutError|ConnectTimeoutError|network timeout at|Failed to connect to .* Timed out/i
  },
  {
    name: 'service-unavailable',
    category: 'infra',
    re: /\b503 Service (?:Unavailable|Temporarily Unavailable)\b|\bECONNRESET\b|Connection reset by peer|socket hang up|\bEHOSTUNREACH\b|Network is unreachable|The remote end hung up unexpectedly|RPC failed; curl|Could not connect to the Docker daemon|Cannot connect to the Docker daemon|Service Unavailable/i
  }
];

/** The first known pattern found in the given lines (evidence first, in pattern priority order). */
export function matchPattern(lines: string[]): KnownPattern | undefined {
  for (const p of KNOWN_PATTERNS) if (lines.some(l => p.re.test(l))) return p;
  return undefined;
}

const TEST_TOOLS = new Set([
  'pytest',
  'unittest',
  'jest',
  'vitest',
  'mocha',
  'node:test',
  'tap',
  'go-test',
  'cargo-test',
  'surefire',
  'gradle-test',
  'junit',
  'rspec',
  'phpunit',
  'pester',
  'exunit',
  'xunit',
  'common_test',
  'testthat',
  'xcodebuild',
  // A sanitizer aborts the program it watches: a test run, in CI.
  'sanitizer'
]);
const BUILD_TOOLS = new Set([
  'tsc',
  'go-build',
  'rustc',
  'cargo',
  'maven',
  'gradle',
  'ant',
  'docker',
  'javac',
  'make',
  'gcc'
]);
const LINT_TOOLS = new Set([
  'eslint',
  'rubocop',
  'standard',
  'flake8',
  'ruff',
  'pylint',
  'prettier',
  'golangci-lint',
  'clippy',
  'checkstyle'
]);
const DEP_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'pip', 'poetry', 'bundler']);

/** Category of a set of failures, and of the text when no failure was structured. */
export function classify(
  failures: Failure[],
  evidence: string[]
): { category: Category; knownPattern?: string } {
  const pattern = matchPattern(evidence);
  if (pattern && (pattern.category === 'timeout' || pattern.category === 'cancelled')) {
    return { category: pattern.category, knownPattern: pattern.name };
  }
  const tools = failures.map(f => f.tool);
  const infraInFailures = failures.length > 0 && failures.every(f => matchPattern([f.message]));
  if (
    pattern &&
    (failures.length === 0 ||
      infraInFailures ||
      tools.every(t => DEP_TOOLS.has(t) || t === 'shell' || t === 'github'))
  ) {
    return { category: pattern.category, knownPattern: pattern.name };
  }
  // A failure with a test name is a failing test, whichever runner reported it.
  if (tools.some(t => TEST_TOOLS.has(t)) || failures.some(f => f.testName !== undefined))
    return { category: 'test' };
  if (tools.some(t => DEP_TOOLS.has(t))) return { category: 'dependency' };
  if (failures.some(f => f.errorType === 'ModuleNotFoundError' || f.errorType === 'ImportError')) {
    return { category: 'dependency' };
  }
  if (tools.some(t => LINT_TOOLS.has(t))) return { category: 'lint' };
  if (tools.some(t => BUILD_TOOLS.has(t))) return { category: 'build' };
  if (tools.includes('python')) return { category: 'test' };
  const text = evidence.join('\n');
  if (
    /\b(?:tests? (?:failed|failures?)|failing tests?|Tests run: .*Failures: [1-9]|\d+ (?:failed|failing)\b|FAIL(?:ED)?:? )/i.test(
      text
    )
  ) {
    return { category: 'test' };
  }
  if (/\b(?:lint|eslint|rubocop|flake8|pylint|stylelint|checkstyle|prettier)\b/i.test(text))
    return { category: 'lint' };
  if (
    /\b(?:Could not resolve dependencies|unable to resolve dependency|No matching version|ERESOLVE|Could not find a version that satisfies|npm ERR! 404|Failed to install|dependency)\b/i.test(
      text
    )
  ) {
    return { category: 'dependency' };
  }
  if (
    /\b(?:compil\w*|build failed|BUILD FAILED|cannot find symbol|undefined reference|syntax error|make: \*\*\*)\b/i.test(
      text
    )
  ) {
    return { category: 'build' };
  }
  if (tools.length > 0) return { category: 'build' };
  return { category: 'unknown' };
}
