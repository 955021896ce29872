/**
 * What the eligibility rules ask about a person. Every fact is optional: a fact not given is
 * unknown, not false.
 */
import { z } from 'zod';

export const CRIMINAL_ROLES = [
  'none',
  'accused',
  'victim',
  'denounced',
  'recommended_for_prosecution',
  'emergency_detained',
  'witness',
  'diversion',
  'prisoner',
] as const;
export type CriminalRole = (typeof CRIMINAL_ROLES)[number];

export const HOUSEHOLD_STATUSES = ['poor', 'near_poor', 'none'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

const flag = z.boolean().nullish();

export const factsSchema = z.strictObject({
  /** The date the rules are taken at ("YYYY-MM-DD"); default today. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/u, 'phải có dạng YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'không phải ngày có thật')
    .nullish(),
  age: z.number().int('phải là số nguyên').min(0, 'không được âm').max(130, 'quá lớn').nullish(),
  ethnicMinority: flag,
  disadvantagedArea: flag,
  household: z.enum(HOUSEHOLD_STATUSES).nullish(),
  monthlySocialAllowance: flag,
  meritorious: flag,
  martyrFamily: flag,
  agentOrange: flag,
  disability: flag,
  domesticViolenceVictim: flag,
  traffickingVictim: flag,
  hiv: flag,
  criminalRole: z.enum(CRIMINAL_ROLES).nullish(),
  /** Commune name or code, used with a centre's list of extremely disadvantaged areas. */
  commune: z.string().trim().min(1).nullish(),
});

export type Facts = z.infer<typeof factsSchema>;

/** The facts the rules decide on (everything but the date and the commune). */
export const FACT_NAMES = [
  'household',
  'age',
  'meritorious',
  'ethnicMinority',
  'disadvantagedArea',
  'criminalRole',
  'traffickingVictim',
  'disability',
  'martyrFamily',
  'agentOrange',
  'domesticViolenceVictim',
  'hiv',
  'monthlySocialAllowance',
] as const satisfies ReadonlyArray<keyof Facts>;
export type FactName = (typeof FACT_NAMES)[number];

/** Parses facts from JSON-like input; throws an Error whose message names the wrong fact. */
export function parseFacts(input: unknown): Facts {
  const parsed = factsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    throw new Error(`không biết thông tin "${issue.keys.join('", "')}" (các thông tin dùng được: date, ${FACT_NAMES.join(', ')}, commune)`);
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    throw new Error(`"${key}" không hợp lệ (cho phép: ${(issue.values as unknown[]).join(', ')})`);
  }
  if (issue.code === 'invalid_type' && key === '') throw new Error('thông tin phải là một đối tượng JSON, ví dụ {"age": 70}');
  const detail = issue.message.startsWith('Invalid') ? `không đúng kiểu (${issue.message})` : issue.message;
  throw new Error(`"${key}" ${detail}`);
}
