import { type Mismatch } from './mismatches.js';
import { excerpt } from './exchanges.js';
import { PLAN } from './plan.js';
import { type World } from './world.js';

/**
 * Runs the plan, in order, and notes what each case produced (by operationId); a case that
 * produces another status than its own, or fails, is a `case` mismatch. `label` names the case
 * running, for the exchanges it sends.
 */
export async function runPlan(w: World, label: { current: string }, mismatches: Mismatch[]): Promise<Map<string, Set<number>>> {
  const produced = new Map<string, Set<number>>();
  for (const [operationId, planned] of Object.entries(PLAN)) {
    for (const [statusText, cases] of Object.entries(planned.statuses)) {
      const status = Number(statusText);
      for (const one of Array.isArray(cases) ? cases : [cases]) {
        label.current = `${operationId} ${status}: ${one.how}`;
        try {
          const ex = await one.run(w);
          const seen = produced.get(operationId) ?? new Set<number>();
          seen.add(ex.status);
          produced.set(operationId, seen);
          if (ex.status !== status) {
            mismatches.push({ operation: operationId, status, kind: 'case', what: `the case did not produce ${status}: got ${ex.status}`, via: `${ex.label} — ${ex.method} ${ex.target}`, body: excerpt(ex.body.toString('utf8')) });
          }
        } catch (error: unknown) {
          mismatches.push({ operation: operationId, status, kind: 'case', what: `the case failed: ${error instanceof Error ? error.message : String(error)}`, via: label.current });
        }
      }
    }
  }
  return produced;
}
