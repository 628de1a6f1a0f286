/**
 * A stable fingerprint of a failure: the same across re-runs (timestamps, ids, temp paths,
 * durations, addresses and ports are masked), different for different failures.
 */
import { createHash } from 'node:crypto';
import type { Failure, Triage } from '../types.js';

/** Masks what changes between re-runs of the same failure. */
export function stabilize(s: string): string {
  return s
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<ts>')
    .replace(/\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<addr>')
    .replace(
      /(?:\/tmp|\/var\/folders|\/private\/var\/folders|\/home\/runner\/work\/_temp|[A-Z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|\/Users\/runner\/work\/_temp|D:\\a\\_temp)[/\\][^\s'":)]*/g,
      '<tmp>'
    )
    .replace(/(?:\/home\/runner\/work|\/Users\/runner\/work|[A-Z]:\\a)[/\\][^/\\\s]+[/\\][^/\\\s]+[/\\]/g, '')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b(localhost|\[::1?\]):\d{2,5}\b/g, '$1:<port>')
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/g, '<dur>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>')
    .replace(/\b\d{5,}\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

function failureKey(f: Failure): string {
  return [f.tool, f.errorType ?? '', stabilize(f.file ?? ''), f.testName ?? '', stabilize(f.message)].join(
    '|'
  );
}

/** Short stable hex (16 chars of sha256) over category, job, step and the failures (or the chunk). */
export function fingerprint(t: Pick<Triage, 'category' | 'failures' | 'chunk' | 'job' | 'step'>): string {
  const parts = [t.category, stabilize(t.job), stabilize(t.step)];
  if (t.failures.length > 0) {
    parts.push(...[...new Set(t.failures.map(failureKey))].sort());
  } else {
    parts.push(
      ...t.chunk.text
        .split('\n')
        .map(stabilize)
        .filter(l => l !== '')
    );
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}
