import { describe, expect, it } from 'vitest';
import { ZCsvImportStartBody, ZCsvImportStartInput } from '../../src/contract/imports.js';

/**
 * `imports.startCsv` has two descriptions of one rule ("exactly one of csv and csvBase64"): the
 * object with a refinement that the procedure parses (the REST bridge needs one object), and the
 * union that types it and describes it in openapi.json. They must accept and refuse the same bodies.
 */
const bodies: [string, unknown, boolean][] = [
  ['text', { csv: 'Title\nDune\n' }, true],
  ['text with options', { csv: 'Title\nDune\n', format: 'goodreads', enrich: false, filename: 'gr.csv', idempotencyKey: 'k1' }, true],
  ['base64', { csvBase64: 'VGl0bGUKRHVuZQo=' }, true],
  ['neither', {}, false],
  ['options only', { format: 'auto', enrich: true }, false],
  ['both', { csv: 'Title\n', csvBase64: 'VGl0bGUK' }, false],
  ['bad base64', { csvBase64: 'not base64!' }, false],
  ['unknown format', { csv: 'Title\n', format: 'excel' }, false],
  ['csv not a string', { csv: 42 }, false],
];

describe('imports.startCsv input: the parsed object and the documented union agree', () => {
  it.each(bodies)('%s', (_name, body, accepted) => {
    expect(ZCsvImportStartInput.safeParse(body).success).toBe(accepted);
    // `both` passes each branch alone, so the union (a JSON Schema oneOf) refuses it only because two branches match.
    const matching = ZCsvImportStartBody.options.filter((branch) => branch.safeParse(body).success).length;
    expect(matching === 1).toBe(accepted);
  });
});
