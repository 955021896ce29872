/** The FAQ format (tgpl-faq/1): curated questions and answers, each answer citing its articles. */
import { z } from 'zod';

export const faqCitationSchema = z.object({ document: z.string(), article: z.union([z.string(), z.number()]).transform(String) });

export const faqEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/u, 'ids are lower-case words joined by "-"'),
  question: z.string().min(5),
  alternatives: z.array(z.string()).default([]),
  answer: z.string().min(10),
  citations: z.array(faqCitationSchema).min(1, 'every answer cites at least one article'),
});

export const faqFileSchema = z.object({
  format: z.literal('tgpl-faq/1'),
  reviewed: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  entries: z.array(faqEntrySchema).min(1),
});

export type FaqEntry = z.infer<typeof faqEntrySchema>;
export type FaqCitation = z.infer<typeof faqCitationSchema>;
