import { annotations } from '../../../src/triage/extractors/annotations.js';
import { docker } from '../../../src/triage/extractors/docker.js';
import { packages } from '../../../src/triage/extractors/packages.js';
import { shell } from '../../../src/triage/extractors/shell.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

describe('package install extractor', () => {
  it('reads pip "no matching distribution" (real pip output)', async () => {
    expect(plain(packages.extract(await fixtureLines('pip.txt')))).toEqual([
      {
        tool: 'pip',
        errorType: 'no-matching-distribution',
        message:
          'Could not find a version that satisfies the requirement nosuchpkg-nightwatch (from versions: none)'
      }
    ]);
  });

  it('reads an npm error block by its code (real npm output)', async () => {
    expect(plain(packages.extract(await fixtureLines('npm.txt')))).toEqual([
      {
        tool: 'npm',
        errorType: 'ENOTCACHED',
        message:
          "request to https://registry.npmjs.org/left-pad-nightwatch-nope failed: cache mode is 'only-if-cached' but no cached response is available."
      }
    ]);
  });

  it('reads npm 404s, yarn and pnpm errors but not a failed lifecycle script', () => {
    const text = [
      'npm ERR! code E404',
      'npm ERR! 404 Not Found - GET https://registry.npmjs.org/left-padd - Not found',
      'npm ERR! A complete log of this run can be found in:',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1',
      'npm ERR! app@1.0.0 test: `jest`',
      'error Couldn\'t find package "left-padd" on the "npm" registry.',
      'error Command failed with exit code 1.',
      ' ERR_PNPM_NO_MATCHING_VERSION  No matching version found for react@99.0.0'
    ].join('\n');
    expect(plain(packages.extract(normalizeText(text)))).toEqual([
      {
        tool: 'npm',
        errorType: 'E404',
        message: '404 Not Found - GET https://registry.npmjs.org/left-padd - Not found'
      },
      { tool: 'yarn', message: 'Couldn\'t find package "left-padd" on the "npm" registry.' },
      {
        tool: 'pnpm',
        errorType: 'ERR_PNPM_NO_MATCHING_VERSION',
        message: 'No matching version found for react@99.0.0'
      }
    ]);
  });
});

describe('docker extractor', () => {
  it("reads the classic builder's non-zero RUN (real docker output)", async () => {
    const found = docker.extract(await fixtureLines('docker.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'docker',
        errorType: 'run-failed',
        message: 'The command \'/bin/sh -c python3 -c "import nosuchmod"\' returned a non-zero code: 1',
        file: 'Dockerfile'
      }
    ]);
  });

  it("reads BuildKit's failed to solve", () => {
    const text =
      '#8 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1\nERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1';
    const found = plain(docker.extract(normalizeText(text)));
    expect(found[0]).toEqual({
      tool: 'docker',
      errorType: 'run-failed',
      message: 'process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
      file: 'Dockerfile'
    });
  });
});

describe('shell extractor', () => {
  it('reads command not found (bash, sh) and missing files', () => {
    const text = [
      '/home/runner/work/_temp/5b2f.sh: line 2: pytset: command not found',
      'sh: 1: yarnn: not found',
      'cat: requirements-dev.txt: No such file or directory'
    ].join('\n');
    expect(plain(shell.extract(normalizeText(text)))).toEqual([
      {
        tool: 'shell',
        errorType: 'command-not-found',
        message: 'pytset: command not found',
        file: '/home/runner/work/_temp/5b2f.sh',
        line: 2
      },
      { tool: 'shell', errorType: 'command-not-found', message: 'yarnn: command not found' },
      {
        tool: 'shell',
        errorType: 'no-such-file',
        message: 'cat: requirements-dev.txt: No such file or directory'
      }
    ]);
  });
});

describe('annotations extractor', () => {
  it('reads ::error commands and ##[error] markers but not the generic exit line', () => {
    const text = [
      '::error file=src/app.ts,line=7,title=Lint::Unexpected any',
      '2024-01-02T03:04:05.1234567Z ##[error]Version 3.13 was not found in the local cache',
      '2024-01-02T03:04:05.2234567Z ##[error]Process completed with exit code 1.'
    ].join('\n');
    expect(plain(annotations.extract(normalizeText(text)))).toEqual([
      { tool: 'github', errorType: 'Lint', message: 'Unexpected any', file: 'src/app.ts', line: 7 },
      { tool: 'github', message: 'Version 3.13 was not found in the local cache' }
    ]);
  });
});
