/**
 * Dates as people type them: "25/12/2026", "25-12-2026", "25/12" (this year, or next if passed),
 * "2026-12-25". Returns "YYYY-MM-DD" or undefined.
 */
export function parseDateInput(text: string, today: string): string | undefined {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(t);
  const vn = /^(?:ngay\s+|ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?$/iu.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) {
    d = Number(vn[1]);
    m = Number(vn[2]);
    const thisYear = Number(today.slice(0, 4));
    if (vn[3]) y = vn[3].length === 2 ? 2000 + Number(vn[3]) : Number(vn[3]);
    else {
      y = thisYear;
      if (toIso(y, m, d) !== undefined && toIso(y, m, d)! < today) y += 1;
    }
  } else return undefined;
  return toIso(y, m, d);
}

function toIso(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
