/**
 * Travis CI's framing of the failed command: `$ cmd` (Travis' echo), its output, then
 * `The command "cmd" exited with N.`. Checked on LogChunks (docs/triage-measurement.md).
 */
import { triageOutput } from '../../src/triage/index.js';
import { travisRegion } from '../../src/triage/read.js';
import { normalizeLine, type LogLine } from '../../src/triage/normalize.js';

function logLines(lines: string[]): LogLine[] {
  return lines.map((t, i) => ({ n: i + 1, ...normalizeLine(t) }));
}

// A multi-line command whose tools echo their own `$ x` lines (yarn does), the failure in the first.
const LINT_RUN = [
  '$ bundle install',
  'Bundle complete!',
  'The command "bundle install" exited with 0.',
  '',
  '$ bash -c "',
  '  npx lefthook run lints',
  '"',
  '  EXECUTE > prettier',
  'yarn run v1.3.2',
  "$ /home/travis/build/o/r/node_modules/.bin/prettier --list-different 'app/**/*.js'",
  'app/assets/javascripts/routes/about.js',
  'error Command failed with exit code 1.',
  '',
  '  EXECUTE > eslint-assets',
  'yarn run v1.3.2',
  '$ /home/travis/build/o/r/node_modules/.bin/eslint --ext .es6 app/assets/javascripts',
  'Done in 43.69s.',
  '',
  'SUMMARY: (done in 117.76 seconds)',
  '✔️  eslint-assets',
  '🥊  prettier',
  'The command "bash -c "',
  '  npx lefthook run lints',
  '"',
  '" exited with 1.',
  '',
  'Done. Your build exited with 1.'
];

describe('travisRegion', () => {
  it("starts at Travis' echo of the failed command, not at a tool's `$ x` echo inside its output", () => {
    const r = travisRegion(logLines(LINT_RUN));
    expect(r).toBeDefined();
    expect(LINT_RUN[r!.start]).toBe('$ bash -c "');
    expect(LINT_RUN[r!.end]).toBe('The command "bash -c "');
  });

  it('keeps the nearest `$ ` line when no echo matches the command (a log cut above it)', () => {
    const r = travisRegion(logLines(LINT_RUN.slice(7)));
    expect(LINT_RUN.slice(7)[r!.start]).toBe(
      '$ /home/travis/build/o/r/node_modules/.bin/eslint --ext .es6 app/assets/javascripts'
    );
  });

  it('matches a one-line command by its text', () => {
    const lines = ['$ make test', '$ echo inner', 'boom: failed', 'The command "make test" exited with 2.'];
    expect(travisRegion(logLines(lines))!.start).toBe(0);
  });

  it("puts the failed tool's output in the chunk", async () => {
    const t = await triageOutput(LINT_RUN.join('\n') + '\n');
    expect(t.chunk.text).toContain('app/assets/javascripts/routes/about.js');
  });
});
