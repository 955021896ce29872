/**
 * Plain-text plans listed in a `manifest.json` (file, number, issuer, date, title). Scraped-site
 * noise is dropped (plan-noise.yaml); the text is split by its own headings (A., I., 1., 1.1.,
 * "Hoạt động N", a)), each passage keeping its heading path as the section ("B.I.4.1",
 * "II.4 Hoạt động 3"). A section still too long is cut by LangChain's splitter.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Passage } from '../passage.ts';
import { splitLongText } from './split-long-text.ts';

export const manifestSchema = z.array(
  z.object({
    file: z.string(),
    number: z.string().nullable().optional(),
    kind: z.string().optional(),
    issuer: z.string().optional(),
    province: z.string().optional(),
    date: z.string().optional(),
    title: z.string(),
  }),
);
export type ManifestEntry = z.infer<typeof manifestSchema>[number];

const noise = z
  .object({ dropLine: z.array(z.string()), endAt: z.array(z.string()) })
  .parse(parse(readFileSync(new URL('../plan-noise.yaml', import.meta.url), 'utf8')));
const dropLine = noise.dropLine.map((p) => new RegExp(p, 'iu'));
const endAt = noise.endAt.map((p) => new RegExp(p, 'iu'));

/** The plan's lines without site noise or formatting marks. */
export function cleanPlanText(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFC').split(/\r?\n/u)) {
    const line = raw.replace(/\*\*/gu, '').replace(/\u00a0/gu, ' ').trim();
    if (endAt.some((p) => p.test(line))) break;
    if (line === '' || dropLine.some((p) => p.test(line))) continue;
    out.push(line);
  }
  return out;
}

interface Heading {
  level: number;
  /** The code in the section path: "B", "I", "4", "4.1", "Hoạt động 3", "a". */
  code: string;
  line: string;
}

const HEADINGS: Array<{ level: number; pattern: RegExp; code: (m: RegExpExecArray) => string }> = [
  { level: 2, pattern: /^([IVX]{1,5})\.\s+\S/u, code: (m) => m[1]! },
  { level: 1, pattern: /^([A-HĐ])\.\s+\S/u, code: (m) => m[1]! },
  { level: 5, pattern: /^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+\S/u, code: (m) => m[1]! },
  { level: 4, pattern: /^(\d{1,2}\.\d{1,2})\.?\s+\S/u, code: (m) => m[1]! },
  { level: 3, pattern: /^(\d{1,2})\.\s+\S/u, code: (m) => m[1]! },
  { level: 6, pattern: /^(Hoạt động(?:\s+\d{1,2})?)\s*[:.]/u, code: (m) => m[1]! },
  { level: 7, pattern: /^([a-zđ])\)\s+\S/u, code: (m) => m[1]! },
];

export function headingOf(line: string): Heading | undefined {
  if (line.length > 600) return undefined;
  for (const h of HEADINGS) {
    const m = h.pattern.exec(line);
    if (m) return { level: h.level, code: h.code(m), line };
  }
  return undefined;
}

/** "B.I.4.1", "II.4 Hoạt động 3", "II.1.a": codes joined by dots, an activity by a space. */
export function sectionPath(stack: Heading[]): string {
  const parts: Heading[] = [];
  for (const h of stack) {
    // "4.1" under "4" stands for both.
    const prev = parts.at(-1);
    if (prev && /^\d/u.test(h.code) && h.code.startsWith(`${prev.code}.`)) parts.pop();
    parts.push(h);
  }
  let path = '';
  for (const h of parts) path = path === '' ? h.code : h.level === 6 ? `${path} ${h.code}` : `${path}.${h.code}`;
  return path;
}

/** The number the plan is cited by: its own number, else its kind, issuer and year. */
export function planDocument(entry: ManifestEntry): string {
  if (entry.number && /\d+\//u.test(entry.number)) return entry.number.normalize('NFC');
  const year = entry.date?.slice(0, 4) ?? '';
  return [entry.kind, entry.issuer, year].filter(Boolean).join(' ').normalize('NFC');
}

export async function planPassages(text: string, entry: ManifestEntry, source: string, maxChars: number): Promise<Passage[]> {
  const lines = cleanPlanText(text);
  const document = planDocument(entry);
  const documentName = `${entry.kind ?? 'Kế hoạch'} ${entry.number && /\d+\//u.test(entry.number) ? entry.number : ''} ${entry.issuer ?? ''}${entry.date ? ` (${entry.date.slice(0, 4)})` : ''}`.replace(/\s+/gu, ' ').trim();
  const sections: Array<{ path: string; titles: string[]; body: string[] }> = [];
  const stack: Heading[] = [];
  let current = { path: '', titles: [] as string[], body: [] as string[] };
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading) {
      if (current.body.length > 0) sections.push(current);
      while (stack.length > 0 && stack.at(-1)!.level >= heading.level) stack.pop();
      stack.push(heading);
      current = { path: sectionPath(stack), titles: stack.map((h) => shortTitle(h.line)), body: [line] };
    } else {
      current.body.push(line);
    }
  }
  if (current.body.length > 0) sections.push(current);

  const passages: Passage[] = [];
  for (const [i, section] of sections.entries()) {
    const text = section.body.join('\n');
    // A bare heading ("4. Đánh giá vụ việc") with nothing under it adds nothing to search; a
    // heading line that says something itself ("3.1. Ban Giám đốc gồm 01 Giám đốc…") is kept.
    if (section.body.length === 1 && headingOf(section.body[0]!) && text.length < 50) continue;
    const pieces = await splitLongText(text, maxChars);
    for (const [k, piece] of pieces.entries()) {
      passages.push({
        id: `${source}#${i}${pieces.length > 1 ? `.${k}` : ''}`,
        kind: 'plan',
        document,
        documentName,
        article: section.path || 'mở đầu',
        title: section.titles.join(' › '),
        text: piece,
        source,
      });
    }
  }
  return passages;
}

function shortTitle(line: string): string {
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
