/**
 * A person's role in a criminal matter from what they type: "bị công an bắt" (arrested),
 * "đang bị tạm giữ" (emergency_detained), "bị tạm giam", "bị khởi tố", "bị can", "bị cáo"
 * (accused), "bị hại", "bị đánh", "bị lừa" (victim), "làm chứng" (witness), "bị tố giác"
 * (denounced), "xử lý chuyển hướng" (diversion), "đang ở tù" (prisoner), with or without
 * diacritics. Phrases are data (criminal-role.yaml); the roles are intake/eligibility/facts.ts
 * CriminalRole values, plus `arrested`.
 */
import { z } from 'zod';
import type { CriminalRole } from '../../eligibility/facts.ts';
import { PhraseList, loadData, negatedBefore, preferExact, tokenize } from './words.ts';

export const FOUND_CRIMINAL_ROLES = [
  'accused',
  'emergency_detained',
  'arrested',
  'victim',
  'witness',
  'denounced',
  'diversion',
  'prisoner',
] as const satisfies ReadonlyArray<CriminalRole | 'arrested'>;
export type FoundCriminalRole = (typeof FOUND_CRIMINAL_ROLES)[number];

const list = z.array(z.string().min(1));
const data = loadData(
  new URL('./criminal-role.yaml', import.meta.url),
  z.object({
    roles: z.array(z.object({ role: z.enum(FOUND_CRIMINAL_ROLES), stage: z.number().int().positive().optional(), phrases: list.min(1) })).min(1),
    notRole: list,
    negations: list.min(1),
  }),
);

type Entry = { role: FoundCriminalRole; stage?: number } | undefined;

const PHRASES = new PhraseList<Entry>([
  ...data.roles.flatMap((r) => r.phrases.map((p) => [p, { role: r.role, stage: r.stage }] as const)),
  ...data.notRole.map((p) => [p, undefined] as const),
]);
const NEGATIONS = PhraseList.of(data.negations);

/** The role the text states, or undefined. */
export function findCriminalRole(text: string): FoundCriminalRole | undefined {
  const words = tokenize(text);
  const found: { role: FoundCriminalRole; stage?: number }[] = [];
  for (const m of PHRASES.findAll(words)) {
    const meant = preferExact(words, m.matches);
    // A role and a look-alike of the same length ("bi can": bị can or bị cản): the role.
    const entry = meant.find((x) => x.value !== undefined)?.value;
    if (!entry) continue;
    if (negatedBefore(words, m.start, NEGATIONS)) continue;
    found.push(entry);
  }
  const first = found[0];
  if (!first || first.stage === undefined) return first?.role;
  // In custody: the latest stage named ("bị bắt rồi bị tạm giam" → accused).
  return found.filter((f) => f.stage !== undefined).reduce((a, b) => (b.stage! > a.stage! ? b : a)).role;
}
