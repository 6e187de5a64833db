import type { z } from 'zod';
import type { ZImportedAuthor } from '../../../contract/imports.js';
import { collapseSpaces } from './cells.js';
import { isNameSuffix, isOnePersonLastFirst, isWholeName, looksLikePerson } from './person-names.js';

export type TImportedAuthor = z.infer<typeof ZImportedAuthor>;

/** "Cortazar, Julio" → "Julio Cortazar"; a name without one comma is left as it is. */
export function turnRound(name: string): string {
  const parts = name.split(',').map(collapseSpaces);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return collapseSpaces(name);
  // "Jr." and friends are suffixes, not given names.
  if (isNameSuffix(parts[1])) return collapseSpaces(name);
  return `${parts[1]} ${parts[0]}`;
}

/** Splits on commas outside parentheses: "A (Narrator), B (Translator, Editor)". */
function splitOutsideParens(text: string, separator: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && separator.test(ch)) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** "Shvorne Marks (Narrator)" → name and role; no parentheses → `defaultRole`. */
function withRole(entry: string, defaultRole: string | null): TImportedAuthor {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(entry);
  return m?.[1] ? { name: collapseSpaces(m[1]), role: collapseSpaces(m[2] ?? '') || defaultRole } : { name: collapseSpaces(entry), role: defaultRole };
}

export interface NameListOptions {
  /** `one`: the whole cell is one name; `list`: names in display order, separated by commas too; `guess` (default): see below. */
  shape?: 'one' | 'list' | 'guess';
  /** Each name is written "Last, First" (LibraryThing): names are then separated by `;` or `|`. */
  lastFirst?: boolean;
  /** Role for entries without one in parentheses (null: an author). */
  defaultRole?: string | null;
}

/**
 * "A and B", "A & B" (outside parentheses) as two entries, but only when each side names people:
 * "U.S. Citizenship and Immigration Services" stays whole.
 */
function splitAtConjunctions(part: string): string[] {
  // Parenthesised roles are masked so that "(Translator & Editor)" is never cut.
  const masked = part.replace(/\([^()]*\)/g, (group) => '_'.repeat(group.length));
  const pieces: string[] = [];
  let from = 0;
  for (const cut of masked.matchAll(/\s+and\s+|\s*&\s*/gi)) {
    pieces.push(part.slice(from, cut.index).trim());
    from = cut.index + cut[0].length;
  }
  pieces.push(part.slice(from).trim());
  const named = pieces.filter((p) => p !== '');
  if (named.length <= 1) return named;
  return named.every((piece) => splitOutsideParens(piece, /,/).every(looksLikePerson)) ? named : [part];
}

/**
 * The names of one entry of a cell, by the column's convention: "Last, First" names turned round;
 * a display-order list split at its commas; an unknown convention turned round only when it is
 * clearly one person ("King, Stephen"), split only when every part is a whole name ("Ursula K. Le
 * Guin, Todd Barton"), and otherwise kept as written ("Martin Luther King, Jr.").
 */
function namesOf(piece: string, opts: NameListOptions): string[] {
  if (opts.lastFirst) return [turnRound(piece)];
  const commaParts = splitOutsideParens(piece, /,/);
  if (commaParts.length < 2 || opts.shape === 'list') return commaParts;
  const [last = '', first = ''] = commaParts;
  if (commaParts.length === 2 && isOnePersonLastFirst(last, first)) return [turnRound(piece)];
  return commaParts.every(isWholeName) ? commaParts : [piece];
}

/**
 * A cell naming one or more people: separated by `;` or `|`, by `&` or " and " between people
 * (not inside an organisation's name), and by commas as the column's convention says (see
 * `namesOf`). Runs of spaces inside a name are collapsed.
 */
export function readPeople(cell: string | null, opts: NameListOptions = {}): TImportedAuthor[] {
  if (cell === null) return [];
  const defaultRole = opts.defaultRole ?? null;
  if (opts.shape === 'one') {
    const person = withRole(opts.lastFirst ? turnRound(cell) : cell, defaultRole);
    return person.name === '' ? [] : [person];
  }
  const entries = splitOutsideParens(cell, /[;|]/)
    .flatMap(splitAtConjunctions)
    .flatMap((piece) => namesOf(piece, opts));
  const people: TImportedAuthor[] = [];
  for (const entry of entries) {
    const person = withRole(entry, defaultRole);
    if (person.name !== '' && !people.some((p) => p.name === person.name && p.role === person.role)) people.push(person);
  }
  return people;
}
