import { describe, expect, it } from 'vitest';
import { dialectOf } from '../../src/jobs/csv-import/formats.js';
import { mapRow, resolveMapping } from '../../src/jobs/csv-import/map-row.js';
import { isOnePersonLastFirst, looksLikePerson } from '../../src/jobs/csv-import/normalize/person-names.js';
import { readPeople } from '../../src/jobs/csv-import/normalize/people.js';

const names = (...args: Parameters<typeof readPeople>) => readPeople(...args).map((p) => p.name);

describe('"Last, First" only where the column says so, or where it is clearly one person', () => {
  it('reads a display-order list (Goodreads Additional Authors) as two people, never one turned-round name', () => {
    expect(names("肉包不吃肉, Meatbun Doesn't Eat Meat", { shape: 'list' })).toEqual(['肉包不吃肉', "Meatbun Doesn't Eat Meat"]);
    expect(names('Anne Cazor, Mélanie Dupuis', { shape: 'list' })).toEqual(['Anne Cazor', 'Mélanie Dupuis']);
  });

  it('in a column of unknown convention, turns round one person only', () => {
    expect(names("肉包不吃肉, Meatbun Doesn't Eat Meat")).toEqual(['肉包不吃肉', "Meatbun Doesn't Eat Meat"]);
    expect(names('King, Stephen')).toEqual(['Stephen King']);
    expect(names('Le Guin, Ursula K.')).toEqual(['Ursula K. Le Guin']);
    expect(names('Tolkien, J. R. R.')).toEqual(['J. R. R. Tolkien']);
    expect(names('Ursula K. Le Guin, Todd Barton')).toEqual(['Ursula K. Le Guin', 'Todd Barton']);
    // Neither clearly one person nor clearly two: kept as written rather than guessed.
    expect(names('García Márquez, Gabriel')).toEqual(['García Márquez, Gabriel']);
    expect(names('Martin Luther King, Jr.')).toEqual(['Martin Luther King, Jr.']);
  });

  it('turns round a column declared "Last, First" (LibraryThing), each name of the list', () => {
    expect(names('Cortazar, Julio; Dupuis, Mélanie', { lastFirst: true })).toEqual(['Julio Cortazar', 'Mélanie Dupuis']);
  });

  it.each([
    ['King', 'Stephen', true],
    ['van Gogh', 'Vincent', true],
    ['肉包不吃肉', "Meatbun Doesn't Eat Meat", false],
    ['Meatbun', '肉包不吃肉', false],
    ['村上', '春樹', false],
    ['Barton', 'Todd Michael James Lee', false],
    ['Le Guin Barton', 'Todd', false],
    ['King', 'Jr.', false],
    ['Press', 'Oxford University', false],
  ] as const)('isOnePersonLastFirst(%s, %s) is %s', (last, first, expected) => {
    expect(isOnePersonLastFirst(last, first)).toBe(expected);
  });
});

describe('"and" and "&" split people, never an organisation', () => {
  it('keeps corporate and institutional names whole', () => {
    expect(names('U.S. Citizenship and Immigration Services')).toEqual(['U.S. Citizenship and Immigration Services']);
    expect(names('U.S. Citizenship and Immigration Services', { shape: 'list' })).toEqual(['U.S. Citizenship and Immigration Services']);
    expect(names('Department of Health and Human Services; Jane Doe')).toEqual(['Department of Health and Human Services', 'Jane Doe']);
    expect(names('Procter & Gamble Co.')).toEqual(['Procter & Gamble Co.']);
    expect(names('Bill and Melinda Gates Foundation')).toEqual(['Bill and Melinda Gates Foundation']);
  });

  it('still splits two people, and never inside a role', () => {
    expect(names('Douglas Preston & Lincoln Child')).toEqual(['Douglas Preston', 'Lincoln Child']);
    expect(names('Neil Gaiman and Terry Pratchett', { shape: 'list' })).toEqual(['Neil Gaiman', 'Terry Pratchett']);
    expect(names('King, Stephen and Straub, Peter')).toEqual(['Stephen King', 'Peter Straub']);
    expect(readPeople('Anne Cazor (Translator & Editor)', { defaultRole: 'Contributor' })).toEqual([{ name: 'Anne Cazor', role: 'Translator & Editor' }]);
  });

  it.each([
    ['Immigration Services', false],
    ['Oxford University Press', false],
    ['Department of Health', false],
    ['The Editors', false],
    ['Ursula K. Le Guin', true],
    ['Shvorne Marks (Narrator)', true],
  ] as const)('looksLikePerson(%s) is %s', (text, expected) => {
    expect(looksLikePerson(text)).toBe(expected);
  });
});

describe('runs of spaces in names and titles', () => {
  it('collapses them in every shape of name cell', () => {
    expect(names('Douglas   Stuart', { shape: 'one' })).toEqual(['Douglas Stuart']);
    expect(names('Stuart,   Douglas')).toEqual(['Douglas Stuart']);
    expect(names('Cortazar ,  Julio', { shape: 'one', lastFirst: true })).toEqual(['Julio Cortazar']);
    expect(readPeople('Shvorne  Marks (Narrator)', { shape: 'list' })).toEqual([{ name: 'Shvorne Marks', role: 'Narrator' }]);
  });

  it('collapses them in a row\'s title, authors and publisher; the review keeps its line breaks', () => {
    const header = ['Title', 'Author', 'Additional Authors', 'Publisher', 'My Review', 'Exclusive Shelf', 'My Rating'];
    const m = resolveMapping(header, { title: 'Title', author: 'Author', additionalAuthors: 'Additional Authors', publisher: 'Publisher', review: 'My Review', status: 'Exclusive Shelf', rating: 'My Rating' });
    const out = mapRow({ line: 2, fields: ['Shuggie  Bain\n', 'Douglas   Stuart', "肉包不吃肉, Meatbun  Doesn't Eat Meat", 'Grove   Press', 'line one<br/><br/>line  two', 'read', '4'] }, m, dialectOf('goodreads'));
    expect(out).toMatchObject({
      ok: true,
      book: {
        title: 'Shuggie Bain',
        authors: [
          { name: 'Douglas Stuart', role: null },
          { name: '肉包不吃肉', role: null },
          { name: "Meatbun Doesn't Eat Meat", role: null },
        ],
        publisher: 'Grove Press',
        review: 'line one\n\nline  two',
      },
    });
  });
});
