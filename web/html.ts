/**
 * Server-side templates: `html` is a tagged template that escapes every value put into it (text,
 * numbers, arrays of fragments) unless the value is already an {@link Html} fragment, so a name or a
 * message typed by a citizen can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | ReadonlyArray<Value>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
}

function render(value: Value): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((v) => render(v as Value)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** A value inside a <script type="application/json"> block: JSON with "<" escaped. */
export function jsonForScript(data: unknown): Html {
  return new Html(JSON.stringify(data).replace(/</gu, '\\u003c'));
}
