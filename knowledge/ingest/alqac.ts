/**
 * The ALQAC article JSON: {"<law name>@<article>": "<title>\n\n<text>"}. One article is one
 * passage (split by khoản when long); the law's name stands as its document.
 */
import type { Passage } from '../passage.ts';
import { splitByClause } from './split-clauses.ts';

/** Whether parsed JSON looks like an ALQAC article map. */
export function isAlqac(data: unknown): data is Record<string, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const entries = Object.entries(data).slice(0, 5);
  return entries.length > 0 && entries.every(([k, v]) => k.includes('@') && typeof v === 'string');
}

export async function alqacPassages(data: Record<string, string>, source: string, maxChars: number): Promise<Passage[]> {
  const passages: Passage[] = [];
  for (const [key, value] of Object.entries(data)) {
    const at = key.lastIndexOf('@');
    const law = key.slice(0, at).normalize('NFC').trim();
    const article = key.slice(at + 1).trim();
    const body = value.normalize('NFC');
    const split = body.indexOf('\n\n');
    const title = split > 0 && split < 300 ? body.slice(0, split).trim() : '';
    const text = split > 0 && split < 300 ? body.slice(split + 2).trim() : body.trim();
    for (const part of await splitByClause(text, maxChars)) {
      passages.push({
        id: `${source}#${law}@${article}${part.clause ? `.k${part.clause}` : ''}`,
        kind: 'law',
        document: law,
        documentName: law,
        article,
        title,
        text: part.text,
        source,
        clause: part.clause,
      });
    }
  }
  return passages;
}
