import type { Failure } from '../../types.js';
import type { LogLine } from '../normalize.js';

/** A failure with the lines (indices into the analysed lines, inclusive) that show it. */
export interface Found extends Failure {
  start: number;
  end: number;
  /** More lines that show the same failure elsewhere (a summary line far below its report). */
  more?: { start: number; end: number }[];
  /** The line that says most (the exception of a long report); a chunk cut from a long report keeps it. */
  focus?: number;
}

/** One tool's parser: reads normalized lines, returns the failures it recognises. */
export interface Extractor {
  tool: string;
  /** Cheap test on the whole text's lines before the full parse (most logs skip most extractors). */
  extract(lines: LogLine[]): Found[];
}

/** A Python-style exception line `Name: message` (dotted names allowed). */
export const EXC_LINE =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure|Iteration|Fault)|[A-Z][a-zA-Z]*Error|AssertionError)(?:: (.*))?$/;

/** Splits `Type: message` when the prefix looks like an exception or error name. */
export function splitTyped(s: string): { errorType?: string; message: string } {
  const m =
    /^((?:[A-Za-z_][\w.$]*)?(?:Error|Exception|Exit|Interrupt|Warning|Failure|Fault))(?: \[\w+\])?: ([\s\S]*)$/.exec(
      s
    );
  if (m) return { errorType: m[1], message: m[2] };
  return { message: s };
}

/** Drops undefined fields so failures compare and serialise cleanly. */
export function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
