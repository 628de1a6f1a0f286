/** Rough token estimate (~4 characters per token), enough to keep prompts inside a budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Keeps the last `maxTokens` worth of text (the end of a log says why it failed). */
export function tailToTokens(text: string, maxTokens: number): string {
  const maxChars = Math.max(0, maxTokens * 4);
  if (text.length <= maxChars) return text;
  const cut = text.slice(text.length - maxChars);
  const nl = cut.indexOf('\n');
  return `[… ${text.length - cut.length + (nl > 0 ? nl + 1 : 0)} earlier characters cut …]\n${nl > 0 ? cut.slice(nl + 1) : cut}`;
}
