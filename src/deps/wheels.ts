/**
 * Release notes from a wheel in a local package index: a requirements file's `--find-links DIR`
 * (`-f DIR`) names a folder of the tree holding `<name>-<version>-<tags>.whl`, as a project that
 * installs without the internet does. The wheel is a zip from the repository: it is read through
 * `src/fs` (no link followed, size capped) and only its `*.dist-info/METADATA` (or a changelog file
 * beside it) is inflated, with a hard cap on the inflated size (a zip bomb stops at the cap).
 */
import AdmZip from 'adm-zip';
import { inflateRawSync } from 'node:zlib';
import { listTreeDir, normalizeRelative, readTreeBytes, UnsafePathError } from '../fs/index.js';
import { pyName } from './manifests.js';

/** Largest wheel opened; a bigger one is skipped with a note. */
export const MAX_WHEEL_BYTES = 64 * 1024 * 1024;
/** Largest METADATA or changelog inflated from a wheel. */
export const MAX_WHEEL_TEXT_BYTES = 2 * 1024 * 1024;

const CHANGELOG_FILE = /^(?:changelog|changes|history|news)(?:\.(?:md|markdown|rst|txt))?$/i;

/**
 * The tree folders a requirements file's `--find-links`/`-f` options name, relative to the tree
 * root (a path relative to the file's folder, as pip reads it, and as given from the root); URLs
 * and paths outside the tree are left out.
 */
export function findLinksDirs(file: string, text: string): string[] {
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const m = /^(?:--find-links(?:\s*=\s*|\s+)|-f\s*)(\S+)$/.exec(line);
    if (!m || /^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue;
    for (const candidate of [folder ? `${folder}/${m[1]}` : m[1], m[1]]) {
      try {
        const dir = normalizeRelative(candidate.replace(/\/+$/, ''));
        if (dir && dir !== '.' && !out.includes(dir)) out.push(dir);
      } catch {
        // Absolute or outside the tree: not read.
      }
    }
  }
  return out;
}

/** `name-version(-build)?-py-abi-platform.whl` -> its distribution and version, or undefined. */
export function wheelNameVersion(file: string): { name: string; version: string } | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._]*)-([0-9][^-]*)-(?:\d[^-]*-)?[^-]+-[^-]+-[^-]+\.whl$/.exec(file);
  return m ? { name: m[1], version: m[2] } : undefined;
}

/** One entry's text, inflated to at most MAX_WHEEL_TEXT_BYTES (undefined when larger or unreadable). */
function entryText(entry: AdmZip.IZipEntry): string | undefined {
  const method = entry.header.method;
  if (entry.header.size > MAX_WHEEL_TEXT_BYTES) return undefined;
  const raw = entry.getCompressedData();
  if (method === 0) return raw.length <= MAX_WHEEL_TEXT_BYTES ? raw.toString('utf8') : undefined;
  if (method !== 8) return undefined;
  // The declared size is the zip's to lie about: the inflation itself stops at the cap.
  return inflateRawSync(raw, { maxOutputLength: MAX_WHEEL_TEXT_BYTES }).toString('utf8');
}

/** What a wheel says about its release: METADATA and a changelog file in its .dist-info, if any. */
export interface WheelTexts {
  path: string;
  metadata?: string;
  changelog?: { path: string; text: string };
}

/**
 * The wheel of `name` at `version` in one of `dirs` (tree-relative), read link-safe; undefined when
 * there is none. What could not be read is said in `skipped`.
 */
export async function wheelTexts(
  tree: string,
  dirs: readonly string[],
  name: string,
  version: string,
  skipped: string[]
): Promise<WheelTexts | undefined> {
  const want = pyName(name);
  for (const dir of dirs) {
    let list: { name: string; kind: string }[];
    try {
      list = await listTreeDir(tree, dir);
    } catch (error) {
      if (error instanceof UnsafePathError) skipped.push(`${dir}: ${error.message}`);
      continue;
    }
    for (const e of list) {
      const w = wheelNameVersion(e.name);
      if (!w || pyName(w.name) !== want || w.version !== version) continue;
      const rel = `${dir}/${e.name}`;
      if (e.kind !== 'file') {
        skipped.push(`${rel}: a ${e.kind === 'link' ? 'symbolic link' : e.kind}, not read`);
        continue;
      }
      try {
        const bytes = await readTreeBytes(tree, rel, MAX_WHEEL_BYTES);
        if (bytes === null) continue;
        const zip = new AdmZip(bytes);
        const out: WheelTexts = { path: rel };
        for (const entry of zip.getEntries()) {
          const parts = entry.entryName.split('/');
          if (parts.length !== 2 || !/\.dist-info$/.test(parts[0]) || entry.isDirectory) continue;
          if (parts[1] === 'METADATA') out.metadata = entryText(entry);
          else if (CHANGELOG_FILE.test(parts[1]) && !out.changelog) {
            const text = entryText(entry);
            if (text !== undefined) out.changelog = { path: `${rel}/${entry.entryName}`, text };
          }
        }
        return out;
      } catch (error) {
        skipped.push(`${rel}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }
  return undefined;
}
