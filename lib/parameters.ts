/**
 * Legal parameters as dated, referenced data, in the manner of OpenFisca: each file has a
 * `description`, `values` keyed by the date each value starts to hold (null ends it), and
 * `metadata.reference`. Code asks "what held on this date?".
 *
 *     values:
 *       2025-11-01: { number: "1800.1233" }
 *     metadata:
 *       reference: [{ title: "…", href: "…" }]
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const isoDate = /^\d{4}-\d{2}-\d{2}$/u;

const referenceSchema = z.object({ title: z.string(), href: z.string().optional(), note: z.string().optional() });

export const parameterFileSchema = z.object({
  description: z.string(),
  values: z.record(z.string().regex(isoDate, 'keys of values must be YYYY-MM-DD'), z.unknown()),
  metadata: z.object({
    unit: z.string().optional(),
    label: z.string().optional(),
    reference: z.array(referenceSchema).min(1, 'every parameter needs a reference'),
    verify: z.string().optional(),
  }),
});

export type ParameterReference = z.infer<typeof referenceSchema>;

/** A parameter loaded from its file. */
export class Parameter<T> {
  private readonly entries: Array<{ from: string; value: T | null }>;

  constructor(
    readonly file: string,
    readonly description: string,
    values: Record<string, unknown>,
    readonly references: ParameterReference[],
    valueSchema: z.ZodType<T>,
  ) {
    this.entries = Object.entries(values)
      .map(([from, value]) => {
        if (value === null) return { from, value: null };
        const parsed = valueSchema.safeParse(value);
        if (!parsed.success) {
          throw new Error(`${file}: value from ${from}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        }
        return { from, value: parsed.data };
      })
      .sort((a, b) => a.from.localeCompare(b.from));
  }

  /** The value in force on `date` ("YYYY-MM-DD"), or undefined before the first or after an end. */
  at(date: string): T | undefined {
    let current: T | null | undefined;
    for (const entry of this.entries) {
      if (entry.from <= date) current = entry.value;
      else break;
    }
    return current ?? undefined;
  }
}

/** Loads a parameter file and checks its values against `valueSchema`. */
export function loadParameter<T>(file: string, valueSchema: z.ZodType<T>): Parameter<T> {
  const raw = parameterFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!raw.success) {
    const issue = raw.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return new Parameter(file, raw.data.description, raw.data.values, raw.data.metadata.reference, valueSchema);
}
