/**
 * Markdown helpers for untrusted text (log lines, model answers, file names): they can carry
 * Markdown, HTML, @mentions and fences of their own. Multi-line text is fenced with a fence longer
 * than any run of backticks inside it; one-line text is escaped and its mentions neutralised.
 */

/** GitHub refuses bodies above 65536 characters; keep a margin. */
export const MAX_BODY = 65000;

const ZWSP = '\u200b';

/** `@user` / `@org/team` no longer ping: a zero-width space goes after the `@`. */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}

/** One line of untrusted text, safe inline: no HTML, no links or images, no mentions, no line breaks. */
export function inline(text: string): string {
  const oneLine = text.replace(/\r?\n|\r/g, ' ').trim();
  const escaped = oneLine
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Only what could make a link or image, a code span, or break a table; emphasis is harmless
    // and leaving it raw keeps identifiers like round_money searchable in the text.
    .replace(/([\\`[\]|])/g, '\\$1');
  return neutralizeMentions(escaped);
}

/** Untrusted text as an inline code span (backtick fence chosen to fit). */
export function code(text: string): string {
  const oneLine = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map(m => m.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine === '' ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/**
 * A fenced block whose fence cannot be closed by the content: longer than the longest backtick
 * run in it (at least three). Content inside a fence renders no Markdown, HTML or mentions.
 */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map(m => m.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return `${ticks}${lang.replace(/[^\w+-]/g, '')}\n${body}\n${ticks}`;
}

/** Keeps the first and last parts of a long text, saying how much was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.4);
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${cut} characters cut] …\n${text.slice(text.length - tail)}`;
}

/** Keeps the last `max` characters (output tails end with the error). */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `… [${text.length - max} characters cut] …\n${text.slice(text.length - max)}`;
}

/** Lines prefixed with their 1-based number in the source file. */
export function numberLines(text: string, firstLine: number): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((l, i) => `${String(firstLine + i).padStart(width)} | ${l}`).join('\n');
}

/** A Markdown table of safe cells (each cell is escaped with inline unless already escaped). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(c => c.replace(/\r?\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A collapsible section. */
export function details(summary: string, body: string): string {
  return `<details>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** A confidence 0..1 as a percentage. */
export function percent(value: number): string {
  return `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
}
