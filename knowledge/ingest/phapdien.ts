/**
 * The Pháp điển JSON export: records with pd_id, heading, title, text, src_doc_no, src_article.
 * One article is one passage; an article longer than `maxChars` is split by khoản, each part
 * keeping the article in its citation.
 */
import { z } from 'zod';
import { documentName } from '../document-name.ts';
import type { Passage } from '../passage.ts';
import { splitByClause } from './split-clauses.ts';

const recordSchema = z.object({
  pd_id: z.string(),
  heading: z.string().optional(),
  title: z.string().default(''),
  text: z.string(),
  src_article: z.union([z.string(), z.number()]).transform(String),
  src_doc_no: z.string(),
  source_note: z.string().optional(),
});

/**
 * The names of attached files the export glues to the end of a sentence ("…(Mẫu số 13-TP-TGPL).1. Mau
 * 01_So vu viec_01-TP-TGPL.xls10. Mau 10_…doc", "…Thông tư này.Phụ lục 1.docxPhụ lục 2.docx"): from a
 * character right after "." or ")" with no space, to the last file extension of the line.
 */
const ATTACHED_FILES = /(?<=[.)])(?=\S)[^\n]*\.(?:docx|doc|xlsx|xls|pdf)(?=\s|$)/gu;

/** A text without the attached files' names scraped into it. */
export function withoutAttachedFiles(text: string): string {
  return text.replace(ATTACHED_FILES, '').replace(/[ \t]+$/gmu, '');
}

/** Whether parsed JSON looks like a Pháp điển export. */
export function isPhapDien(data: unknown): data is unknown[] {
  return Array.isArray(data) && data.length > 0 && typeof data[0] === 'object' && data[0] !== null && 'pd_id' in data[0] && 'src_doc_no' in data[0];
}

export async function phapDienPassages(data: unknown[], source: string, maxChars: number): Promise<Passage[]> {
  const passages: Passage[] = [];
  for (const [i, raw] of data.entries()) {
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${source}: record ${i + 1}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    const r = parsed.data;
    const base = {
      kind: 'law' as const,
      document: r.src_doc_no.normalize('NFC'),
      documentName: documentName(r.src_doc_no.normalize('NFC')),
      article: r.src_article,
      title: withoutAttachedFiles(r.title.normalize('NFC')),
      source,
    };
    for (const part of await splitByClause(withoutAttachedFiles(r.text.normalize('NFC')), maxChars)) {
      passages.push({ ...base, id: `${source}#${r.pd_id}${part.clause ? `.k${part.clause}` : ''}`, text: part.text, clause: part.clause });
    }
  }
  return passages;
}
