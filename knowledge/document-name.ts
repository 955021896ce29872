/** A readable name for a document number (document-names.yaml, else by the kind in its number). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const names = parse(readFileSync(new URL('./document-names.yaml', import.meta.url), 'utf8')) as Record<string, string>;

const KINDS: Array<[RegExp, string]> = [
  [/\/QH\d+$/u, 'Luật số'],
  [/\/NĐ-CP$/u, 'Nghị định'],
  [/\/TTLT-/u, 'Thông tư liên tịch'],
  [/\/TT-/u, 'Thông tư'],
  [/\/QĐ-/u, 'Quyết định'],
  [/\/KH-/u, 'Kế hoạch'],
  [/\/NQ-/u, 'Nghị quyết'],
];

export function documentName(document: string): string {
  const known = names[document];
  if (known) return known;
  const kind = KINDS.find(([pattern]) => pattern.test(document));
  return kind ? `${kind[1]} ${document}` : document;
}
