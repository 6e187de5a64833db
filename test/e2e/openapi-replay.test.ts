import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld, closeWorld } from '../helpers/openapi-replay/build-world.js';
import { checkExchange, checkSse, type CheckContext, type SwiftDecoders } from '../helpers/openapi-replay/checks.js';
import { checkCoverage } from '../helpers/openapi-replay/coverage.js';
import { mediaTypeOf, operationFor, operationsOf, sseDataSchema, type OpenApiDoc } from '../helpers/openapi-replay/document.js';
import { type Exchange } from '../helpers/openapi-replay/exchanges.js';
import { formatMismatches, type Mismatch } from '../helpers/openapi-replay/mismatches.js';
import { runPlan } from '../helpers/openapi-replay/run-plan.js';
import { createSchemaChecker } from '../helpers/openapi-replay/schema-checker.js';
import { decodeLikeSwift } from '../helpers/swift-decoder.js';
import { decodeSseLikeSwift } from '../helpers/swift-sse-decoder.js';

/**
 * Replays real responses of every operation of the OpenAPI document against the document: for
 * each operation and each status it documents, real requests against real servers (on loopback,
 * providers and Gemini faked) produce that status, and every response seen is checked (status
 * documented, content type documented, JSON body valid against the documented schema, required
 * headers and `Retry-After` on 429, decodable by a Swift client generated from the document; SSE
 * frames one by one). Every mismatch is collected and the test fails once, with the whole list.
 *
 * `PLAN` (test/helpers/openapi-replay/plan.ts) is the table operationId → status → how; `UNREACHABLE`
 * lists, with a reason, any documented status no request can produce. A documented status in
 * neither fails the test.
 */

/**
 * How the Swift client decodes dates: swift-openapi-runtime's default transcoder (`.iso8601`, whole
 * seconds), which is what a generated client uses unless the app configures another.
 */
const SWIFT_OPTIONS = { dateTranscoder: 'iso8601' } as const;

afterAll(closeWorld);

describe('the OpenAPI document against real responses', () => {
  it('documents every status, content type, header and body each operation really answers with', { timeout: 60_000 }, async () => {
    const exchanges: Exchange[] = [];
    const label = { current: 'setup' };
    const w = await buildWorld(exchanges, label);
    const doc = (await (await fetch(`${w.servers.main.url}/api/openapi.json`)).json()) as OpenApiDoc;
    const ops = operationsOf(doc);
    const mismatches: Mismatch[] = [];
    const ctx: CheckContext = {
      doc,
      schemas: createSchemaChecker(doc),
      swift: {
        decode: (d, schema, value) => {
          decodeLikeSwift(d, schema, value, SWIFT_OPTIONS);
        },
        decodeSse: (d, schema, body) => decodeSseLikeSwift(d, schema, body, SWIFT_OPTIONS),
      } satisfies SwiftDecoders,
      report: (m) => mismatches.push(m),
    };

    // Run the plan, in order, and note what each case produced.
    const produced = await runPlan(w, label, mismatches);

    // Check every exchange seen (setup and polls included) against its operation.
    for (const ex of exchanges) {
      const op = operationFor(ops, ex.method, ex.target.split('?')[0] ?? '');
      if (!op) continue;
      checkExchange(ctx, op, ex);
      if (ex.status === 200 && mediaTypeOf(ex.headers['content-type']) === 'text/event-stream') {
        const after = w.resumedAfter.get(ex);
        checkSse(ctx, op, ex, sseDataSchema(doc, op), after !== undefined ? { resumedAfter: after } : {});
      }
    }

    // Coverage: every documented status of every operation was produced (or is UNREACHABLE, with a reason).
    checkCoverage(ops, produced, mismatches);

    expect(mismatches.length === 0 ? '' : formatMismatches(mismatches)).toBe('');
  });
});
