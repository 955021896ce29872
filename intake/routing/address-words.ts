/**
 * The words around unit names in an address (address-words.yaml): unit kinds by level ("xã", "huyện",
 * "tỉnh", "TP", "H."), hamlet and street words ("thôn", "bản", "ấp", "tổ dân phố", "số nhà"), province
 * aliases ("Sài Gòn"), fillers ("cũ") and trailing words ("Việt Nam").
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export type Level = 'commune' | 'district' | 'province';

const isoDate = /^\d{4}-\d{2}-\d{2}$/u;
const words = z.array(z.string().min(1)).min(1);

const addressWordsSchema = z.strictObject({
  source: z.array(z.strictObject({ title: z.string(), note: z.string().optional() })).min(1),
  as_of: z.string().regex(isoDate, 'as_of must be YYYY-MM-DD'),
  unit_types: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        levels: z.array(z.enum(['commune', 'district', 'province'])).min(1),
        short: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
  hamlet_words: words,
  province_aliases: z.array(z.strictObject({ name: z.string().min(1), province: z.string().regex(/^\d{2}$/u) })),
  fillers: z.array(z.string().min(1)),
  trailing: z.array(z.string().min(1)),
});

export type AddressWords = z.infer<typeof addressWordsSchema>;

export const ADDRESS_WORDS_FILE = new URL('./address-words.yaml', import.meta.url);

/** Reads and checks address-words.yaml (or another file of the same shape). */
export function loadAddressWords(file: string | URL = ADDRESS_WORDS_FILE): AddressWords {
  const path = file instanceof URL ? file.pathname : file;
  const parsed = addressWordsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
