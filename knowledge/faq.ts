/** The FAQ format (tgpl-faq/1): curated questions and answers, each answer citing its articles. */
import { z } from 'zod';

const numberish = z.union([z.string(), z.number()]).transform(String);

/** An article an answer rests on; `clause` (khoản) and `point` (điểm) when the answer rests on one part. */
export const faqCitationSchema = z.object({ document: z.string(), article: numberish, clause: numberish.optional(), point: z.string().optional() });

export const faqEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/u, 'ids are lower-case words joined by "-"'),
  question: z.string().min(5),
  alternatives: z.array(z.string()).default([]),
  answer: z.string().min(10),
  citations: z.array(faqCitationSchema).min(1, 'every answer cites at least one article'),
  /** The question's field (knowledge/field-sources.yaml). */
  field: z.string().optional(),
  /** Amending laws not in the corpus that the answer follows ("53/2024/QH15 Điều 61"). */
  amended_by: z.array(z.string()).optional(),
  /** The date the cited Pháp điển text is consolidated to, when the answer rests on such a text. */
  consolidated_to: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)).optional(),
});

export const faqFileSchema = z.object({
  format: z.literal('tgpl-faq/1'),
  reviewed: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  entries: z.array(faqEntrySchema).min(1),
});

export type FaqEntry = z.infer<typeof faqEntrySchema>;
export type FaqCitation = z.infer<typeof faqCitationSchema>;
