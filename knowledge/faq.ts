/** The FAQ format (tgpl-faq/1): curated questions and answers, each answer citing its articles. */
import { z } from 'zod';
import { CRIMINAL_ROLES, HOUSEHOLD_STATUSES } from '../intake/eligibility/facts.ts';

const numberish = z.union([z.string(), z.number()]).transform(String);

/** An article an answer rests on; `clause` (khoản) and `point` (điểm) when the answer rests on one part. */
export const faqCitationSchema = z.object({ document: z.string(), article: numberish, clause: numberish.optional(), point: z.string().optional() });

/**
 * The facts of the person an entry is about ("hộ nghèo", "từ đủ 16 đến dưới 18 tuổi", "bị hại"), in
 * the eligibility facts' own terms (intake/eligibility/facts.ts). A question that states the same fact
 * is nearer the entry; one that states another ("không có sổ hộ nghèo", "68 tuổi" for a child's
 * entry) is farther: the words alone would match both.
 */
export const faqAboutSchema = z.strictObject({
  age: z.strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).optional(),
  household: z.enum(HOUSEHOLD_STATUSES).optional(),
  criminalRole: z.enum(CRIMINAL_ROLES).optional(),
  meritorious: z.boolean().optional(),
  martyrFamily: z.boolean().optional(),
  agentOrange: z.boolean().optional(),
  disability: z.boolean().optional(),
  domesticViolenceVictim: z.boolean().optional(),
  traffickingVictim: z.boolean().optional(),
  hiv: z.boolean().optional(),
  ethnicMinority: z.boolean().optional(),
  monthlySocialAllowance: z.boolean().optional(),
});
export type FaqAbout = z.infer<typeof faqAboutSchema>;

export const faqEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/u, 'ids are lower-case words joined by "-"'),
  question: z.string().min(5),
  alternatives: z.array(z.string()).default([]),
  answer: z.string().min(10),
  citations: z.array(faqCitationSchema).min(1, 'every answer cites at least one article'),
  /** The question's field (knowledge/field-sources.yaml). */
  field: z.string().optional(),
  /** Whom the entry is about, when it is about a group of people. */
  about: faqAboutSchema.optional(),
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
