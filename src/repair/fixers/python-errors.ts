/** One Python exception found in test output, with the innermost frame that raised it. */
export interface PyError {
  errorType: string;
  message: string;
  /** File as printed (relative or absolute). */
  file: string;
  line: number;
  /** Name from `Did you mean: 'x'?`, when Python printed one. */
  suggestion?: string;
  /** Module from `Did you forget to import 'x'?` (Python 3.12+), when printed. */
  forgotImport?: string;
}

const ERROR_LINE = /^(?:E\s+|\s*)([A-Z][A-Za-z]*(?:Error|Exception)): (.*)$/;
const PLAIN_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PYTEST_SHORT_FRAME = /^(\S[^:\n]*\.py):(\d+): in /;
const PYTEST_LONG_LOC = /^(\S[^:\n]*\.py):(\d+): ([A-Z][A-Za-z]*(?:Error|Exception))\s*$/;
const DID_YOU_MEAN = /\. Did you mean: '([A-Za-z_][A-Za-z0-9_]*)'\?\s*$/;
const FORGOT_IMPORT = /\. Did you forget to import '([A-Za-z_][\w.]*)'\?\s*$/;

/**
 * Finds Python exceptions in pytest (long and short tracebacks) or plain traceback output. The
 * location is the innermost frame: pytest's `path.py:N: ErrorType` line after the `E` lines, or the
 * last `File "…", line N` / `path.py:N: in …` frame before the message.
 */
export function parsePythonErrors(output: string): PyError[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const out: PyError[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = ERROR_LINE.exec(lines[i]);
    if (!m) continue;
    const errorType = m[1];
    let message = m[2].trim();
    let loc: { file: string; line: number } | undefined;
    // pytest long form: the location line follows the E lines (and a blank line).
    for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
      const l = PYTEST_LONG_LOC.exec(lines[j]);
      if (l && l[3] === errorType) {
        loc = { file: l[1], line: Number(l[2]) };
        break;
      }
      if (lines[j].startsWith('E ')) continue;
      if (lines[j].trim() !== '') break;
    }
    if (!loc) {
      // Plain or short traceback: the last frame before the message, within this traceback.
      for (let j = i - 1; j >= Math.max(0, i - 8); j--) {
        const f = PLAIN_FRAME.exec(lines[j]) ?? PYTEST_SHORT_FRAME.exec(lines[j]);
        if (f) {
          loc = { file: f[1], line: Number(f[2]) };
          break;
        }
      }
    }
    if (!loc) continue;
    const dym = DID_YOU_MEAN.exec(message);
    let suggestion: string | undefined;
    if (dym) {
      suggestion = dym[1];
      message = message.slice(0, dym.index);
    }
    const forgot = FORGOT_IMPORT.exec(message);
    if (forgot) message = message.slice(0, forgot.index);
    const key = `${errorType}|${message}|${loc.file}|${loc.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      errorType,
      message,
      file: loc.file,
      line: loc.line,
      ...(suggestion ? { suggestion } : {}),
      ...(forgot ? { forgotImport: forgot[1] } : {})
    });
  }
  return out;
}
