import { afterEach, describe, expect, it } from 'vitest';
import type { TImportedBook } from '../../src/contract/imports.js';
import { startGeminiHarness, type EnrichmentHarness, type GeminiHarness } from '../helpers/enrichment-harness.js';
import { terminalOf } from '../helpers/events.js';

let h: GeminiHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A French spreadsheet no synonym covers: only a column mapper can read it. */
const HEADER = 'Livre;Écrivain·e;Mon avis;Étagère';
const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `Titre numéro ${from + i};Autrice ${from + i};${(i % 5) + 1};lu`);
const MAPPING = {
  columns: [
    { header: 'Livre', field: 'title' },
    { header: 'Écrivain·e', field: 'author' },
    { header: 'Mon avis', field: 'rating' },
    { header: 'Étagère', field: 'status' },
  ],
};

async function start() {
  h = await startGeminiHarness();
  return { h, gemini: h.gemini };
}

async function importCsv(harness: EnrichmentHarness, csv: string) {
  const started = await harness.caller.imports.startCsv({ csv, enrich: false });
  const events = await harness.events(started.jobId, started.token);
  return { events, items: await harness.results(started.jobId, started.token), terminal: terminalOf(events) };
}

describe('imports.startCsv with an unfamiliar header and Gemini configured (fake Gemini)', () => {
  it('asks Gemini for a column mapping from the header and five rows only, parses every row with it, and caches it by header', async () => {
    const { h, gemini } = await start();
    gemini.setDefault(() => ({ json: MAPPING }));
    const first = await importCsv(h, [HEADER, ...rows(40)].join('\n'));
    expect(first.terminal).toMatchObject({ type: 'completed', summary: { counts: { parsed: 40 }, details: { mappedBy: 'gemini', format: 'generic' } } });
    expect(first.items[39]?.input as TImportedBook).toMatchObject({ title: 'Titre numéro 40', authors: [{ name: 'Autrice 40', role: null }], rating: 5, status: 'read' });
    expect(gemini.calls).toHaveLength(1);
    const prompt = gemini.calls[0]?.text ?? '';
    expect(prompt).toContain('Écrivain·e');
    expect(prompt).toContain('Titre numéro 5');
    expect(prompt).not.toContain('Titre numéro 6');

    // Another file with the same header: the cached mapping, no second call.
    const second = await importCsv(h, [HEADER, ...rows(3, 100)].join('\n'));
    expect(second.terminal).toMatchObject({ type: 'completed', summary: { details: { mappedBy: 'gemini' } } });
    expect(gemini.calls).toHaveLength(1);
  });

  it('fails with CSV_NO_TITLE_COLUMN, naming the headers, when Gemini finds no title or refuses', async () => {
    const { h, gemini } = await start();
    gemini.script({ json: { columns: [{ header: 'Mon avis', field: 'rating' }] } }, { blocked: 'prompt' });
    const none = await importCsv(h, [HEADER, ...rows(2)].join('\n'));
    expect(none.terminal).toMatchObject({ type: 'failed', error: { code: 'CSV_NO_TITLE_COLUMN', retryable: false } });
    expect(none.terminal?.type === 'failed' && none.terminal.error.message).toContain('"Livre", "Écrivain·e", "Mon avis", "Étagère"');
    const blocked = await importCsv(h, ['Livre;Écrivain·e;Étagère', 'A;B;lu'].join('\n'));
    expect(blocked.terminal?.type === 'failed' && blocked.terminal.error.message).toContain('gemini could not map the columns');
  });

  it('does not call Gemini for a header that synonyms understand', async () => {
    const { h, gemini } = await start();
    const run = await importCsv(h, 'Book Name,Writer\nDune,Frank Herbert\n');
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { details: { mappedBy: 'synonyms' } } });
    expect(gemini.calls).toHaveLength(0);
  });
});
