/** One sample of a Prometheus text exposition: `name{label="value",…} number`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape, read: samples, with sums over label subsets. */
export interface Scrape {
  text: string;
  samples: Sample[];
  /** The sum of `name`'s samples whose labels include `labels` (0 when there are none). */
  sum(name: string, labels?: Record<string, string>): number;
  /** Whether `name` has any sample. */
  has(name: string): boolean;
  /** The `# TYPE` line of a metric family. */
  typeOf(family: string): string | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescape = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Reads the text format (version 0.0.4); a line it cannot read fails the test. */
export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] !== undefined && type[2] !== undefined) types.set(type[1], type[2]);
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(LABEL)) if (k !== undefined && v !== undefined) labels[k] = unescape(v);
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  const matches = (s: Sample, name: string, labels: Record<string, string>) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v);
  return {
    text,
    samples,
    sum: (name, labels = {}) => samples.filter((s) => matches(s, name, labels)).reduce((total, s) => total + s.value, 0),
    has: (name) => samples.some((s) => s.name === name),
    typeOf: (family) => types.get(family),
  };
}

/** GETs a /metrics URL (with a bearer token when given) and reads it; a non-200 fails. */
export async function scrape(url: string, token?: string): Promise<Scrape> {
  const res = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return parsePrometheus(text);
}

/**
 * Scrapes until `done` holds (at most `timeoutMs`), then returns the last scrape. A job worker's
 * records reach its process's metrics by message, just before the notice of the events they
 * describe: a client that learned of those events another way (another process, the log poll)
 * may scrape a moment before them.
 */
export async function scrapeUntil(url: string, token: string | undefined, done: (s: Scrape) => boolean, timeoutMs = 5_000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await scrape(url, token);
    if (done(s) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}
