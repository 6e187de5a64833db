export interface Mismatch {
  operation: string;
  status: number | string;
  /** What kind of problem: `status`, `content-type`, `schema`, `header`, `swift`, `sse`, `coverage`, `case`. */
  kind: string;
  what: string;
  /** The JSON path at fault, when there is one. */
  path?: string;
  /** The request that showed it. */
  via?: string;
  body?: string;
}

/** A message with its run-specific parts (timestamps, ids, indexes, counts) folded, to group equal problems. */
function sameness(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\[\d+\]/g, '[*]')
    .replace(/#\d+/g, '#*');
}

/**
 * The report: grouped by kind, and the same problem (same kind, message and path, with array
 * indexes, timestamps and ids folded) seen on many responses is one entry listing where it was
 * seen, with the first request that showed it and an excerpt of its body.
 */
export function formatMismatches(list: readonly Mismatch[]): string {
  const groups = new Map<string, { m: Mismatch; where: Map<string, number> }>();
  for (const m of list) {
    const path = m.path?.replace(/\[\d+\]/g, '[*]');
    const k = [m.kind, sameness(m.what), path ?? ''].join('|');
    const group = groups.get(k) ?? { m: { ...m, ...(path !== undefined ? { path } : {}) }, where: new Map<string, number>() };
    const at = `${m.operation} ${m.status}`;
    group.where.set(at, (group.where.get(at) ?? 0) + 1);
    groups.set(k, group);
  }
  const byKind = new Map<string, { m: Mismatch; where: Map<string, number> }[]>();
  for (const g of groups.values()) byKind.set(g.m.kind, [...(byKind.get(g.m.kind) ?? []), g]);
  const lines: string[] = [`${list.length} mismatch(es), ${groups.size} distinct, between the running server and its OpenAPI document:`];
  for (const [kind, items] of byKind) {
    lines.push('', `== ${kind} (${items.length})`);
    for (const { m, where } of items) {
      const places = [...where].map(([at, n]) => (n > 1 ? `${at} (×${n})` : at));
      lines.push(`- ${m.what}${m.path !== undefined ? ` at ${m.path}` : ''}`);
      lines.push(`    in: ${places.join(', ')}`);
      if (m.via !== undefined) lines.push(`    via: ${m.via}`);
      if (m.body !== undefined) lines.push(`    body: ${m.body}`);
    }
  }
  return lines.join('\n');
}
