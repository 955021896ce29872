/**
 * Splits a long law article into its khoản ("1. …", "2. …" at the start of a line), keeping any
 * lead-in text with the first. A khoản still too long is cut by LangChain's recursive splitter.
 */
import { splitLongText } from './split-long-text.ts';

export interface ArticlePart {
  /** The khoản number, or empty when the article was kept whole. */
  clause: string;
  text: string;
}

export async function splitByClause(text: string, maxChars: number): Promise<ArticlePart[]> {
  if (text.length <= maxChars) return [{ clause: '', text }];
  const lines = text.split('\n');
  const parts: ArticlePart[] = [];
  let current: ArticlePart = { clause: '', text: '' };
  for (const line of lines) {
    const m = /^(\d{1,2})\.\s/u.exec(line.trim());
    if (m && current.clause !== '') {
      parts.push(current);
      current = { clause: m[1]!, text: line };
    } else {
      if (m) current.clause = m[1]!;
      current.text = current.text ? `${current.text}\n${line}` : line;
    }
  }
  if (current.text.trim() !== '') parts.push(current);
  if (parts.length <= 1) return (await splitLongText(text, maxChars)).map((t) => ({ clause: '', text: t }));
  const out: ArticlePart[] = [];
  for (const p of parts) {
    if (p.text.length <= maxChars) out.push(p);
    else for (const t of await splitLongText(p.text, maxChars)) out.push({ clause: p.clause, text: t });
  }
  return out;
}
