import { isTreeFile } from '../../fs/index.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { markedScript, minimalEdit, readMarked, readSource } from './util.js';

const OUT_OF_SYNC =
  /`npm ci` can only install packages when your package\.json and package-lock\.json(?: or npm-shrinkwrap\.json)? are in sync/;

/**
 * npm lockfile out of sync with package.json (`npm ci` refuses to install): the lockfile is
 * regenerated with `npm install --package-lock-only --ignore-scripts` in the project's own image
 * (its npm; the install phase has the network, no script runs), and its new content is the edit.
 */
export class NpmLockfileFixer implements Fixer {
  readonly name = 'npm-lockfile';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    if (!input.sandbox || !OUT_OF_SYNC.test(input.failureOutput)) return null;
    const lock = 'package-lock.json';
    if (!(await isTreeFile(input.workdir, lock)) || !(await isTreeFile(input.workdir, 'package.json')))
      return null;
    const res = await input.sandbox.run({
      workdir: input.workdir,
      spec: {
        ...input.spec,
        install: 'npm install --package-lock-only --ignore-scripts --no-audit --no-fund',
        installWrites: [lock],
        test: markedScript([lock], 'cat')
      }
    });
    const next = readMarked(res.output).get(lock);
    if (res.phase !== 'test' || !next) {
      input.log(
        `fixer ${this.name}: could not regenerate ${lock} (exit ${res.exitCode}, ${res.phase} phase)`
      );
      return null;
    }
    try {
      JSON.parse(next);
    } catch {
      return null;
    }
    const edit = minimalEdit(lock, await readSource(input.workdir, lock), next);
    if (!edit) return null;
    return {
      fixer: this.name,
      edits: [edit],
      summary: `${lock} regenerated with npm install --package-lock-only (it was out of sync with package.json)`
    };
  }
}
