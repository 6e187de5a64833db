import { describe, expect, it } from 'vitest';
import { normalizeDate } from '../../src/providers/dates.js';
import type { ProviderRecord } from '../../src/providers/types.js';
import { toEditionFormat } from '../../src/jobs/enrichment/format.js';
import { normalizeGenres } from '../../src/jobs/enrichment/genres.js';
import { groupRecords, mergeRecords } from '../../src/jobs/enrichment/merge.js';
import { authorKey, normalizeAuthor, normalizeTitle } from '../../src/jobs/enrichment/normalize.js';
import { classify, scoreCandidate } from '../../src/jobs/enrichment/score.js';

const record = (over: Partial<ProviderRecord> & Pick<ProviderRecord, 'provider' | 'title'>): ProviderRecord => ({ id: `${over.provider}-1`, authors: [], isbn13s: [], subjects: [], ids: {}, ...over });

describe('normalisation', () => {
  it('titles lose series notes, articles, accents and punctuation', () => {
    expect(normalizeTitle('The Way of Kings (The Stormlight Archive, #1)')).toBe('way of kings');
    expect(normalizeTitle("L'Étranger")).toBe('etranger');
    expect(normalizeTitle('Harry Potter à l’école des sorciers')).toBe('harry potter a lecole des sorciers');
  });
  it('authors are turned round and keyed loosely', () => {
    expect(normalizeAuthor('Tolkien, J.R.R.')).toBe('j r r tolkien');
    expect(normalizeAuthor('King, Jr., Martin Luther')).toBe('king jr martin luther');
    expect(authorKey('J.R.R. Tolkien')).toBe(authorKey('John Ronald Reuel Tolkien'));
  });
  it('dates keep the precision they had', () => {
    expect(normalizeDate('July 16, 2019')).toBe('2019-07-16');
    expect(normalizeDate('2002')).toBe('2002');
    expect(normalizeDate('2019-10-03T00:00:00+02:00')).toBe('2019-10-03');
    expect(normalizeDate('Jan 1998')).toBe('1998-01');
    expect(normalizeDate('n.d.')).toBeUndefined();
  });
});

describe('scoring', () => {
  const hobbit = record({ provider: 'openlibrary', title: 'The Hobbit, or There and Back Again', authors: ['J.R.R. Tolkien'], isbn13s: ['9780547928227'], publishedDate: '2012' });
  it('a title with its subtitle and a "Last, First" author is a match', () => {
    const { score } = scoreCandidate({ title: 'The Hobbit', author: 'Tolkien, J.R.R.' }, hobbit);
    expect(classify(score)).toBe('matched');
  });
  it('a sequel by the same author is not a match', () => {
    const messiah = record({ provider: 'openlibrary', title: 'Dune Messiah', authors: ['Frank Herbert'] });
    expect(scoreCandidate({ title: 'Dune', author: 'Frank Herbert' }, messiah).score).toBeLessThan(0.8);
  });
  it('another book by the same author falls below review', () => {
    const other = record({ provider: 'openlibrary', title: 'The Silmarillion', authors: ['J.R.R. Tolkien'] });
    expect(classify(scoreCandidate({ title: 'The Hobbit', author: 'J. R. R. Tolkien' }, other).score)).toBe('not_found');
  });
  it('an ISBN that finds a different title goes to review, the right one scores high', () => {
    const wrong = scoreCandidate({ title: 'Gardening for Beginners', isbn13: '9780547928227' }, hobbit);
    expect(wrong.score).toBe(0.55);
    expect(classify(wrong.score)).toBe('needs_review');
    expect(scoreCandidate({ title: 'The Hobbit', isbn13: '9780547928227' }, hobbit).score).toBeGreaterThanOrEqual(0.95);
    expect(scoreCandidate({ isbn13: '9780547928227' }, hobbit).score).toBe(1);
  });
  it('an ISBN with an agreeing author is a match however noisy the title; without one it stays a review case', () => {
    // A real LibraryThing row: the title carries edition noise, the ISBN and the author are right.
    const goal = record({ provider: 'openlibrary', title: 'The Goal', subtitle: 'A Process of Ongoing Improvement', authors: ['Eliyahu M. Goldratt', 'Jeff Cox'], isbn13s: ['9780884271956'] });
    const noisy = { title: 'The Goal 3th (third) edition Text Only', isbn13: '9780884271956' };
    expect(scoreCandidate(noisy, goal).reasons).toContain('isbn finds another title');
    expect(classify(scoreCandidate(noisy, goal).score)).toBe('needs_review');
    for (const author of ['Goldratt, Eliyahu M.', 'Eliyahu Goldratt', 'Jeff Cox']) {
      const withAuthor = scoreCandidate({ ...noisy, author }, goal);
      expect(withAuthor.reasons).toContain('isbn and author agree; the title differs');
      expect(classify(withAuthor.score)).toBe('matched');
    }
    expect(classify(scoreCandidate({ ...noisy, author: 'Stephen King' }, goal).score)).toBe('needs_review');
    // The rule trusts ISBN and author together over any title.
    expect(classify(scoreCandidate({ title: 'Gardening for Beginners', author: 'J. R. R. Tolkien', isbn13: '9780547928227' }, hobbit).score)).toBe('matched');
  });
});

describe('genres and formats', () => {
  it('maps provider subjects to canonical genres and drops noise', () => {
    expect(normalizeGenres(['Fiction / Science Fiction / Space Opera', 'Accessible book', 'Protected DAISY'])).toEqual(['Fiction', 'Science Fiction']);
    expect(normalizeGenres(['Juvenile Fiction / Fantasy & Magic'])).toContain('Fantasy');
    expect(normalizeGenres(['Epistolary', 'Time-traveling'])).toEqual(['Epistolary', 'Time Traveling']);
  });
  it('every binding becomes one of the five formats', () => {
    expect(toEditionFormat('Mass Market Paperback')).toBe('Mass Market');
    expect(toEditionFormat('Kindle Edition')).toBe('E-book');
    expect(toEditionFormat('Audible Audio')).toBe('Audiobook');
    expect(toEditionFormat('Hardback')).toBe('Hardcover');
    expect(toEditionFormat('Spiral-bound')).toBe('Paperback');
    expect(toEditionFormat(undefined)).toBe('Paperback');
  });
});

describe('merge', () => {
  const isbn = '9781534431003';
  const ol = record({ provider: 'openlibrary', title: 'This Is How You Lose the Time War', authors: ['Amal El-Mohtar', 'Max Gladstone'], isbn13s: [isbn], publisher: 'Simon and Schuster', publishedDate: '2019-07-16', coverUrl: 'https://covers.example/b/id/1-L.jpg?default=false', subjects: ['Science fiction'], ids: { openLibraryEdition: 'OL27901088M' } });
  const google = record({ provider: 'google-books', title: 'This Is How You Lose the Time War: A Novel', authors: ['Amal El-Mohtar'], isbn13s: ['9781534431010'], description: '<p>Among the ashes of a dying world, an agent finds a letter.</p>', publishedDate: '2019', pageCount: 209, coverUrl: 'https://books.google.com/x?zoom=1', ids: { googleBooksVolume: 'g1' } });
  const isbndb = record({ provider: 'isbndb', title: 'This Is How You Lose The Time War', authors: ['Amal El-Mohtar', 'Max Gladstone'], isbn13s: [isbn], pageCount: 208, binding: 'Hardcover', description: 'Short.', ids: { isbndb: isbn } });

  it('takes each field by its rule and records the provider of each', () => {
    const merged = mergeRecords([ol, google, isbndb], { matchedByIsbn: isbn });
    expect(merged.work.title).toBe('This Is How You Lose the Time War');
    expect(merged.provenance['work.title']).toBe('openlibrary');
    expect(merged.work.description).toBe('Among the ashes of a dying world, an agent finds a letter.');
    expect(merged.provenance['work.description']).toBe('google-books');
    expect(merged.edition.pageCount).toBe(208); // from an ISBN-matched edition (ISBNdb), not Google's other edition
    expect(merged.provenance['edition.pageCount']).toBe('isbndb');
    expect(merged.edition.coverImageURL).toBe(ol.coverUrl);
    expect(merged.edition.format).toBe('Hardcover');
    expect(merged.edition.isbns).toEqual(['9781534431003', '9781534431010', '1534431004', '1534431012']);
    expect(merged.work.googleBooksVolumeIDs).toEqual(['g1']);
    expect(merged.work.firstPublicationYear).toBe(2019);
    expect(merged.work.isbndbQuality).toBe(60); // 50 + pages 5 + authors 5: no image, short synopsis
    expect(merged.providers).toEqual(['openlibrary', 'google-books', 'isbndb']);
    expect(merged.authors.map((a) => a.name)).toEqual(['Amal El-Mohtar', 'Max Gladstone']);
  });

  it('groups search results that are one book across providers', () => {
    const messiah = record({ provider: 'google-books', title: 'Dune Messiah', authors: ['Frank Herbert'] });
    const dune = record({ provider: 'google-books', title: 'Dune', authors: ['Frank Herbert'], isbn13s: ['9780441172719'] });
    const olDune = record({ provider: 'openlibrary', title: 'Dune', authors: ['Frank Herbert'], isbn13s: ['9780441172719', '9780340960196'] });
    expect(groupRecords([olDune, messiah, dune]).map((g) => g.map((r) => `${r.provider}:${r.title}`))).toEqual([
      ['openlibrary:Dune', 'google-books:Dune'],
      ['google-books:Dune Messiah'],
    ]);
  });
});
