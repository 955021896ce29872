/**
 * Finds the indexable files under the configured folders and turns one file into passages,
 * recognising its format by content: Pháp điển JSON, ALQAC JSON, a FAQ YAML, or a plan text
 * listed in a manifest.json beside it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Passage } from '../passage.ts';
import { alqacPassages, isAlqac } from './alqac.ts';
import { faqPassages, isFaq } from './faq.ts';
import { phapDienPassages, isPhapDien } from './phapdien.ts';
import { manifestSchema, planPassages, type ManifestEntry } from './plan.ts';

export interface SourceFile {
  path: string;
  /** Path relative to the configured folder it was found under ("plans/ca-mau….txt"). */
  name: string;
  size: number;
  mtimeMs: number;
}

const INDEXABLE = /\.(json|ya?ml|txt)$/iu;

/** The indexable files under each folder (or the file itself), skipping manifest.json and hidden files. */
export function listSources(roots: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const rootStat = statSync(root);
    const base = rootStat.isDirectory() ? root : dirname(root);
    const walk = (path: string) => {
      const stat = statSync(path);
      if (stat.isDirectory()) {
        for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) walk(join(path, entry));
      } else if (INDEXABLE.test(path) && basename(path) !== 'manifest.json' && !/readme/iu.test(basename(path))) {
        out.push({ path, name: relative(base, path), size: stat.size, mtimeMs: stat.mtimeMs });
      }
    };
    walk(root);
  }
  return out;
}

/** The plan's manifest entry, when a manifest.json beside it lists it. */
function manifestEntry(path: string): ManifestEntry | undefined {
  const manifest = join(dirname(path), 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const entries = manifestSchema.parse(JSON.parse(readFileSync(manifest, 'utf8')));
  return entries.find((e) => e.file === basename(path));
}

/** The passages of one file; an unknown format is an error naming the file. */
export async function readSource(file: SourceFile, maxChars: number): Promise<Passage[]> {
  const text = readFileSync(file.path, 'utf8');
  if (/\.json$/iu.test(file.path)) {
    const data: unknown = JSON.parse(text);
    if (isPhapDien(data)) return phapDienPassages(data, file.name, maxChars);
    if (isAlqac(data)) return alqacPassages(data, file.name, maxChars);
    throw new Error(`${file.path}: không nhận ra định dạng JSON (cần Pháp điển hoặc ALQAC)`);
  }
  if (/\.ya?ml$/iu.test(file.path)) {
    const data: unknown = parse(text);
    if (isFaq(data)) return faqPassages(data, file.name);
    throw new Error(`${file.path}: không nhận ra định dạng YAML (cần "format: tgpl-faq/1")`);
  }
  const entry = manifestEntry(file.path) ?? { file: basename(file.path), title: basename(file.path), number: null };
  return planPassages(text, entry, file.name, maxChars);
}
