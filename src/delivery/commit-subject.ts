/** The subject line of a commit Nightwatch makes: one line, at most `max` characters, cut between words. */
export function commitSubject(text: string, max = 72): string {
  // One line: a root cause may hold newlines and runs of spaces (it quotes tool output).
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const room = max - 1; // for the ellipsis
  const head = line.slice(0, room + 1);
  const space = head.lastIndexOf(' ');
  // A single word longer than the line is cut where it must be.
  const cut = space > 0 ? line.slice(0, space) : line.slice(0, room);
  const trimmed = cut.replace(/[\s,;:.(-]+$/, '');
  return `${trimmed || line.slice(0, room)}…`;
}
