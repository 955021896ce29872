/**
 * Cuts a long text into messages under a platform's length limit, at paragraph, then line, then
 * sentence, then word boundaries, so a long legal answer reads naturally across messages.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut =
      lastBreak(window, '\n\n', limit) ??
      lastBreak(window, '\n', limit) ??
      lastSentenceEnd(window, limit) ??
      lastBreak(window, ' ', limit) ??
      safeCut(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** The position just after the last `sep` in the second half of the window. */
function lastBreak(window: string, sep: string, limit: number): number | undefined {
  const i = window.lastIndexOf(sep);
  return i >= limit / 2 ? i + sep.length : undefined;
}

function lastSentenceEnd(window: string, limit: number): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(/[.!?…;](?=\s)/gu)) if (m.index! >= limit / 2) best = m.index! + 1;
  return best;
}

/** `limit`, or one less when that would split an emoji's surrogate pair. */
function safeCut(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
