/**
 * What the index knows of each document's standing (knowledge/document-status.yaml): a weight that
 * lowers texts older than the law in force, and the date a Pháp điển topic is consolidated to.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const isoDay = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
const fileSchema = z.object({
  format: z.literal('tgpl-document-status/1'),
  documents: z.array(
    z.object({
      document: z.string(),
      status: z.enum(['in_force', 'predates', 'expired', 'superseded', 'copy']),
      weight: z.number().min(0).max(1),
      /** For a copy: the document it is the same text of, under the name the index gives that one. */
      same_as: z.string().optional(),
      note: z.string(),
      source: z.string(),
    }),
  ),
  sources: z.array(z.object({ file: z.string(), topic: z.string(), consolidated_to: isoDay.nullable(), note: z.string().optional() })),
});

const data = fileSchema.parse(parse(readFileSync(new URL('./document-status.yaml', import.meta.url), 'utf8')));
const weights = new Map(data.documents.map((d) => [d.document.normalize('NFC'), d.weight]));
const copies = new Map(data.documents.filter((d) => d.same_as).map((d) => [d.document.normalize('NFC'), d.same_as!.normalize('NFC')]));

/**
 * The name one text goes by when the corpus holds it twice (the ALQAC copy of a law and its Pháp
 * điển text): an article of either is the same article.
 */
export function canonicalDocument(document: string): string {
  return copies.get(document) ?? document;
}

/** How much a document's passages count (1 unless the document predates or is superseded). */
export function documentWeight(document: string): number {
  return weights.get(document) ?? 1;
}

/** The Pháp điển topic a passage's file belongs to, with its consolidation date, if known. */
export function consolidationOf(source: string): { topic: string; consolidatedTo: string | null } | undefined {
  const file = source.split('/').pop() ?? source;
  const s = data.sources.find((x) => x.file === file);
  return s ? { topic: s.topic, consolidatedTo: s.consolidated_to } : undefined;
}
