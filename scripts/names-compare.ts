/**
 * Comparing failed-test names with BugSwarm's analyzer (`tr_t_failed`), shared by
 * measure-triage.ts (GitHub Actions logs) and measure-names-fixtures.ts (the analyzer's own Travis
 * CI fixtures): the same set of names verbatim, or modulo notation (path vs module, `::`/`.`/` > `/
 * ` › ` separators, `method(Class)` vs `Class.method`, `()` and a report's trailing `:`).
 */

/** One notation for test names: path or module, any of the frameworks' separators. */
export function canonical(name: string): string {
  // A module-level entry written as `(pkg.module)`, a mocha title ending in its report's `:`.
  let s = name
    .trim()
    .replace(/^\(([^()]+)\)$/, '$1')
    .replace(/:$/, '');
  // unittest `test_x (pkg.mod.Class)` and surefire `test_x(pkg.Class)`: owner first.
  const owned = /^([^\s()]+)\s?\(([\w.$]+)\)$/.exec(s);
  if (owned) s = `${owned[2]}.${owned[1]}`;
  // A doctest's node id repeats its module (`pkg/mod.py::pkg.mod.f`); BugSwarm writes `pkg.mod::f`.
  const doctest = /^([\w./-]+)\.py::([\w.]+)$/.exec(s);
  if (doctest) {
    const file = doctest[1].replace(/\//g, '.');
    const parts = doctest[2].split('.');
    for (let k = parts.length - 1; k >= 1; k--) {
      const mod = parts.slice(0, k).join('.');
      if (file === mod || file.endsWith(`.${mod}`)) {
        s = `${doctest[1]}.py::${parts.slice(k).join('.')}`;
        break;
      }
    }
  }
  return s
    .replace(/\.py(?=::|$)/, '')
    .replace(/\//g, '.')
    .replace(/\s*(?:::|›|>)\s*/g, '.')
    .replace(/\$/g, '.')
    .replace(/\(\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^\.+/, '');
}

/**
 * The analyzer's `tr_t_failed`: names joined with `#`. A name may hold a `#` itself (mocha's
 * `can kill worker thread while in use #0:`); names never end with a space, so a `#` after a space
 * is inside a name.
 */
export function splitNames(joined: string): string[] {
  const out: string[] = [];
  for (const piece of joined.split('#')) {
    if (out.length > 0 && out[out.length - 1].endsWith(' ')) out[out.length - 1] += `#${piece}`;
    else out.push(piece);
  }
  return out;
}

const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every(x => b.has(x));

/** Whether the names found are the names expected: verbatim, and modulo notation. */
export function compareNames(
  want: Iterable<string>,
  got: Iterable<string>
): { verbatim: boolean; notation: boolean } {
  const w = new Set(want);
  const g = new Set(got);
  return {
    verbatim: sameSet(w, g),
    notation: sameSet(new Set([...w].map(canonical)), new Set([...g].map(canonical)))
  };
}
