import type { z } from 'zod';
import type { ZImportedAuthor } from '../../../contract/imports.js';

export type TImportedAuthor = z.infer<typeof ZImportedAuthor>;

/** "Cortazar, Julio" → "Julio Cortazar"; a name without one comma is left as it is. */
export function turnRound(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) return name.trim();
  // "Jr." and friends are suffixes, not given names.
  if (/^(jr|sr|ii|iii|iv|phd|md)\.?$/i.test(parts[1])) return name.trim();
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
  return m?.[1] ? { name: m[1].trim(), role: (m[2] ?? '').trim() || defaultRole } : { name: entry.trim(), role: defaultRole };
}

export interface NameListOptions {
  /** `one`: the whole cell is one name; `list`: names separated by commas too; `guess` (default): see below. */
  shape?: 'one' | 'list' | 'guess';
  /** Each name is written "Last, First" (LibraryThing): names are then separated by `;` or `|`. */
  lastFirst?: boolean;
  /** Role for entries without one in parentheses (null: an author). */
  defaultRole?: string | null;
}

/**
 * A cell naming one or more people: separated by `;`, `|`, `&` or " and ", and by commas unless the
 * names are "Last, First" (then a lone comma is the name's own). In a cell that is not declared
 * "Last, First", one comma after a single word ("King, Stephen") is still read as "Last, First".
 */
export function readPeople(cell: string | null, opts: NameListOptions = {}): TImportedAuthor[] {
  if (cell === null) return [];
  const defaultRole = opts.defaultRole ?? null;
  if (opts.shape === 'one') {
    const person = withRole(opts.lastFirst ? turnRound(cell) : cell.trim(), defaultRole);
    return person.name === '' ? [] : [person];
  }
  const hard = splitOutsideParens(cell, /[;|&]/).flatMap((p) => p.split(/\s+and\s+/i));
  const entries = hard.flatMap((part) => {
    if (opts.lastFirst) return [turnRound(part)];
    const commaParts = splitOutsideParens(part, /,/);
    const lastFirst = commaParts.length === 2 && commaParts[0] && !/\s/.test(commaParts[0]) && !/\(/.test(part);
    if (opts.shape !== 'list' && lastFirst) return [turnRound(part)];
    return commaParts;
  });
  const people: TImportedAuthor[] = [];
  for (const entry of entries) {
    const person = withRole(entry, defaultRole);
    if (person.name !== '' && !people.some((p) => p.name === person.name && p.role === person.role)) people.push(person);
  }
  return people;
}
