/**
 * Conditions over a person's facts, written in the rules' YAML, evaluated in three values:
 * true, false, or unknown (with the unknown facts that could decide it).
 *
 *     { fact: age, gte: 16, lt: 18 }          { any: [ {…}, {…} ] }
 *
 * `unmet` (optional) says in plain words what it means that the condition does not hold
 * ("không phải trẻ em (dưới 16 tuổi)"): the reasons given when someone is not eligible.
 */
import { z } from 'zod';
import { FACT_NAMES, type FactName, type Facts } from './facts.ts';

export type Condition =
  | { fact: FactName; eq?: boolean | string | number; in?: string[]; gte?: number; lt?: number; unmet?: string }
  | { any: Condition[]; unmet?: string }
  | { all: Condition[]; unmet?: string };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .strictObject({
        fact: z.enum(FACT_NAMES),
        eq: z.union([z.boolean(), z.string(), z.number()]).optional(),
        in: z.array(z.string()).min(1).optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        unmet: z.string().optional(),
      })
      .refine((c) => c.eq !== undefined || c.in !== undefined || c.gte !== undefined || c.lt !== undefined, {
        message: 'a condition needs eq, in, gte or lt',
      }),
    z.strictObject({ any: z.array(conditionSchema).min(1), unmet: z.string().optional() }),
    z.strictObject({ all: z.array(conditionSchema).min(1), unmet: z.string().optional() }),
  ]),
);

export interface Verdict {
  /** undefined: cannot be told from the facts given. */
  value: boolean | undefined;
  /** The unknown facts that could decide it (empty when decided). */
  unknown: FactName[];
}

export function evaluate(condition: Condition, facts: Facts): Verdict {
  if ('any' in condition) return combine(condition.any.map((c) => evaluate(c, facts)), 'any');
  if ('all' in condition) return combine(condition.all.map((c) => evaluate(c, facts)), 'all');
  const value = facts[condition.fact];
  if (value === undefined || value === null) return { value: undefined, unknown: [condition.fact] };
  let holds = true;
  if (condition.eq !== undefined) holds &&= value === condition.eq;
  if (condition.in !== undefined) holds &&= condition.in.includes(String(value));
  if (condition.gte !== undefined) holds &&= typeof value === 'number' && value >= condition.gte;
  if (condition.lt !== undefined) holds &&= typeof value === 'number' && value < condition.lt;
  return { value: holds, unknown: [] };
}

/** Kleene logic: `all` is false if any part is false; `any` is true if any part is true. */
export function combine(verdicts: Verdict[], mode: 'any' | 'all'): Verdict {
  const decisive = mode === 'any' ? true : false;
  if (verdicts.some((v) => v.value === decisive)) return { value: decisive, unknown: [] };
  if (verdicts.every((v) => v.value === !decisive)) return { value: !decisive, unknown: [] };
  const unknown = [...new Set(verdicts.filter((v) => v.value === undefined).flatMap((v) => v.unknown))];
  return { value: undefined, unknown };
}

/**
 * What the facts leave unmet in `condition`, in plain words: the `unmet` text of the condition when
 * it is false and has one, else those of its false parts (an `all` that is false because of one part
 * gives that part's text). Nothing for a condition that holds or is still unknown.
 */
export function unmetReasons(condition: Condition, facts: Facts): string[] {
  if (evaluate(condition, facts).value !== false) return [];
  if (condition.unmet) return [condition.unmet];
  if ('any' in condition) return condition.any.flatMap((c) => unmetReasons(c, facts));
  if ('all' in condition) return condition.all.flatMap((c) => unmetReasons(c, facts));
  return [];
}
