import { type Planned } from './cases.js';
import { type Operation } from './document.js';
import { type Mismatch } from './mismatches.js';
import { PLAN, UNREACHABLE } from './plan.js';

/**
 * Coverage: every documented status of every operation was produced (or is UNREACHABLE, with a
 * reason), and every PLAN entry is an operation of the document. `produced`: what `runPlan` saw.
 */
export function checkCoverage(ops: readonly Operation[], produced: ReadonlyMap<string, ReadonlySet<number>>, mismatches: Mismatch[]): void {
  const planFor = (op: Operation): [string, Planned] | undefined =>
    Object.entries(PLAN).find(([id]) => id === op.operationId) ?? Object.entries(PLAN).find(([, p]) => p.method === op.method && p.path === op.path);
  for (const op of ops) {
    const plan = planFor(op);
    if (!plan) {
      mismatches.push({ operation: op.operationId, status: '-', kind: 'coverage', what: `${op.method} ${op.path} has no entry in PLAN: add how to produce each of its statuses (${Object.keys(op.responses).join(', ')})` });
      continue;
    }
    const [planId, planned] = plan;
    const seen = produced.get(planId) ?? new Set<number>();
    for (const statusText of Object.keys(op.responses)) {
      const status = Number(statusText);
      const unreachable = UNREACHABLE[op.operationId]?.[status] ?? UNREACHABLE[planId]?.[status];
      if (unreachable !== undefined) {
        if (seen.has(status)) mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: `listed in UNREACHABLE (${unreachable}) but produced: remove the entry` });
        continue;
      }
      if (!Number.isInteger(status)) {
        mismatches.push({ operation: op.operationId, status: statusText, kind: 'coverage', what: `a status range or default (${statusText}): list a concrete status in PLAN or UNREACHABLE` });
      } else if (!(status in planned.statuses)) {
        mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: 'documented, but no case in PLAN produces it (add one, or list it in UNREACHABLE with the reason)' });
      } else if (!seen.has(status)) {
        mismatches.push({ operation: op.operationId, status, kind: 'coverage', what: 'documented, but the planned case(s) could not produce it' });
      }
    }
  }
  for (const [id, planned] of Object.entries(PLAN)) {
    if (!ops.some((op) => op.operationId === id || (op.method === planned.method && op.path === planned.path))) {
      mismatches.push({ operation: id, status: '-', kind: 'coverage', what: `PLAN has ${planned.method} ${planned.path}, which the document does not have` });
    }
  }
}
