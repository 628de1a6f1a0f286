/** Builders of run-log archives shaped the way GitHub serves them, for the triage tests. */
import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';

/** One step of a job: its name and the lines it printed. */
export interface StepSpec {
  name: string;
  /** The `##[group]Run ...` title; defaults to `Run <name>`. */
  title?: string;
  output: string[];
  /** Writes `##[error]Process completed with exit code N.` after the output. */
  exitCode?: number;
}

/** A job log the way the runner writes it: timestamped lines, a group per step, post steps. */
export function jobLog(
  steps: StepSpec[],
  opts: { crlf?: boolean; start?: number } = {}
): { text: string; stepLines: string[][] } {
  let t = opts.start ?? Date.UTC(2024, 0, 2, 3, 4, 5);
  const ts = (): string => `${new Date((t += 137)).toISOString().replace('Z', '0000Z')} `;
  const setup = [
    "Current runner version: '2.311.0'",
    '##[group]Operating System',
    'Ubuntu',
    '22.04.3',
    '##[endgroup]'
  ];
  const stepLines: string[][] = [setup.map(l => ts() + l)];
  for (const s of steps) {
    const lines = [
      `##[group]${s.title ?? `Run ${s.name}`}`,
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
      ...s.output
    ];
    if (s.exitCode !== undefined && s.exitCode !== 0)
      lines.push(`##[error]Process completed with exit code ${s.exitCode}.`);
    stepLines.push(lines.map(l => ts() + l));
  }
  stepLines.push(
    ['Post job cleanup.', '[command]/usr/bin/git version', 'git version 2.43.0'].map(l => ts() + l)
  );
  stepLines.push([`${ts()}Cleaning up orphan processes`]);
  const eol = opts.crlf ? '\r\n' : '\n';
  return { text: stepLines.flat().join(eol) + eol, stepLines };
}

/** A zip entry: stored data (deflated by the builder) or raw deflated bytes with declared sizes. */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer;
  raw?: { compressed: Buffer; size: number; crc: number };
}

/** Writes a zip archive (deflate, no zip64) byte by byte, so tests can also make broken ones. */
export function makeZip(entries: ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const isDir = e.name.endsWith('/');
    const compressed = e.raw
      ? e.raw.compressed
      : isDir
        ? Buffer.alloc(0)
        : deflateRawSync(e.data ?? Buffer.alloc(0));
    const size = e.raw ? e.raw.size : (e.data?.length ?? 0);
    const crc = e.raw ? e.raw.crc : zlibCrc32(e.data ?? Buffer.alloc(0));
    const method = isDir ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, compressed);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(compressed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + compressed.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

/** Archive entries for jobs: `N_<job>.txt` plus `<job>/N_<step>.txt` (steps numbered from 1). */
export function runArchive(jobs: { name: string; steps: StepSpec[]; stepFiles?: boolean }[]): ZipEntrySpec[] {
  const out: ZipEntrySpec[] = [];
  jobs.forEach((j, i) => {
    const { text, stepLines } = jobLog(j.steps);
    out.push({ name: `${i + 1}_${j.name}.txt`, data: Buffer.from(text) });
    if (j.stepFiles !== false) {
      out.push({ name: `${j.name}/` });
      const names = ['Set up job', ...j.steps.map(s => s.name), 'Post job cleanup', 'Complete job'];
      stepLines.forEach((lines, k) => {
        const stepName = names[k] === 'Post job cleanup' ? `Post ${j.steps[0]?.name ?? 'step'}` : names[k];
        out.push({
          name: `${j.name}/${k + 1}_${stepName.replace(/[/:]/g, '')}.txt`,
          data: Buffer.from(lines.join('\n') + '\n')
        });
      });
    }
  });
  return out;
}

/** A fixture (real tool output) normalized into lines, as the extractors see it. */
export async function fixtureLines(name: string): Promise<import('../../src/triage/normalize.js').LogLine[]> {
  const { readFileSync } = await import('node:fs');
  const { normalizeText } = await import('../../src/triage/normalize.js');
  const url = new URL(`./fixtures/${name}`, import.meta.url);
  return normalizeText(readFileSync(url, 'utf8'));
}

/** Found failures without their evidence positions. */
export function plain<T extends { start: number; end: number; focus?: number; more?: unknown }>(
  found: T[]
): Omit<T, 'start' | 'end' | 'focus' | 'more'>[] {
  return found.map(({ start: _s, end: _e, focus: _f, more: _m, ...rest }) => rest);
}
