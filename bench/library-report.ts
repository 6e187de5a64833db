import type { RecordedCall } from '../test/fakes/fake-upstream.js';
import type { FollowResult, TimedEvent } from './library-follow.js';

/** One fake provider as the run left it. `rpm` is the fake's (the upstream's) limit, `appRpm` the app's. */
export interface ProviderRun {
  name: string;
  rpm: number;
  appRpm: number;
  calls: readonly RecordedCall[];
  busiestSecond: number;
}

export const AIMS = { ratioAtMost: 1.3, gapAtMostS: 5, pending: 0 } as const;

interface Gap {
  seconds: number;
  /** Seconds from the start at which the silence began. */
  fromS: number;
  after: string;
  before: string;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const label = (e: TimedEvent | undefined) => (e ? `#${e.seq} ${e.type}${e.detail ? `:${e.detail}` : ''}` : 'start');

/** Silences on the stream, longest first; the start → first event stretch counts as one. */
function gapsOf(events: readonly TimedEvent[]): Gap[] {
  const gaps: Gap[] = [];
  let previous: TimedEvent | undefined;
  for (const event of events) {
    const from = previous?.atMs ?? 0;
    gaps.push({ seconds: (event.atMs - from) / 1000, fromS: from / 1000, after: label(previous), before: label(event) });
    previous = event;
  }
  return gaps.sort((a, b) => b.seconds - a.seconds);
}

/** At 10, 50 and 90 % of the wall time: the newest estimate of the time left, and the time that really was left. */
function estimatesOf(events: readonly TimedEvent[], wallMs: number) {
  return [0.1, 0.5, 0.9].map((share) => {
    const at = wallMs * share;
    const said = events.filter((e) => e.etaSeconds !== undefined && e.atMs <= at).at(-1);
    return { share, saidS: said?.etaSeconds ?? null, actualS: round((wallMs - (said?.atMs ?? at)) / 1000, 1) };
  });
}

export function buildReport(input: { rows: number; latencyMs: number; mix: unknown; follow: FollowResult; providers: readonly ProviderRun[] }) {
  const { follow } = input;
  const providers = input.providers.map((p) => {
    const refused429 = p.calls.filter((c) => c.status === 429).length;
    // Refused calls are left out of the floor: each retry would otherwise raise the bar it is measured against.
    const answered = p.calls.length - refused429;
    return { name: p.name, rpm: p.rpm, appRpm: p.appRpm, calls: p.calls.length, refused429, busiestSecond: p.busiestSecond, floorS: round(answered / (p.rpm / 60), 1) };
  });
  const floorS = Math.max(0, ...providers.map((p) => p.floorS));
  const wallS = follow.wallMs / 1000;
  const gaps = gapsOf(follow.events);
  const firstEventS = round((follow.events[0]?.atMs ?? follow.wallMs) / 1000);
  const between = gaps.filter((g) => g.after !== 'start');
  const longest = between[0] ?? null;
  const counts = follow.snapshot?.counts ?? {};
  const pending = counts.pending ?? (follow.snapshot ? 0 : null);
  const typeCounts: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  for (const e of follow.events) {
    typeCounts[e.type] = (typeCounts[e.type] ?? 0) + 1;
    if (e.type === 'warning' && e.detail) warnings[e.detail] = (warnings[e.detail] ?? 0) + 1;
  }
  const ratio = floorS > 0 ? round(wallS / floorS) : null;
  const maxGapS = Math.max(firstEventS, longest?.seconds ?? 0);
  const aims = {
    ratio: { value: ratio, aim: `≤ ${AIMS.ratioAtMost}`, pass: ratio !== null && ratio <= AIMS.ratioAtMost },
    gap: { value: round(maxGapS), aim: `≤ ${AIMS.gapAtMostS} s`, pass: maxGapS <= AIMS.gapAtMostS },
    pending: { value: pending, aim: `= ${AIMS.pending}`, pass: pending === AIMS.pending },
  };
  const invariants = {
    completed: follow.terminal === 'completed',
    noPending: pending === 0,
    everyRowAnItem: follow.snapshot?.itemCount === input.rows,
    guardNotTripped: !follow.guardTripped,
  };
  return {
    rows: input.rows,
    latencyMs: input.latencyMs,
    mix: input.mix,
    jobId: follow.jobId,
    terminal: follow.terminal,
    errorCode: follow.errorCode,
    problem: follow.problem,
    wallS: round(wallS, 1),
    floorS,
    ratio,
    providers,
    refused429: providers.reduce((n, p) => n + p.refused429, 0),
    stream: {
      events: follow.events.length,
      byType: typeCounts,
      warnings,
      firstEventS,
      longestGapS: longest ? round(longest.seconds) : null,
      longestGap: longest ? { ...longest, seconds: round(longest.seconds), fromS: round(longest.fromS, 1) } : null,
      gapsOverAim: between.filter((g) => g.seconds > AIMS.gapAtMostS).length,
      topGaps: between.slice(0, 5).map((g) => ({ ...g, seconds: round(g.seconds), fromS: round(g.fromS, 1) })),
    },
    estimates: estimatesOf(follow.events, follow.wallMs),
    itemCount: follow.snapshot?.itemCount ?? null,
    counts,
    pending,
    aims,
    invariants,
  };
}

export type LibraryReport = ReturnType<typeof buildReport>;

export function formatReport(r: LibraryReport): string {
  const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const lines = [
    `library   ${r.rows} rows ${JSON.stringify(r.mix)}`,
    `job       ${r.jobId} → ${r.terminal ?? 'no terminal event'}${r.errorCode ? ` (${r.errorCode})` : ''}${r.problem ? `  [${r.problem}]` : ''}`,
    `wall      ${r.wallS} s   floor ${r.floorS} s   ratio ${r.ratio ?? 'n/a'}×`,
    ...r.providers.map(
      (p) =>
        `provider  ${p.name.padEnd(12)} ${String(p.calls).padStart(5)} calls  limit ${p.rpm}/min (app ${p.appRpm}/min)  floor ${p.floorS} s  busiest second ${p.busiestSecond}  429s ${p.refused429}`,
    ),
    `items     ${String(r.itemCount)} of ${r.rows} rows: ${JSON.stringify(r.counts)}  pending ${String(r.pending)}`,
    `stream    ${r.stream.events} events ${JSON.stringify(r.stream.byType)}; warnings ${JSON.stringify(r.stream.warnings)}`,
    `gaps      start → first event ${r.stream.firstEventS} s; longest between events ${String(r.stream.longestGapS)} s` +
      (r.stream.longestGap ? ` at ${r.stream.longestGap.fromS} s (${r.stream.longestGap.after} → ${r.stream.longestGap.before})` : '') +
      `; ${r.stream.gapsOverAim} over ${AIMS.gapAtMostS} s`,
    `estimate  ${r.estimates.map((e) => `at ${e.share * 100} %: said ${e.saidS === null ? 'nothing' : `${e.saidS} s`} left, was ${e.actualS} s`).join(';  ')}`,
    `aims      ratio ${String(r.aims.ratio.value)} ${r.aims.ratio.aim}: ${pass(r.aims.ratio.pass)};  longest gap ${r.aims.gap.value} s ${r.aims.gap.aim}: ${pass(r.aims.gap.pass)};  pending ${String(r.aims.pending.value)} ${r.aims.pending.aim}: ${pass(r.aims.pending.pass)}`,
  ];
  const broken = Object.entries(r.invariants).filter(([, ok]) => !ok).map(([name]) => name);
  if (broken.length > 0) lines.push(`broken    ${broken.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
