const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A provider's publication date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, keeping only the precision
 * it had: "2002", "2019-07-16", "July 16, 2019", "Jul 2019", "16 July 2019", "c1998".
 * Undefined when no year can be found.
 */
export function normalizeDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim().toLowerCase();
  const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(text);
  if (iso?.[1] !== undefined) {
    const [, y, m, d] = iso;
    if (m === undefined) return y;
    if (d === undefined) return `${y}-${pad(Number(m))}`;
    return `${y}-${pad(Number(m))}-${pad(Number(d))}`;
  }
  const year = /\b(\d{4})\b/.exec(text)?.[1];
  if (year === undefined) return undefined;
  const monthIndex = MONTHS.findIndex((m) => new RegExp(`\\b${m}`).test(text));
  if (monthIndex < 0) return year;
  const day = /\b(\d{1,2})(?:st|nd|rd|th)?\b/.exec(text.replace(year, ''))?.[1];
  return day === undefined ? `${year}-${pad(monthIndex + 1)}` : `${year}-${pad(monthIndex + 1)}-${pad(Number(day))}`;
}

/** The year of a normalised date. */
export function yearOf(date: string | undefined): number | undefined {
  const y = date === undefined ? undefined : /^\d{4}/.exec(date)?.[0];
  return y === undefined ? undefined : Number(y);
}
