/**
 * Terminal escapes in captured output: CI logs and tool output are often coloured (FORCE_COLOR,
 * a TTY, GitHub's runner), and every parser of that output must see the plain text.
 */

// CSI sequences, OSC sequences (terminated by BEL or ST), and the other escapes of ECMA-35/48:
// ESC, any intermediate bytes, one final byte (`ESC =` keypad mode, `ESC ( B` charset, `ESC M`).
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;

/** The text without terminal escape sequences (cheap when there are none). */
export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') >= 0 ? s.replace(ANSI, '') : s;
}
