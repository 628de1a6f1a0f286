/** Version strings as manifests, lockfiles and changelogs spell them. Pure. */

/** The first `x[.y[.z]][-pre]` in a version or a range (`^4.1.1` -> `4.1.1`, `v1.2` -> `1.2`). */
export function cleanVersion(spec: string): string | undefined {
  const m =
    /(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:[-.]?(?:alpha|beta|rc|pre|dev|post|a|b|c)\.?\d*)|-[0-9A-Za-z.-]+)?/i.exec(
      spec
    );
  return m ? m[0].replace(/^v/i, '') : undefined;
}

interface Parsed {
  nums: number[];
  pre: string;
}

function parse(v: string): Parsed | undefined {
  const clean = cleanVersion(v);
  if (clean === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)*)(.*)$/.exec(clean);
  if (!m) return undefined;
  return { nums: m[1].split('.').map(Number), pre: m[2].replace(/^[-.]/, '') };
}

/**
 * Orders two versions: negative when `a` is older. Numeric parts compare as numbers; a pre-release
 * (`1.0.0-rc.1`, `1.0.0rc1`) is older than its release. Undefined when either is not a version.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length, 3); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === '') return 1;
  if (y.pre === '') return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** True when `v` is after `from` (exclusive) and not after `to` (inclusive). */
export function inRange(v: string, from: string, to: string): boolean {
  const lo = compareVersions(v, from);
  const hi = compareVersions(v, to);
  return lo !== undefined && hi !== undefined && lo > 0 && hi <= 0;
}

/**
 * True when `to` crosses a major version from `from` (semver: `0.x` counts its minor as major,
 * `0.0.x` its patch).
 */
export function isMajorBump(from: string, to: string): boolean {
  const x = parse(from);
  const y = parse(to);
  if (!x || !y) return false;
  const [a0 = 0, a1 = 0, a2 = 0] = x.nums;
  const [b0 = 0, b1 = 0, b2 = 0] = y.nums;
  if (a0 !== b0) return b0 > a0;
  if (a0 === 0 && a1 !== b1) return b1 > a1;
  if (a0 === 0 && a1 === 0) return b2 > a2;
  return false;
}
