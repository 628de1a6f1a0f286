/** Package installs: npm (`npm ERR! code E404`), yarn (`error Couldn't find package`), pnpm (`ERR_PNPM_*`), pip. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const NPM = /^npm (?:ERR!|error) (.*)$/;
const NPM_CODE = /^code (E[A-Z0-9_]+)$/;
const NPM_SKIP =
  /^(?:code |errno |syscall |path |A complete log|\s*$|Log files were not written|You can rerun|Exit status|Failed at the|This is probably not a problem|command (?:failed|sh -c)|\s*\/\S+_logs\/|Tell the author|You can get information|Make sure you have|If you do, this is|Please include the following|\s*<https?:)/;
const YARN = /^error (?!Command failed with exit code)(.+)$/;
const PNPM = /^\s*(ERR_PNPM_[A-Z0-9_]+)\s+(.*)$/;
const PIP = /^(?:ERROR|error): (.*)$/;

function npmBlock(lines: LogLine[], i: number): { found?: Found; last: number } {
  let code: string | undefined;
  let message: string | undefined;
  let j = i;
  for (; j < lines.length && j < i + 80; j++) {
    const m = NPM.exec(lines[j].text);
    if (!m) break;
    const c = NPM_CODE.exec(m[1]);
    if (c) code ??= c[1];
    else if (!message && !NPM_SKIP.test(m[1])) message = m[1].trim();
  }
  // A failed lifecycle script only says the script failed; the cause stands above.
  if (!code || code === 'ELIFECYCLE' || !message) return { last: j - 1 };
  return { found: { tool: 'npm', errorType: code, message, start: i, end: j - 1 }, last: j - 1 };
}

/** The packages extractor (see the module comment for the formats it reads). */
export const packages: Extractor = {
  tool: 'packages',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let lastConflict = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.startsWith('npm ERR!') || t.startsWith('npm error')) {
        const r = npmBlock(lines, i);
        if (r.found) out.push(r.found);
        i = r.last;
        continue;
      }
      const p = t.indexOf('ERR_PNPM_') >= 0 ? PNPM.exec(t) : null;
      if (p) {
        out.push({ tool: 'pnpm', errorType: p[1], message: p[2].trim(), start: i, end: i });
        continue;
      }
      if (t.startsWith('error ')) {
        const y = YARN.exec(t);
        if (
          y &&
          /package|version|resolve|registry|Request failed|ENOTFOUND|ETIMEDOUT|integrity|lockfile|network|unexpected error/i.test(
            y[1]
          )
        ) {
          out.push({ tool: 'yarn', message: y[1].trim(), start: i, end: i });
        }
        continue;
      }
      if (t.startsWith('ERROR: ') || t.startsWith('error: ')) {
        const m = PIP.exec(t)![1];
        let errorType: string | undefined;
        if (/^Could not find a version that satisfies the requirement/.test(m))
          errorType = 'no-matching-distribution';
        else if (/^No matching distribution found for/.test(m))
          continue; // the line above says it with the versions
        else if (/^ResolutionImpossible|^Cannot install .* conflicting dependencies/.test(m))
          errorType = 'resolution-impossible';
        else if (
          /^Failed building wheel for|^subprocess-exited-with-error|^Could not build wheels for/.test(m)
        )
          errorType = 'build-failed';
        else if (/^Could not install packages due to an? \w+/.test(m)) errorType = 'install-failed';
        else if (/^(?:Invalid requirement|Double requirement given|Could not open requirements file)/.test(m))
          errorType = 'bad-requirement';
        if (!errorType) continue;
        let end = i;
        if (/^ResolutionImpossible/.test(m) && lastConflict >= 0 && i - lastConflict <= 40) continue; // its footer
        if (/^Cannot install /.test(m)) {
          // `The conflict is caused by:` and its indented lines explain it; pip's advice under them does not.
          lastConflict = i;
          let k = i + 1;
          while (k < lines.length && k <= i + 2 && lines[k].text.trim() === '') k++;
          if (lines[k]?.text === 'The conflict is caused by:') {
            end = k;
            while (end + 1 < lines.length && end < k + 40 && /^\s+\S/.test(lines[end + 1].text)) end++;
          }
        } else if (
          errorType === 'no-matching-distribution' &&
          lines[i + 1] &&
          /No matching distribution found/.test(lines[i + 1].text)
        )
          end = i + 1;
        out.push(clean({ tool: 'pip', errorType, message: m.trim(), start: i, end }));
      }
    }
    return out;
  }
};
