import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { TEnrichmentOutcome } from '../../src/contract/books.js';
import type { TImportedBook, TInvalidRow } from '../../src/contract/imports.js';
import type { TJobEvent } from '../../src/contract/job-events.js';
import type { TResultItem } from '../../src/contract/jobs.js';
import { startEnrichmentHarness, type EnrichmentHarness } from '../helpers/enrichment-harness.js';
import { range, terminalOf } from '../helpers/events.js';
import { FIXTURES } from '../helpers/fixtures.js';

let h: EnrichmentHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const book = (item: TResultItem | undefined) => item?.input as TImportedBook;
const upstreamCalls = (harness: EnrichmentHarness) => harness.fakes.all().reduce((n, f) => n + f.calls.length, 0);

/** Starts an import, waits for its end, and returns its events and every result item. */
async function runImport(harness: EnrichmentHarness, input: Parameters<EnrichmentHarness['caller']['imports']['startCsv']>[0]) {
  const started = await harness.caller.imports.startCsv(input);
  const events = await harness.events(started.jobId, started.token);
  const items = await harness.results(started.jobId, started.token);
  return { ...started, events, items, terminal: terminalOf(events) };
}

const fixture = (path: string) => ({ csvBase64: readFileSync(`${FIXTURES}/imports/${path}`).toString('base64'), filename: path.split('/').at(-1) ?? path });
const byLine = (items: readonly TResultItem[], line: number) => items.find((i) => (i.input as { line: number }).line === line);

describe('imports.startCsv with the real exports (router, fresh database, fake upstreams)', () => {
  it('searches the results by title, author and ISBN, any case and accents, with the status filter and pages', async () => {
    h = await startEnrichmentHarness();
    const run = await runImport(h, fixture('goodreads_library_export.24col.csv'));
    const reader = h.reader(run.token);
    const search = async (q: string, more: { status?: TResultItem['status']; limit?: number } = {}) => {
      const found: number[] = [];
      let cursor: string | undefined;
      let total: number;
      do {
        const page = await reader.jobs.results({ jobId: run.jobId, q, limit: more.limit ?? 50, ...(more.status ? { status: more.status } : {}), ...(cursor ? { cursor } : {}) });
        found.push(...page.items.map((i) => i.index));
        total = page.total;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(found).toHaveLength(total);
      return found;
    };
    const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    const holds = (item: TResultItem, word: string) =>
      [book(item).title ?? '', ...book(item).authors.map((a) => a.name), book(item).isbn13 ?? '', book(item).isbn10 ?? ''].some((t) => fold(t).includes(fold(word)));
    const expected = (...words: string[]) => run.items.filter((i) => words.every((w) => holds(i, w))).map((i) => i.index);

    // An author who wrote several of the books: found by surname, in any case, two at a time.
    const surnames = run.items.flatMap((i) => book(i).authors.map((a) => a.name.split(' ').at(-1) ?? ''));
    const prolific = surnames.find((n) => n.length > 3 && surnames.filter((m) => m === n).length >= 3) ?? '';
    expect(prolific).not.toBe('');
    expect(await search(prolific.toUpperCase(), { limit: 2 })).toEqual(expected(prolific));
    // Title words in any order, with an author; an ISBN-13's digits.
    const clockwork = byLine(run.items, 4);
    expect(await search('orange BURGESS clockwork')).toEqual([clockwork?.index]);
    expect(await search('9780241951446')).toEqual([clockwork?.index]);
    // Accents do not matter either way, nor punctuation; LIKE's wildcards are plain characters.
    const accented = run.items.find((i) => /[\u00c0-\u017f]/.test(book(i).authors.map((a) => a.name).join(' ')));
    const accentedName = accented ? (book(accented).authors.find((a) => /[\u00c0-\u017f]/.test(a.name))?.name ?? '') : '';
    expect(accentedName).not.toBe('');
    expect(await search(fold(accentedName))).toContain(accented?.index);
    expect(await search(accentedName.toUpperCase())).toContain(accented?.index);
    expect(await search('%')).toHaveLength(152);
    expect(await search('_%_')).toHaveLength(152);
    expect(await search('zzzqqq')).toEqual([]);
    // With the status filter, the total counts the filtered matches.
    const matched = expected(prolific).filter((i) => run.items[i]?.status === 'matched');
    expect(await search(prolific, { status: 'matched' })).toEqual(matched);
  });

  it('imports the Goodreads 24-column export: every row once, ISBNs from ="…" cells, 0 as unrated, shelves and dates', async () => {
    h = await startEnrichmentHarness();
    const run = await runImport(h, fixture('goodreads_library_export.24col.csv'));
    expect(run.kind).toBe('csv-import');
    expect(run.events.map((e) => e.seq)).toEqual(range(1, run.events.length));
    expect(run.items).toHaveLength(152);
    expect(run.items.map((i) => i.index)).toEqual(range(0, 151));
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { itemCount: 152, details: { format: 'goodreads', mappedBy: 'format', encoding: 'utf-8', rows: 152 } } });
    const clockwork = byLine(run.items, 4);
    expect(book(clockwork)).toMatchObject({ title: 'A Clockwork Orange', isbn13: '9780241951446', isbn10: '0241951445', rating: 3, status: 'read', reads: [{ started: null, finished: '2024-10-06' }] });
    expect(clockwork?.status).toBe('matched');
    expect((clockwork?.result as TEnrichmentOutcome).match?.work.title).toBe('A Clockwork Orange');
    expect(book(byLine(run.items, 2))).toMatchObject({ status: 'currently_reading', shelf: 'currently-reading', rating: null, publisher: 'ForeEdge', format: 'Hardcover', pageCount: 340 });
    const noIsbn = run.items.filter((i) => book(i).isbn13 === null);
    expect(noIsbn).toHaveLength(23);
    const phases = run.events.filter((e) => e.type === 'phase').map((e) => e.phase);
    expect(phases).toEqual(['parsing', 'mapping', 'enriching', 'finalizing']);
  });

  it('imports the older 31-column Goodreads export and keeps reviews, additional authors and accents', async () => {
    h = await startEnrichmentHarness();
    const big = await runImport(h, { ...fixture('goodreads_library_export.31col.csv'), enrich: false });
    expect(big.items).toHaveLength(232);
    expect(big.terminal).toMatchObject({ type: 'completed', summary: { counts: { parsed: 232 }, details: { format: 'goodreads' } } });
    const small = await runImport(h, { ...fixture('bookwyrm/goodreads.csv'), enrich: false });
    expect(book(small.items[2])).toMatchObject({
      title: 'Patisserie at Home',
      authors: [
        { name: 'Mélanie Dupuis', role: null },
        { name: 'Anne Cazor', role: null },
      ],
      review: 'mixed feelings',
      readCount: 2,
      rating: 2,
    });
    expect(book(small.items[1])).toMatchObject({ title: 'Subcutanean', isbn13: null, isbn10: null });
  });

  it('imports the StoryGraph export: author lists, narrators, quarter stars, owned, reads and re-reads', async () => {
    h = await startEnrichmentHarness();
    const run = await runImport(h, { ...fixture('storygraph_export.csv'), enrich: false });
    expect(run.items).toHaveLength(193);
    expect(run.terminal).toMatchObject({ summary: { details: { format: 'storygraph' } } });
    expect(book(byLine(run.items, 3))).toMatchObject({
      title: 'Queenie',
      authors: [
        { name: 'Candice Carty-Williams', role: null },
        { name: 'Shvorne Marks', role: 'Narrator' },
      ],
      format: 'Audiobook',
      status: 'to_read',
    });
    expect(run.items.map((i) => book(i).rating)).toContain(3.75);
    const reread = run.items.find((i) => book(i).title === 'El guardián invisible');
    expect(book(reread)).toMatchObject({ readCount: 2, reads: [{ started: '2025-05-26', finished: '2025-06-11' }], status: 'read' });

    const csv = [
      'Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,Tags,Owned?',
      'Piranesi,Susanna Clarke,,9781635575637,hardcover,read,2021/01/02,2024/05/20,"2021/01/03-2021/01/10, 2024/05/01-2024/05/20",2,mysterious,medium,,,,,,4.5,"A house of statues.","","","comfort, fantasy",Yes',
    ].join('\r\n');
    const small = await runImport(h, { csv, enrich: false });
    expect(book(small.items[0])).toMatchObject({
      reads: [
        { started: '2021-01-03', finished: '2021-01-10' },
        { started: '2024-05-01', finished: '2024-05-20' },
      ],
      readCount: 2,
      rating: 4.5,
      owned: true,
      shelves: ['comfort', 'fantasy'],
      review: 'A house of statues.',
      extra: { Moods: 'mysterious', Pace: 'medium' },
    });
  });

  it('imports the LibraryThing TSV (mostly UTF-8 with Latin-1 bytes): "Last, First" authors, half stars, bracketed dates', async () => {
    h = await startEnrichmentHarness();
    const run = await runImport(h, { ...fixture('bookwyrm/librarything.tsv'), enrich: false });
    expect(run.items).toHaveLength(3);
    expect(run.terminal).toMatchObject({ summary: { details: { format: 'librarything', delimiter: '\t', encoding: 'utf-8+windows-1252' } } });
    expect(book(run.items[0])).toMatchObject({
      title: 'Marelle',
      authors: [{ name: 'Julio Cortazar', role: null }],
      rating: 4.5,
      isbn13: '9782070291342',
      isbn10: '2070291340',
      status: 'read',
      reads: [{ started: '2007-04-16', finished: '2007-05-08' }],
      dateAdded: '2006-08-09',
      publisher: 'Gallimard',
      year: 1979,
      pageCount: 590,
      shelves: ['roman', 'espagnol', 'expérimental', 'bohème', 'philosophie'],
      review: "chef d'oeuvre",
    });
    expect(book(run.items[1]).title).toBe('Le grand incendie de Londres: Récit, avec incises et bifurcations, 1985-1987 (Fiction & Cie)');
    expect(book(run.items[2])).toMatchObject({ authors: [{ name: 'Mikhaïl Boulgakov', role: null }], status: null });
  });
});

describe('imports.startCsv: header variants of the same exports', () => {
  it('reads the 23-column Goodreads export (no Average Rating), the older StoryGraph header, and LibraryThing as CSV', async () => {
    h = await startEnrichmentHarness();
    const goodreads = Papa.parse<string[]>(readFileSync(`${FIXTURES}/imports/goodreads_library_export.24col.csv`, 'utf8')).data.filter((r) => r.length > 1);
    const drop = goodreads[0]?.indexOf('Average Rating') ?? -1;
    const csv23 = Papa.unparse(goodreads.map((r) => r.filter((_, i) => i !== drop)));
    const g = await runImport(h, { csv: csv23, enrich: false });
    expect(g.terminal).toMatchObject({ summary: { itemCount: 152, details: { format: 'goodreads' } } });
    expect(book(g.items[2])).toMatchObject({ title: 'A Clockwork Orange', isbn13: '9780241951446', rating: 3 });
    expect(book(g.items[2]).extra).toEqual({});

    const oldStoryGraph = 'Title,Author,ISBN,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,Star Rating,Review,Tags,Owned?\nKindred,Octavia E. Butler,9780807083697,paperback,currently-reading,2021/02/01,,,0,,,"classics",Yes\n';
    const sg = await runImport(h, { csv: oldStoryGraph, enrich: false });
    expect(sg.terminal).toMatchObject({ summary: { details: { format: 'storygraph' } } });
    expect(book(sg.items[0])).toMatchObject({ title: 'Kindred', authors: [{ name: 'Octavia E. Butler', role: null }], isbn13: '9780807083697', status: 'currently_reading', owned: true });

    const tsv = new TextDecoder('windows-1252').decode(readFileSync(`${FIXTURES}/imports/bookwyrm/librarything.tsv`));
    const ltCsv = Papa.unparse(Papa.parse<string[]>(tsv, { delimiter: '\t' }).data.filter((r) => r.length > 1));
    const lt = await runImport(h, { csv: ltCsv, filename: 'librarything.csv', enrich: false });
    expect(lt.terminal).toMatchObject({ summary: { itemCount: 3, details: { format: 'librarything', delimiter: ',' } } });
    expect(book(lt.items[0])).toMatchObject({ authors: [{ name: 'Julio Cortazar', role: null }], rating: 4.5, status: 'read' });

    const oldLt = 'TITLE,"AUTHOR (first, last)","AUTHOR (last, first)",DATE,ISBN,PUBLICATION INFO,TAGS,RATING,REVIEW,ENTRY DATE\nMarelle,Julio Cortazar,"Cortazar, Julio",1979,[2070291340],"Gallimard (1979), Poche","roman, espagnol",4.5,,[2006-08-09]\n';
    const old = await runImport(h, { csv: oldLt, enrich: false });
    expect(old.terminal).toMatchObject({ summary: { details: { format: 'generic', mappedBy: 'synonyms' } } });
    expect(book(old.items[0])).toMatchObject({ title: 'Marelle', authors: [{ name: 'Julio Cortazar', role: null }], isbn13: '9782070291342', publisher: 'Gallimard', shelves: ['roman', 'espagnol'], rating: 4.5, dateAdded: '2006-08-09' });
  });
});

describe('imports.startCsv: any spreadsheet, duplicates, reuse', () => {
  it('maps a custom spreadsheet through synonyms, marks a duplicate, and finds its books', async () => {
    h = await startEnrichmentHarness();
    const csv = 'Book Name;Writer;ISBN-13;Stars\nA Clockwork Orange;Anthony Burgess;978-0-241-95144-6;4\nDune;Herbert, Frank;;5\nA Clockwork Orange;Burgess, Anthony;;\n';
    const run = await runImport(h, { csv, filename: 'my books.csv' });
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 2, duplicate: 1 }, details: { format: 'generic', mappedBy: 'synonyms', delimiter: ';' } } });
    expect(run.items[2]).toMatchObject({ status: 'duplicate', result: { duplicateOf: 0, duplicateOfLine: 2 } });
    expect(book(run.items[1])).toMatchObject({ title: 'Dune', authors: [{ name: 'Frank Herbert', role: null }], rating: 5 });
  });

  it('reuses the parse and the provider cache when the same bytes are imported again', async () => {
    h = await startEnrichmentHarness();
    const input = fixture('goodreads_library_export.24col.csv');
    const first = await runImport(h, input);
    const callsAfterFirst = upstreamCalls(h);
    expect(callsAfterFirst).toBeGreaterThan(0);
    const second = await runImport(h, input);
    expect(second.terminal).toMatchObject({ type: 'completed', summary: { details: { reusedParse: true } } });
    expect(first.terminal).toMatchObject({ summary: { details: { reusedParse: false } } });
    expect(upstreamCalls(h)).toBe(callsAfterFirst);
    expect(second.items.map((i) => i.status)).toEqual(first.items.map((i) => i.status));
  });

  it('answers the same file sent again while its import runs with that import (duplicateOf), not a second one', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    h.fakes.openlibrary.faults.latencyMs = 300; // keeps the first import running meanwhile
    const csv = 'Title,Author\nDune,Frank Herbert\nEmma,Jane Austen\n';
    const first = await h.caller.imports.startCsv({ csv });
    expect(first.duplicateOf).toBeUndefined();
    const again = await h.caller.imports.startCsv({ csv });
    expect(again).toMatchObject({ jobId: first.jobId, duplicateOf: first.jobId, kind: 'csv-import' });
    // A token of its own, which reads the job.
    expect(again.token).not.toBe(first.token);
    expect((await h.reader(again.token).jobs.get({ jobId: first.jobId })).jobId).toBe(first.jobId);
    // Other options, or an idempotency key of the client's own: a job of their own.
    const parsedOnly = await h.caller.imports.startCsv({ csv, enrich: false });
    expect(parsedOnly.jobId).not.toBe(first.jobId);
    const keyed = await h.caller.imports.startCsv({ csv, idempotencyKey: 'send-2' });
    expect(keyed.jobId).not.toBe(first.jobId);
    expect(keyed.duplicateOf).toBeUndefined();
    // Once the import has ended, sending the file again imports it again.
    await h.events(first.jobId, first.token);
    await h.events(keyed.jobId, keyed.token);
    const later = await h.caller.imports.startCsv({ csv });
    expect(later.jobId).not.toBe(first.jobId);
    expect(later.duplicateOf).toBeUndefined();
  });

  it('keeps the rows of an outage as provider_unavailable, and retryFailed looks up only those, without parsing again', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    h.fakes.openlibrary.faults.down = true;
    const csv = 'Title,Author,ISBN\nDune,Frank Herbert,9780441172719\nDune Messiah,Frank Herbert,\n,Someone,\n';
    const run = await runImport(h, { csv });
    expect(run.items.map((i) => i.status)).toEqual(['provider_unavailable', 'provider_unavailable', 'invalid']);
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { provider_unavailable: 2, invalid: 1 } } });

    h.fakes.openlibrary.faults.down = false;
    await new Promise((r) => setTimeout(r, 350)); // the breaker's open period
    const reader = h.reader(run.token);
    expect((await reader.jobs.retryFailed({ jobId: run.jobId })).retriedItems).toBe(2);
    const again = await h.events(run.jobId, run.token);
    expect(terminalOf(again)).toMatchObject({ type: 'completed', summary: { itemCount: 3, counts: { matched: 2, invalid: 1 }, details: { rows: 3 } } });
    const retryPhases = again.slice(run.events.length).flatMap((e) => (e.type === 'phase' ? [e.phase] : []));
    expect(retryPhases).toEqual(['enriching', 'finalizing']);
    expect((await h.results(run.jobId, run.token)).map((i) => i.status)).toEqual(['matched', 'matched', 'invalid']);
  });

  it('with enrich: false only parses and maps: every row `parsed`, no provider called', async () => {
    h = await startEnrichmentHarness();
    const run = await runImport(h, { csv: 'Title,Author\nDune,Frank Herbert\nEmma,Jane Austen\n', enrich: false });
    expect(run.items.map((i) => i.status)).toEqual(['parsed', 'parsed']);
    expect(run.events.some((e) => e.type === 'phase' && e.phase === 'enriching')).toBe(false);
    expect(upstreamCalls(h)).toBe(0);
  });
});

describe('imports.startCsv: data-quality defects of real exports', () => {
  const GOODREADS_HEADER = 'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,Number of Pages,Year Published,Date Read,Date Added,Bookshelves,Exclusive Shelf';

  it('Goodreads: two additional authors stay two, spaces collapse, a junk ISBN is a note, and only true repeats are duplicates', async () => {
    h = await startEnrichmentHarness();
    const csv = [
      GOODREADS_HEADER,
      '1,The Husky and His White Cat Shizun,Rou Bao Bu Chi Rou,"Rou, Rou Bao Bu Chi","肉包不吃肉, Meatbun Doesn\'t Eat Meat",="",="",5,,Paperback,,,,2024/01/02,,read',
      '2,Shuggie  Bain,Douglas   Stuart,"Stuart, Douglas",,="AlexisGlyn",="",4,Grove Press,Hardcover,430,2020,2021/03/01,2021/01/02,,read',
      '3,Exhalation,Ted Chiang,"Chiang, Ted",,="",="",4,,Kindle Edition,45,2008,2019/05/01,2019/04/01,,read',
      '4,Exhalation,Ted Chiang,"Chiang, Ted",,="",="",5,Knopf,Hardcover,447,2019,2020/02/01,2020/01/01,,read',
      '5,Exhalation,Ted Chiang,"Chiang, Ted",,="",="",5,Knopf,Hardcover,447,2019,2020/02/01,2020/01/01,,read',
      // Read as "Last, First", this would be one "Zoran Janjetov Moebius": the column's convention decides.
      '6,The Incal,Alejandro Jodorowsky,"Jodorowsky, Alejandro","Moebius, Zoran Janjetov",="",="",4,,Paperback,308,2011,,2022/01/01,,read',
    ].join('\n');
    const run = await runImport(h, { csv, enrich: false });
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { parsed: 5, duplicate: 1 }, details: { format: 'goodreads' } } });
    expect(book(run.items[0]).authors).toEqual([
      { name: 'Rou Bao Bu Chi Rou', role: null },
      { name: '肉包不吃肉', role: null },
      { name: "Meatbun Doesn't Eat Meat", role: null },
    ]);
    expect(book(run.items[1])).toMatchObject({ title: 'Shuggie Bain', authors: [{ name: 'Douglas Stuart', role: null }], asin: null, isbn13: null, notes: ['"AlexisGlyn" is neither an ISBN nor an ASIN; not used'] });
    expect(book(run.items[5]).authors.map((a) => a.name)).toEqual(['Alejandro Jodorowsky', 'Moebius', 'Zoran Janjetov']);
    expect(run.items.map((i) => i.status)).toEqual(['parsed', 'parsed', 'parsed', 'parsed', 'duplicate', 'parsed']);
    expect(run.items[4]).toMatchObject({ result: { duplicateOf: 3, duplicateOfLine: 5 } });
  });

  it('StoryGraph: an agency named with "and" is one author, two people in the list are two', async () => {
    h = await startEnrichmentHarness();
    const csv = [
      'Title,Authors,Contributors,ISBN/UID,Format,Read Status,Star Rating',
      "Citizen's Almanac,U.S. Citizenship and Immigration Services,,,paperback,read,3",
      'Good Omens,"Neil Gaiman, Terry  Pratchett",,,paperback,read,5',
    ].join('\n');
    const run = await runImport(h, { csv, enrich: false });
    expect(run.terminal).toMatchObject({ summary: { details: { format: 'storygraph' } } });
    expect(book(run.items[0]).authors).toEqual([{ name: 'U.S. Citizenship and Immigration Services', role: null }]);
    expect(book(run.items[1]).authors.map((a) => a.name)).toEqual(['Neil Gaiman', 'Terry Pratchett']);
  });

  it('a chosen format that does not fit: refused without its title column, read with a stated mismatch otherwise', async () => {
    h = await startEnrichmentHarness();
    const refused = await runImport(h, { csv: 'Book Name,Writer\nDune,Frank Herbert\n', format: 'storygraph', enrich: false });
    expect(refused.terminal).toMatchObject({ type: 'failed', error: { code: 'CSV_FORMAT_MISMATCH', retryable: false } });
    expect(refused.terminal?.type === 'failed' && refused.terminal.error.message).toContain('it has no "Title" column. A StoryGraph export has "Title", "Authors"');
    expect(refused.terminal?.type === 'failed' && refused.terminal.error.message).toContain('this header has 2 column(s): "Book Name", "Writer"');

    const goodreads = `${GOODREADS_HEADER}\n1,Dune,Frank Herbert,"Herbert, Frank",,="",="9780441172719",5,,,,,,,,read\n`;
    const asLibraryThing = await runImport(h, { csv: goodreads, format: 'librarything', enrich: false });
    expect(asLibraryThing.terminal).toMatchObject({ type: 'completed', summary: { details: { format: 'librarything' } } });
    const mapping = asLibraryThing.events.find((e) => e.type === 'phase' && e.phase === 'mapping');
    expect(mapping?.type === 'phase' && mapping.message).toContain('the header does not fit the LibraryThing format that was chosen; it lacks "Primary Author", "Rating"');
    expect(mapping?.type === 'phase' && mapping.message).toContain('it looks like a Goodreads export');
    const warning = asLibraryThing.events.find((e) => e.type === 'warning');
    expect(warning).toMatchObject({ type: 'warning', code: 'CSV_FORMAT_MISMATCH' });
    expect(warning?.type === 'warning' && warning.message).toContain('it looks like a Goodreads export');
  });

  it('LibraryThing: a sort-form title is looked up in natural order and stored as written', async () => {
    h = await startEnrichmentHarness({ env: { ENRICH_PROVIDERS: 'openlibrary' } });
    const tsv = 'Book Id\tTitle\tSort Character\tPrimary Author\tRating\nlt1\tClockwork Orange, A\t1\tBurgess, Anthony\t4\n';
    const run = await runImport(h, { csv: tsv, filename: 'librarything.tsv' });
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { matched: 1 }, details: { format: 'librarything' } } });
    expect(book(run.items[0])).toMatchObject({ title: 'Clockwork Orange, A', authors: [{ name: 'Anthony Burgess', role: null }] });
    const searched = h.fakes.openlibrary.calls.map((c) => c.query.get('title')).filter((t) => t !== null);
    expect(searched).toContain('A Clockwork Orange');
    expect(searched).not.toContain('Clockwork Orange, A');
  });
});

describe('imports.startCsv: bad files', () => {
  async function refusal(p: Promise<unknown>): Promise<{ code: string; appCode: unknown; field: unknown; message: string }> {
    try {
      await p;
    } catch (error: unknown) {
      const e = error as { code: string; message: string; cause?: { code?: unknown; field?: unknown; issues?: { path: PropertyKey[] }[] } };
      return { code: e.code, message: e.message, appCode: e.cause?.code ?? 'ZOD', field: e.cause?.field ?? e.cause?.issues?.[0]?.path.join('.') };
    }
    throw new Error('expected the start to be refused');
  }

  it('refuses an empty file, binary data, a 12 MiB file and an ambiguous body before any job exists', async () => {
    h = await startEnrichmentHarness();
    expect(await refusal(h.caller.imports.startCsv({ csv: '' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'CSV_EMPTY', field: 'csv' });
    expect(await refusal(h.caller.imports.startCsv({ csv: '\n  \n' }))).toMatchObject({ appCode: 'CSV_EMPTY' });
    const png = readFileSync(`${FIXTURES}/images/tiny-test.jpg`).toString('base64');
    expect(await refusal(h.caller.imports.startCsv({ csvBase64: png }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'CSV_NOT_TEXT', field: 'csvBase64' });
    const big = `Title\n${'x'.repeat(12 * 1024 * 1024)}\n`;
    expect(await refusal(h.caller.imports.startCsv({ csv: big }))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', appCode: 'PAYLOAD_TOO_LARGE', field: 'csv' });
    // Both at once does not compile (the input type is a union); untyped clients still get a 400.
    const both = { csv: 'Title\nA\n', csvBase64: 'VGl0bGU=' } as unknown as { csv: string };
    expect(await refusal(h.caller.imports.startCsv(both))).toMatchObject({ code: 'BAD_REQUEST', field: 'csv' });
    expect(await refusal(h.caller.imports.startCsv({ csvBase64: 'not base64!' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'csvBase64' });
    expect(h.db.$client.prepare('select count(*) as n from jobs').get()).toEqual({ n: 0 });
  });

  async function failure(harness: EnrichmentHarness, csv: string) {
    const run = await runImport(harness, { csv });
    expect(run.terminal?.type).toBe('failed');
    return run.terminal as Extract<TJobEvent, { type: 'failed' }>;
  }

  it('refuses a header-only file at the start, and fails a file over MAX_CSV_ROWS and a file with no title column, each with its own code', async () => {
    h = await startEnrichmentHarness({ csvLimits: { maxRows: 5 } });
    expect(await refusal(h.caller.imports.startCsv({ csv: 'Title,Author\n' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'CSV_NO_ROWS', field: 'csv' });
    // A header whose quoted cell spans two lines passes that first look; the parse finds no rows.
    expect((await failure(h, 'Title,"Author\nname"\n')).error).toEqual({ code: 'CSV_NO_ROWS', message: 'the file has a header line but no rows', retryable: false });
    const six = `Title\n${['A', 'B', 'C', 'D', 'E', 'F'].join('\n')}\n`;
    expect((await failure(h, six)).error).toMatchObject({ code: 'CSV_TOO_MANY_ROWS', message: expect.stringContaining('6 rows; the limit is 5') as unknown });
    const noTitle = await failure(h, 'Colour,Weight,Shelf position\nblue,1kg,3\n');
    expect(noTitle.error.code).toBe('CSV_NO_TITLE_COLUMN');
    expect(noTitle.error.message).toContain('"Colour", "Weight", "Shelf position"');
  });

  it('keeps every row around broken quotes: the malformed ones are invalid with their line, the rest imported', async () => {
    h = await startEnrichmentHarness();
    const csv = 'Title,Author\nDune,Frank Herbert\nEmma,Jane Austen,extra\n"Broken,Someone\nUbik,Philip K. Dick\n\nKindred,Octavia E. Butler\n';
    const run = await runImport(h, { csv, enrich: false });
    expect(run.items.map((i) => [i.status, (i.input as { line: number }).line])).toEqual([
      ['parsed', 2],
      ['invalid', 3],
      ['invalid', 4],
      ['parsed', 5],
      ['parsed', 7],
    ]);
    expect(run.items[1]?.error).toMatchObject({ code: 'CSV_FIELD_COUNT' });
    expect(run.items[2]).toMatchObject({ error: { code: 'CSV_UNTERMINATED_QUOTE' }, input: { raw: '"Broken,Someone' } satisfies Partial<TInvalidRow> });
    const announced = run.events.filter((e): e is Extract<TJobEvent, { type: 'item' }> => e.type === 'item');
    expect(announced.map((e) => [e.index, e.status])).toEqual([
      [1, 'invalid'],
      [2, 'invalid'],
    ]);
    expect(run.terminal).toMatchObject({ type: 'completed', summary: { counts: { parsed: 3, invalid: 2 } } });
  });
});
