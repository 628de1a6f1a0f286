/**
 * The dependency versions one manifest or lockfile declares, read from its text. Pure and linear:
 * a lockfile of 100 000 entries is read in one pass, never evaluated. Text that does not parse
 * gives what could be read (a half-written lockfile is not an error of ours).
 */
import type { Ecosystem } from '../types.js';
import { cleanVersion } from './version.js';

/** One dependency as a file declares it. */
export interface Declared {
  ecosystem: Ecosystem;
  /** The version (lockfile: exact) or the range (manifest) as written. */
  version: string;
  /** From a lockfile (exact, resolved) rather than a manifest (a range the user wrote). */
  locked: boolean;
}

/** The kind of dependency file a path names, or undefined for any other file. */
export type ManifestKind =
  | 'package.json'
  | 'package-lock'
  | 'yarn.lock'
  | 'pnpm-lock'
  | 'requirements'
  | 'pyproject'
  | 'toml-lock'
  | 'go.mod'
  | 'cargo.toml'
  | 'pom'
  | 'gradle'
  | 'gradle-catalog';

/** Which parser reads `file` (by its base name). */
export function manifestKind(file: string): ManifestKind | undefined {
  const base = file.split('/').pop() ?? '';
  if (file.split('/').includes('node_modules')) return undefined;
  if (base === 'package.json') return 'package.json';
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return 'package-lock';
  if (base === 'yarn.lock') return 'yarn.lock';
  if (base === 'pnpm-lock.yaml') return 'pnpm-lock';
  if (/^requirements.*\.txt$/.test(base)) return 'requirements';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'poetry.lock' || base === 'uv.lock' || base === 'Cargo.lock') return 'toml-lock';
  if (base === 'go.mod') return 'go.mod';
  if (base === 'Cargo.toml') return 'cargo.toml';
  if (base === 'pom.xml') return 'pom';
  if (base === 'build.gradle' || base === 'build.gradle.kts') return 'gradle';
  if (base.endsWith('.versions.toml')) return 'gradle-catalog';
  return undefined;
}

/** PEP 503 normal form of a Python distribution name. */
export function pyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

type Out = Map<string, Declared>;

const put = (out: Out, name: string, ecosystem: Ecosystem, version: string, locked: boolean): void => {
  if (name === '' || version === '') return;
  const prev = out.get(name);
  // Several resolved copies of one package: the first (top-level) one counts.
  if (prev && prev.locked === locked) return;
  if (prev && prev.locked && !locked) return;
  out.set(name, { ecosystem, version, locked });
};

function packageJson(text: string, out: Out): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return;
  }
  if (!data || typeof data !== 'object') return;
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (data as Record<string, unknown>)[key];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec === 'string') put(out, name, 'npm', spec, false);
    }
  }
}

function packageLock(text: string, out: Out): void {
  let data: {
    packages?: Record<string, { version?: unknown }>;
    dependencies?: Record<string, { version?: unknown }>;
  };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    return;
  }
  if (data?.packages && typeof data.packages === 'object') {
    for (const [key, entry] of Object.entries(data.packages)) {
      // Only top-level installs: `node_modules/a`, `node_modules/@s/a` (nested copies are someone's dependency).
      const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
      if (m && typeof entry?.version === 'string') put(out, m[1], 'npm', entry.version, true);
    }
    return;
  }
  if (data?.dependencies && typeof data.dependencies === 'object') {
    for (const [name, entry] of Object.entries(data.dependencies)) {
      if (typeof entry?.version === 'string') put(out, name, 'npm', entry.version, true);
    }
  }
}

/** The package name of a yarn/pnpm spec `name@range` (scoped names keep their `@`). */
function specName(spec: string): string {
  const s = spec.trim().replace(/^["']|["']$/g, '');
  const at = s.indexOf('@', 1);
  return at < 0 ? s : s.slice(0, at);
}

function yarnLock(text: string, out: Out): void {
  let names: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      // `"a@^1", a@^1.1:` (v1) or `"a@npm:^1":` (berry)
      names = line.endsWith(':') ? [...new Set(line.slice(0, -1).split(',').map(specName))] : [];
      continue;
    }
    const v = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (v && names.length > 0) {
      for (const n of names) put(out, n, 'npm', v[1], true);
      names = [];
    }
  }
}

function pnpmLock(text: string, out: Out): void {
  let section = '';
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      section = line.replace(/:.*$/, '');
      continue;
    }
    if (section !== 'packages' && section !== 'snapshots') continue;
    // `  /a@1.2.3:` (v6), `  /a/1.2.3:` (v5), `  a@1.2.3:` (v9), `  '@s/a@1.2.3(peer@1)':`
    const m = /^ {2}['"]?\/?((?:@[^/@\s'"]+\/)?[^/@\s'"]+)[@/](\d[^:('"\s]*)/.exec(line);
    if (m) put(out, m[1], 'npm', m[2], true);
  }
}

/** `name[extras] op version ; marker` -> name and the version spec. */
function pep508(req: string): [string, string] | undefined {
  const m =
    /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*((?:[<>=!~]=?|===)\s*[^;,\s]+(?:\s*,\s*(?:[<>=!~]=?)\s*[^;,\s]+)*)?/.exec(
      req
    );
  if (!m || !m[2]) return undefined;
  return [pyName(m[1]), m[2].replace(/\s+/g, '')];
}

function requirements(text: string, out: Out): void {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const r = pep508(line);
    if (r) put(out, r[0], 'pypi', r[1], /^===?[^=]/.test(r[1]));
  }
}

/** Splits TOML text into `[section]` -> its lines (arrays of tables keep one entry each). */
function tomlSections(text: string): { name: string; lines: string[] }[] {
  const sections: { name: string; lines: string[] }[] = [{ name: '', lines: [] }];
  for (const line of text.split('\n')) {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (h) sections.push({ name: h[1].replace(/["']/g, ''), lines: [] });
    else sections[sections.length - 1].lines.push(line);
  }
  return sections;
}

/** `key = "v"` or `key = { version = "v", ... }` of one TOML line. */
function tomlDep(line: string): [string, string] | undefined {
  const m = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*=\s*(.*)$/.exec(line);
  if (!m) return undefined;
  const plain = /^["']([^"']+)["']/.exec(m[2]);
  if (plain) return [m[1], plain[1]];
  const inline = /\bversion\s*=\s*["']([^"']+)["']/.exec(m[2]);
  return inline ? [m[1], inline[1]] : undefined;
}

function pyproject(text: string, out: Out): void {
  for (const s of tomlSections(text)) {
    if (
      s.name === 'project' ||
      s.name === 'project.optional-dependencies' ||
      s.name === 'dependency-groups'
    ) {
      // Quoted PEP 508 strings inside the dependency arrays.
      let inArray = s.name !== 'project';
      for (const line of s.lines) {
        if (s.name === 'project' && /^\s*dependencies\s*=/.test(line)) inArray = true;
        else if (s.name === 'project' && /^\s*[A-Za-z_-]+\s*=/.test(line)) inArray = false;
        if (!inArray) continue;
        for (const q of line.matchAll(/["']([^"']+)["']/g)) {
          const r = pep508(q[1]);
          if (r) put(out, r[0], 'pypi', r[1], false);
        }
      }
    } else if (/^tool\.poetry\.(?:group\.[^.]+\.)?(?:dev-)?dependencies$/.test(s.name)) {
      for (const line of s.lines) {
        const d = tomlDep(line);
        if (d && d[0] !== 'python') put(out, pyName(d[0]), 'pypi', d[1], false);
      }
    }
  }
}

/** `[[package]]` tables with `name` and `version` (poetry.lock, uv.lock, Cargo.lock). */
function tomlLock(text: string, out: Out, ecosystem: Ecosystem): void {
  let name: string | undefined;
  let version: string | undefined;
  let inPackage = false;
  const flush = (): void => {
    if (inPackage && name !== undefined && version !== undefined)
      put(out, ecosystem === 'pypi' ? pyName(name) : name, ecosystem, version, true);
    name = version = undefined;
  };
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) {
      flush();
      inPackage = /^\s*\[\[\s*package\s*\]\]/.test(line);
      continue;
    }
    if (!inPackage) continue;
    const m = /^\s*(name|version)\s*=\s*["']([^"']*)["']/.exec(line);
    if (m?.[1] === 'name') name = m[2];
    else if (m?.[1] === 'version') version = m[2];
  }
  flush();
}

function goMod(text: string, out: Out): void {
  let block = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) block = true;
    else if (block && line === ')') block = false;
    const m = (block ? /^([^\s()]+)\s+(v[^\s]+)$/ : /^require\s+([^\s()]+)\s+(v[^\s]+)$/).exec(line);
    if (m) put(out, m[1], 'go', m[2], true);
  }
}

function cargoToml(text: string, out: Out): void {
  for (const s of tomlSections(text)) {
    if (/(^|\.)(dev-|build-)?dependencies$/.test(s.name)) {
      for (const line of s.lines) {
        const d = tomlDep(line);
        if (d) put(out, d[0], 'cargo', d[1], false);
      }
    }
    const table = /(?:^|\.)(?:dev-|build-)?dependencies\.([A-Za-z0-9_-]+)$/.exec(s.name);
    if (table) {
      const v = s.lines.map(l => /^\s*version\s*=\s*["']([^"']+)["']/.exec(l)).find(Boolean);
      if (v) put(out, table[1], 'cargo', v[1], false);
    }
  }
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(xml)?.[1];

function pom(text: string, out: Out): void {
  const props = new Map<string, string>();
  const propBlock = /<properties>([\s\S]*?)<\/properties>/.exec(text)?.[1] ?? '';
  for (const m of propBlock.matchAll(/<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props.set(m[1], m[2]);
  for (const m of text.matchAll(/<(dependency|plugin)>([\s\S]*?)<\/\1>/g)) {
    const g = tag(m[2], 'groupId');
    const a = tag(m[2], 'artifactId');
    let v = tag(m[2], 'version');
    if (!g || !a || !v) continue;
    v = v.replace(/^\$\{([^}]+)\}$/, (_x, p: string) => props.get(p) ?? `\${${p}}`);
    put(out, `${g}:${a}`, 'maven', v, false);
  }
}

function gradle(text: string, out: Out): void {
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/\b(?:def|val|var)?\s*([A-Za-z_]\w*)\s*=\s*["']([\w.+-]+)["']/g))
    vars.set(m[1], m[2]);
  for (const m of text.matchAll(/["']([\w.-]+):([\w.-]+):([^"'@:\s]+)(?:@\w+)?["']/g)) {
    const v = m[3].replace(/^\$\{?(\w+)\}?$/, (_x, n: string) => vars.get(n) ?? m[3]);
    put(out, `${m[1]}:${m[2]}`, 'maven', v, false);
  }
}

function gradleCatalog(text: string, out: Out): void {
  const versions = new Map<string, string>();
  for (const s of tomlSections(text)) {
    if (s.name === 'versions')
      for (const line of s.lines) {
        const d = tomlDep(line);
        if (d) versions.set(d[0], d[1]);
      }
  }
  for (const s of tomlSections(text)) {
    if (s.name !== 'libraries' && s.name !== 'plugins') continue;
    for (const line of s.lines) {
      const module = /\b(?:module|id)\s*=\s*["']([^"']+)["']/.exec(line)?.[1];
      const group = /\bgroup\s*=\s*["']([^"']+)["']/.exec(line)?.[1];
      const name = /\bname\s*=\s*["']([^"']+)["']/.exec(line)?.[1];
      const ref = /\bversion\.ref\s*=\s*["']([^"']+)["']/.exec(line)?.[1];
      const direct = /\bversion\s*=\s*["']([^"']+)["']/.exec(line)?.[1];
      const coord = module ?? (group && name ? `${group}:${name}` : undefined);
      const v = direct ?? (ref ? versions.get(ref) : undefined);
      if (coord && v) put(out, coord, 'maven', v, false);
      const short = /=\s*["']([\w.-]+):([\w.-]+):([^"':\s]+)["']/.exec(line);
      if (short) put(out, `${short[1]}:${short[2]}`, 'maven', short[3], false);
    }
  }
}

/** The dependencies `text` (the content of `file`) declares, by name. */
export function declaredIn(file: string, text: string): Map<string, Declared> {
  const out: Out = new Map();
  switch (manifestKind(file)) {
    case 'package.json':
      packageJson(text, out);
      break;
    case 'package-lock':
      packageLock(text, out);
      break;
    case 'yarn.lock':
      yarnLock(text, out);
      break;
    case 'pnpm-lock':
      pnpmLock(text, out);
      break;
    case 'requirements':
      requirements(text, out);
      break;
    case 'pyproject':
      pyproject(text, out);
      break;
    case 'toml-lock':
      tomlLock(text, out, file.endsWith('Cargo.lock') ? 'cargo' : 'pypi');
      break;
    case 'go.mod':
      goMod(text, out);
      break;
    case 'cargo.toml':
      cargoToml(text, out);
      break;
    case 'pom':
      pom(text, out);
      break;
    case 'gradle':
      gradle(text, out);
      break;
    case 'gradle-catalog':
      gradleCatalog(text, out);
      break;
    default:
      break;
  }
  return out;
}

/** The plain version of a declared spec (`^4.1.1` -> `4.1.1`, `==0.20.0` -> `0.20.0`). */
export function plainVersion(spec: string): string {
  return cleanVersion(spec) ?? spec;
}
