/** FAQ files (YAML, format tgpl-faq/1) become one passage per entry: its questions and answer. */
import type { Passage } from '../passage.ts';
import { faqFileSchema } from '../faq.ts';

export function isFaq(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 'tgpl-faq/1';
}

export function faqPassages(data: unknown, source: string): Passage[] {
  const parsed = faqFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  return parsed.data.entries.map((e) => {
    if (ids.has(e.id)) throw new Error(`${source}: entry "${e.id}" appears twice`);
    ids.add(e.id);
    return {
      id: `${source}#${e.id}`,
      kind: 'faq' as const,
      document: 'FAQ',
      documentName: 'Hỏi đáp trợ giúp pháp lý',
      article: e.id,
      title: [e.question, ...e.alternatives].join(' | ').normalize('NFC'),
      text: e.answer.normalize('NFC'),
      source,
      citations: e.citations,
      field: e.field,
      ...(e.about ? { about: e.about } : {}),
    };
  });
}
