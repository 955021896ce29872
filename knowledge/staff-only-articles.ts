/**
 * Articles about running the legal aid service itself (knowledge/staff-only-articles.yaml): cited to
 * a citizen only when the question is about them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { nfc } from '../lib/text.ts';

const fileSchema = z.object({
  format: z.literal('tgpl-staff-only-articles/1'),
  checked: z.union([z.string(), z.date()]),
  documents: z.array(z.object({ document: z.string().min(1), articles: z.array(z.union([z.string(), z.number()]).transform(String)).min(1) })),
});

const FILE = new URL('./staff-only-articles.yaml', import.meta.url);

const STAFF_ONLY = (() => {
  const parsed = fileSchema.safeParse(parse(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`staff-only-articles.yaml: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return new Set(parsed.data.documents.flatMap((d) => d.articles.map((a) => `${nfc(d.document)}#${a}`)));
})();

/** Whether an article is about running the service (not cited to citizens unless asked about). */
export function staffOnly(ref: { document: string; article: string }): boolean {
  return STAFF_ONLY.has(`${nfc(ref.document)}#${ref.article}`);
}
