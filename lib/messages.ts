/**
 * User-facing texts kept as data: one YAML file of `key: text` per feature, with `{name}`
 * placeholders. Loading checks that every key the code uses is present.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type MessageVars = Record<string, string | number>;

export class Messages<K extends string> {
  constructor(
    readonly file: string,
    private readonly texts: Record<K, string>,
  ) {}

  /** The text for `key` with its `{placeholders}` filled; a placeholder with no value stays visible. */
  say(key: K, vars: MessageVars = {}): string {
    return this.texts[key].replace(/\{(\w+)\}/gu, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  }
}

/** Loads `file` and checks it has a non-empty text for each of `keys`. */
export function loadMessages<const K extends string>(file: string | URL, keys: readonly K[]): Messages<K> {
  const path = file instanceof URL ? file.pathname : file;
  const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const texts = {} as Record<K, string>;
  for (const key of keys) {
    const text = data?.[key];
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`${path}: missing text for "${key}"`);
    texts[key] = text.normalize('NFC');
  }
  return new Messages(path, texts);
}
