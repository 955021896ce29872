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
  /** Being identified as a trafficking victim (người đang trong quá trình xác định là nạn nhân). */
  traffickingBeingIdentified: flag,
  /** A person under 18 accompanying a trafficking victim or a person being identified as one. */
  accompanyingTraffickingVictim: flag,
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
  'traffickingBeingIdentified',
  'accompanyingTraffickingVictim',
  'disability',
  'martyrFamily',
  'agentOrange',
  'domesticViolenceVictim',
  'hiv',
  'monthlySocialAllowance',
] as const satisfies ReadonlyArray<keyof Facts>;
export type FactName = (typeof FACT_NAMES)[number];

/**
 * The answer most people asking give to each fact ("không" to a special status, an adult's age). Used
 * only to choose which question to ask first (the one whose usual answer rules out the most groups
 * still open), never to decide anything.
 */
export const USUAL_ANSWERS: { [F in FactName]-?: NonNullable<Facts[F]> } = {
  household: 'none',
  age: 40,
  meritorious: false,
  ethnicMinority: false,
  disadvantagedArea: false,
  criminalRole: 'none',
  traffickingVictim: false,
  traffickingBeingIdentified: false,
  accompanyingTraffickingVictim: false,
  disability: false,
  martyrFamily: false,
  agentOrange: false,
  domesticViolenceVictim: false,
  hiv: false,
  monthlySocialAllowance: false,
};

/**
 * Facts said at different times, merged in order: a later statement overrides an earlier one; a fact
 * a later layer does not state (undefined or null, "không rõ") keeps what was said before.
 */
export function mergeFacts(...layers: Array<Facts | undefined | null>): Facts {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && value !== null) merged[key] = value;
    }
  }
  return merged as Facts;
}

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
