/**
 * Changelog text -> entries between two versions, breaking changes first. Pure. Reads Keep a
 * Changelog (`## [1.2.0] - date`), plain `## 1.2.0 (date)`, `## v1.2.0`, `# pkg@1.2.0`, setext
 * (`1.2.0\n-----`, as reStructuredText CHANGES files write them) and GitHub release bodies.
 */
import { compareVersions, inRange, isMajorBump } from './version.js';

/** One entry of the notes: a bullet (or a paragraph) of one version's section. */
export interface NoteEntry {
  version: string;
  text: string;
  breaking: boolean;
  /** A deprecation (not yet breaking). */
  deprecation: boolean;
}

/** Bounds on what is read: a hostile changelog cannot make the notes huge or the parse slow. */
export const MAX_ENTRIES = 200;
export const MAX_ENTRY_CHARS = 2000;

const VERSION = String.raw`v?(\d+\.\d+(?:\.\d+)?(?:[-.+]?[0-9A-Za-z][0-9A-Za-z.-]*)?)`;
/** `## [1.2.0]`, `## 1.2.0 (date)`, `### v1.2.0`, `# pkg@1.2.0`, `## Version 1.2.0`, `## [v1.2.0](url)`. */
const ATX = new RegExp(
  String.raw`^(#{1,4})\s+(?:\[)?(?:[\w@/.-]+@|(?:version|release|v\.?)\s*)?${VERSION}\]?(?:\([^)]*\))?(?:\s|$|[:,\-–—])`,
  'i'
);
const SETEXT_VERSION = new RegExp(String.raw`^(?:[\w.-]+\s+)?(?:version\s+)?${VERSION}(?:\s|$|[:,(])`, 'i');

/** Words that make an entry breaking, as changelogs write them. */
const BREAKING =
  /\bbreaking\b|\bremoved?\b|\bdrop(?:ped|s)?\b|\brenamed?\b|\bno longer\b|\bis now named\b|\bnow requires?\b|\bincompatib/i;
const DEPRECATION = /\bdeprecat/i;
/** Subsection headings whose entries are all breaking. */
const BREAKING_HEADING = /breaking|removed|incompatib|migration/i;

interface Section {
  version: string;
  lines: string[];
}

/** The version sections of a changelog, in document order. */
export function sections(text: string): Section[] {
  const out: Section[] = [];
  const lines = text.split(/\r?\n/);
  let level = 0;
  let cur: Section | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const atx = ATX.exec(line);
    if (atx && (level === 0 || atx[1].length <= level)) {
      level = atx[1].length;
      cur = { version: atx[2], lines: [] };
      out.push(cur);
      continue;
    }
    const under = lines[i + 1];
    if (
      level === 0 &&
      under !== undefined &&
      /^(?:=+|-+|~+|\^+)\s*$/.test(under) &&
      under.trim().length >= 3
    ) {
      const s = SETEXT_VERSION.exec(line.trim());
      if (s) {
        cur = { version: s[1], lines: [] };
        out.push(cur);
        i++;
        continue;
      }
    }
    cur?.lines.push(line);
  }
  return out;
}

/** The entries of one section: each bullet with its continuation lines, and each paragraph. */
function entriesOf(section: Section, majorBreak: boolean): NoteEntry[] {
  const out: NoteEntry[] = [];
  let heading = '';
  let buf: string[] = [];
  let inFence = false;
  const flush = (): void => {
    const text = buf.join('\n').trim();
    buf = [];
    if (text === '' || /^\(released in [\d.]+\)$/i.test(text) || /^\[[^\]]+\]:\s/.test(text)) return;
    const clipped = text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}…` : text;
    const breaking = BREAKING.test(text) || BREAKING_HEADING.test(heading);
    out.push({
      version: section.version,
      text: clipped.replace(/^[-*+]\s+/, ''),
      breaking: breaking || (majorBreak && /\bchanged?\b/i.test(heading)),
      deprecation: DEPRECATION.test(text) || /deprecat/i.test(heading)
    });
  };
  for (const line of section.lines) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (!inFence && /^#{2,6}\s+\S/.test(line)) {
      flush();
      heading = line.replace(/^#+\s+/, '');
      continue;
    }
    if (!inFence && /^[-*+]\s+/.test(line)) flush();
    if (!inFence && line.trim() === '' && !buf.some(l => /^[-*+]\s/.test(l))) flush();
    if (!inFence && /^<!--/.test(line.trim())) continue;
    buf.push(line);
  }
  flush();
  return out;
}

/**
 * The entries of the versions after `from` (exclusive) up to `to` (inclusive): breaking ones first,
 * then deprecations, then the rest, each group oldest version first. At most MAX_ENTRIES.
 */
export function changelogEntries(text: string, from: string, to: string): NoteEntry[] {
  const all: NoteEntry[] = [];
  for (const s of sections(text)) {
    if (!inRange(s.version, from, to)) continue;
    // A pre-release section (`6.0.0-0`) that only says "(Released in 6.0.0)" adds nothing.
    all.push(...entriesOf(s, isMajorBump(from, s.version)));
    if (all.length > MAX_ENTRIES * 4) break;
  }
  return orderEntries(all);
}

/** Breaking first, then deprecations, then the rest; oldest version first within each; capped. */
export function orderEntries(entries: NoteEntry[]): NoteEntry[] {
  const rank = (e: NoteEntry): number => (e.breaking ? 0 : e.deprecation ? 1 : 2);
  return [...entries]
    .sort((a, b) => rank(a) - rank(b) || (compareVersions(a.version, b.version) ?? 0))
    .slice(0, MAX_ENTRIES);
}

/** One GitHub release as the notes use it. */
export interface Release {
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
}

/** The version a release tag names (`v1.2.0`, `1.2.0`, `pkg@1.2.0`, `pkg-v1.2.0`), if one. */
export function tagVersion(tag: string, pkg?: string): string | undefined {
  const short = pkg?.split('/').pop();
  // A monorepo's tag for another package is not ours.
  const other = /^(@?[\w.-]+(?:\/[\w.-]+)?)[@-]v?\d/.exec(tag);
  if (other && pkg && other[1] !== pkg && other[1] !== short && !/^v$/i.test(other[1])) return undefined;
  return /v?(\d+\.\d+(?:\.\d+)?(?:[-.+]?[0-9A-Za-z][0-9A-Za-z.-]*)?)$/.exec(tag)?.[1];
}

/** Release bodies -> entries between the versions (drafts left out), ordered as changelogEntries. */
export function releaseEntries(
  releases: readonly Release[],
  from: string,
  to: string,
  pkg?: string
): NoteEntry[] {
  const all: NoteEntry[] = [];
  for (const r of releases) {
    if (r.draft) continue;
    const version = tagVersion(r.tagName, pkg);
    if (!version || !inRange(version, from, to)) continue;
    all.push(...entriesOf({ version, lines: (r.body ?? '').split(/\r?\n/) }, isMajorBump(from, version)));
  }
  return orderEntries(all);
}

/** The notes as DependencyChange carries them: `version: text`. */
export function noteTexts(entries: readonly NoteEntry[]): string[] {
  return entries.map(e => `${e.version}${e.breaking ? ' (breaking)' : ''}: ${e.text}`);
}
