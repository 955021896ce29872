/**
 * The eligibility rules as data: the groups of Điều 7 (groups.yaml) and the financial test
 * (financial-difficulty.yaml), each with its dates and legal source.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadParameter, type Parameter } from '../../lib/parameters.ts';
import { conditionSchema, type Condition } from './condition.ts';

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(text)) ctx.addIssue({ code: 'custom', message: 'dates are YYYY-MM-DD' });
  return text;
});

export const groupSchema = z.strictObject({
  clause: z.string().regex(/^7\.(\d|6a|7[a-h]|7dd)$/u, 'clause codes look like 7.1, 7.6a, 7.7dd'),
  label: z.string(),
  plain: z.string().optional(),
  when: z.array(conditionSchema).min(1),
  financialTest: z.boolean(),
  from: isoDate,
  until: isoDate.nullable(),
  citation: z.string(),
  source: z.strictObject({
    document: z.string(),
    article: z.string(),
    clause: z.string(),
    point: z.string().optional(),
    amendedBy: z.string().optional(),
    repealedBy: z.string().optional(),
  }),
  documents: z.array(z.string()).min(1),
  documentsSource: z.string(),
});

export type EligibilityGroup = z.infer<typeof groupSchema>;

export interface EligibilityRules {
  groups: EligibilityGroup[];
  financialDifficulty: Parameter<Condition>;
  /** Papers proving financial difficulty, and where that list comes from. */
  financialProof: { items: string[]; source: string };
  /** The financial test not met, in plain words. */
  financialUnmet: string;
  /** The first day any rule holds (the law's entry into force). */
  firstDay: string;
}

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

export function loadEligibilityRules(
  groupsFile = here('groups.yaml'),
  financialFile = here('financial-difficulty.yaml'),
): EligibilityRules {
  const parsed = z.array(groupSchema).min(1).safeParse(parse(readFileSync(groupsFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${groupsFile}: entry ${issue.path.join('.')}: ${issue.message}`);
  }
  const groups = parsed.data;
  for (const g of groups) {
    if (g.until !== null && g.until < g.from) throw new Error(`${groupsFile}: ${g.clause} ends before it starts`);
  }
  const financialDifficulty = loadParameter(financialFile, conditionSchema);
  const meta = (parse(readFileSync(financialFile, 'utf8')) as { metadata: { proof: string[]; proof_reference: string; unmet?: string } }).metadata;
  return {
    groups,
    financialDifficulty,
    financialProof: { items: meta.proof, source: meta.proof_reference },
    financialUnmet: meta.unmet ?? 'không có khó khăn về tài chính',
    firstDay: groups.map((g) => g.from).sort()[0]!,
  };
}
