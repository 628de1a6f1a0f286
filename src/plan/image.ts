/**
 * Which image a job runs in: its `container:`, else the toolchain its setup action installs. The one
 * table of toolchain actions -> official images is here.
 */
import type { Language } from './types.js';

export interface Toolchain {
  /** The setup action (`actions/setup-go`). */
  action: string;
  language: Language;
  image: string;
  version: string;
  /** What the mapping had to guess (a pre-release, a version range, a distribution). */
  note?: string;
  /** What the action also installs (setup-ruby's `bundler-cache: true` runs `bundle install`). */
  install?: { command: string; directory?: string; why: string };
}

interface Rule {
  /** `owner/name` of the action (case-insensitive), without `@ref`. */
  action: string;
  language: Language;
  /** The inputs that name the version, in order. */
  inputs: string[];
  /** The version when the workflow names none. */
  fallback: string;
  /** The official image for a version. */
  image: (version: string) => { image: string; version: string; note?: string };
}

const clean = (v: string): string => v.trim().replace(/^v(?=\d)/, '');

/** `1.23.x`, `^1.24`, `>=1.22`, `~3.11` -> the version number it starts from. */
function base(v: string): string {
  return clean(v)
    .replace(/^[\^~>=<\s]+/, '')
    .replace(/(\.(x|\*))+$/i, '');
}

function python(v: string): { image: string; version: string; note?: string } {
  const s = clean(v);
  const pypy = /^pypy-?(\d+(?:\.\d+)?)/i.exec(s);
  if (pypy) return { image: `pypy:${pypy[1]}-slim`, version: s };
  const m = /^(\d+(?:\.\d+)*)(t)?(?:-dev)?$/.exec(base(s));
  if (!m)
    return {
      image: 'python:3-slim',
      version: s,
      note: `Python '${s}' has no official image; python:3-slim used`
    };
  const note =
    m[2] === 't'
      ? `free-threaded Python ${m[1]} has no official image; python:${m[1]}-slim used`
      : /-dev$/.test(s)
        ? `Python ${m[1]} is a pre-release; its release-candidate image used`
        : undefined;
  return {
    image: `python:${m[1]}${/-dev$/.test(s) ? '-rc' : ''}-slim`,
    version: s,
    ...(note ? { note } : {})
  };
}

function node(v: string): { image: string; version: string; note?: string } {
  const s = clean(v).toLowerCase();
  if (/^lts\//.test(s)) return { image: s === 'lts/*' ? 'node:lts' : `node:${s.slice(4)}`, version: s };
  if (['latest', 'current', 'node'].includes(s)) return { image: 'node:current', version: s };
  const b = base(s);
  return /^\d+(\.\d+){0,2}$/.test(b)
    ? { image: `node:${b}`, version: s }
    : { image: 'node:lts', version: s, note: `Node.js '${s}' has no official image; node:lts used` };
}

function go(v: string): { image: string; version: string; note?: string } {
  const s = clean(v).toLowerCase();
  if (s === 'stable' || s === 'oldstable') {
    return {
      image: 'golang:1',
      version: s,
      ...(s === 'oldstable' ? { note: 'oldstable: golang:1 (the newest) used' } : {})
    };
  }
  const b = base(s);
  return /^\d+(\.\d+){0,2}$/.test(b)
    ? { image: `golang:${b}`, version: s }
    : { image: 'golang:1', version: s, note: `Go '${s}' has no official image; golang:1 used` };
}

function java(v: string): { image: string; version: string; note?: string } {
  const b = base(v).replace(/^1\.(?=8$)/, '');
  return /^\d+(\.\d+)*$/.test(b)
    ? { image: `eclipse-temurin:${b}`, version: clean(v) }
    : {
        image: 'eclipse-temurin:21',
        version: clean(v),
        note: `Java '${v}' has no official image; eclipse-temurin:21 used`
      };
}

function rust(v: string): { image: string; version: string; note?: string } {
  const s = clean(v).toLowerCase();
  if (s === 'stable' || s === '') return { image: 'rust:1', version: 'stable' };
  if (/^(nightly|beta)/.test(s)) {
    return { image: 'rust:1', version: s, note: `Rust ${s} has no official image; rust:1 (stable) used` };
  }
  const b = base(s);
  return /^\d+(\.\d+){0,2}$/.test(b)
    ? { image: `rust:${b}`, version: s }
    : { image: 'rust:1', version: s, note: `Rust '${s}' has no official image; rust:1 used` };
}

function ruby(v: string): { image: string; version: string; note?: string } {
  const s = clean(v).toLowerCase();
  if (s === 'jruby') return { image: 'jruby:latest', version: s };
  const b = base(s.replace(/^ruby-/, ''));
  return /^\d+(\.\d+){0,2}$/.test(b)
    ? { image: `ruby:${b}`, version: s }
    : { image: 'ruby:3', version: s, note: `Ruby '${s}' has no official image; ruby:3 used` };
}

/** The toolchain actions and their official images (one table). */
export const TOOLCHAIN_ACTIONS: readonly Rule[] = [
  {
    action: 'actions/setup-python',
    language: 'python',
    inputs: ['python-version'],
    fallback: '3.12',
    image: python
  },
  {
    action: 'actions/setup-node',
    language: 'node',
    inputs: ['node-version'],
    fallback: 'lts/*',
    image: node
  },
  { action: 'actions/setup-go', language: 'go', inputs: ['go-version'], fallback: 'stable', image: go },
  { action: 'actions/setup-java', language: 'java', inputs: ['java-version'], fallback: '21', image: java },
  {
    action: 'graalvm/setup-graalvm',
    language: 'java',
    inputs: ['java-version'],
    fallback: '21',
    image: v => ({ ...java(v), note: 'GraalVM replaced by Eclipse Temurin (no native-image in it)' })
  },
  // Ruby is no language of the sandbox's own: the image is Ruby's, the rest is the workflow's.
  {
    action: 'ruby/setup-ruby',
    language: 'unknown',
    inputs: ['ruby-version'],
    fallback: '3',
    image: ruby
  },
  {
    action: 'dtolnay/rust-toolchain',
    language: 'rust',
    inputs: ['toolchain'],
    fallback: 'stable',
    image: rust
  },
  { action: 'actions-rs/toolchain', language: 'rust', inputs: ['toolchain'], fallback: 'stable', image: rust }
];

/** `owner/name` of a `uses:` (no `@ref`, no sub-path), lower case; undefined for local and docker actions. */
export function actionName(uses: string): string | undefined {
  if (uses.startsWith('./') || uses.startsWith('docker://')) return undefined;
  const [repo] = uses.split('@');
  const parts = repo.split('/');
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}`.toLowerCase() : undefined;
}

/**
 * The toolchain of a setup step, or undefined when the action is not a toolchain action. `inputs`
 * are the step's `with:` values after substitution; `ref` is the `@ref` (dtolnay/rust-toolchain
 * names the toolchain there: `@stable`, `@1.75`).
 */
export function toolchainOf(uses: string, inputs: Record<string, string>): Toolchain | undefined {
  const name = actionName(uses);
  const rule = TOOLCHAIN_ACTIONS.find(r => r.action === name);
  if (!rule) return undefined;
  let version = rule.inputs.map(i => inputs[i]?.trim()).find(v => v);
  if (!version && rule.action === 'dtolnay/rust-toolchain') {
    const ref = uses.split('@')[1] ?? '';
    // @clippy and @miri are nightly with that component.
    if (ref === 'clippy' || ref === 'miri') version = 'nightly';
    else if (ref && ref !== 'master' && !/^[0-9a-f]{40}$/.test(ref)) version = ref;
  }
  // A list of versions (`python-version: |` with several lines) installs them all; the last is the default.
  if (version)
    version = version
      .split(/\s*\n\s*/)
      .filter(Boolean)
      .at(-1);
  const picked = rule.image(version || rule.fallback);
  const out: Toolchain = {
    action: rule.action,
    language: rule.language,
    image: picked.image,
    version: picked.version
  };
  const notes: string[] = [];
  const file = Object.entries(inputs).find(([k, v]) => /-version-file$/.test(k) && v.trim());
  if (!version) {
    notes.push(
      file
        ? `${rule.action}: ${file[0]} ${file[1]} is not read; ${rule.fallback} assumed`
        : `${rule.action} names no version; ${rule.fallback} assumed`
    );
  }
  if (picked.note) notes.push(picked.note);
  if (
    rule.action === 'actions/setup-java' &&
    inputs.distribution &&
    !/temurin|adopt/i.test(inputs.distribution)
  ) {
    notes.push(`Java distribution '${inputs.distribution}' replaced by Eclipse Temurin`);
  }
  if (rule.action === 'ruby/setup-ruby' && inputs['bundler-cache']?.trim() === 'true') {
    const dir = inputs['working-directory']?.trim();
    out.install = {
      command: 'bundle install',
      ...(dir ? { directory: dir } : {}),
      why: 'bundler-cache: true runs bundle install'
    };
  }
  if (notes.length > 0) out.note = notes.join('; ');
  return out;
}

/**
 * The version input a toolchain step leaves to a file (`go-version-file: go.mod`), when it names no
 * version itself: which input the version would be, and the file (as written).
 */
export function versionFileOf(
  uses: string,
  inputs: Record<string, string>
): { input: string; file: string; key: string; language: Language } | undefined {
  const rule = TOOLCHAIN_ACTIONS.find(r => r.action === actionName(uses));
  if (!rule || rule.inputs.some(i => inputs[i]?.trim())) return undefined;
  const found = Object.entries(inputs).find(([k, v]) => /-version-file$/.test(k) && v.trim());
  return found
    ? { input: rule.inputs[0], key: found[0], file: found[1].trim(), language: rule.language }
    : undefined;
}

const TOOL_VERSIONS_NAME: Partial<Record<Language, string>> = {
  python: 'python',
  node: 'nodejs',
  go: 'golang',
  java: 'java',
  rust: 'rust'
};

/**
 * The version a `*-version-file` holds, as the setup action reads it: go.mod's `toolchain` (else its
 * `go`) line, a `.tool-versions` entry, or the first line of a plain version file (`.nvmrc`,
 * `.python-version`). Undefined for what it does not read (package.json, pyproject.toml, …).
 */
export function versionInFile(language: Language, file: string, text: string): string | undefined {
  const name = file.split('/').pop()!.toLowerCase();
  if (name === 'go.mod') {
    const tc = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text);
    return (tc ?? /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text))?.[1];
  }
  if (name === '.tool-versions') {
    const tool = TOOL_VERSIONS_NAME[language];
    return tool ? new RegExp(`^${tool}\\s+(\\S+)`, 'm').exec(text)?.[1] : undefined;
  }
  if (/\.(json|toml|ya?ml|xml|mod|gradle|kts)$/.test(name)) return undefined;
  const line = text
    .split('\n')
    .map(l => l.replace(/#.*/, '').trim())
    .find(l => l !== '');
  return line && line.length <= 40 && /^[\w.*^~<>=/+-]+$/.test(line) ? line : undefined;
}

/** The language an image is for, from its name (`python:3.12`, `node:20-alpine`, `golang`, …). */
export function imageLanguage(image: string): Language {
  const name = image.split('/').at(-1)!.split(/[:@]/)[0].toLowerCase();
  if (/^(python|pypy)/.test(name)) return 'python';
  if (/^node/.test(name)) return 'node';
  if (/^golang|^go$/.test(name)) return 'go';
  if (/^rust/.test(name)) return 'rust';
  if (/temurin|openjdk|maven|gradle|jdk|java|corretto/.test(name)) return 'java';
  return 'unknown';
}

/** The version in an image's tag (`python:3.12-slim` -> `3.12`), when it starts with one. */
export function imageVersion(image: string): string | undefined {
  const tag = /:([^/@]+)$/.exec(image)?.[1];
  return tag ? /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1] : undefined;
}

/**
 * A Java image that carries the build tool the test command calls: `mvn` needs maven's image and
 * `gradle` gradle's (a wrapper, `./mvnw` or `./gradlew`, brings its own).
 */
export function javaBuildImage(image: string, version: string, command: string): string {
  if (!/^eclipse-temurin:/.test(image)) return image;
  const major = /^(\d+)/.exec(version)?.[1] ?? '21';
  if (/(^|[\s;&|(])mvn\s/.test(command)) return `maven:3-eclipse-temurin-${major}`;
  if (/(^|[\s;&|(])gradle\s/.test(command)) return `gradle:jdk${major}`;
  return image;
}
