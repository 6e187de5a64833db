/**
 * Whether a piece of an author cell names one person: what decides if "A and B" is two people,
 * and if "X, Y" is one person written "Last, First" or two people in a list.
 */

/** Words that name an organisation, never a person ("U.S. Citizenship and Immigration Services"). */
const INSTITUTION_WORDS = new Set([
  'academy', 'administration', 'agency', 'association', 'associates', 'authority', 'board', 'books', 'bureau', 'center',
  'centre', 'church', 'club', 'co', 'college', 'commission', 'committee', 'company', 'corp', 'corporation', 'council',
  'department', 'dept', 'editors', 'federation', 'foundation', 'government', 'group', 'inc', 'incorporated', 'institute',
  'institution', 'league', 'library', 'limited', 'llc', 'ltd', 'media', 'ministry', 'museum', 'office', 'organisation',
  'organization', 'partners', 'plc', 'press', 'publishers', 'publishing', 'school', 'service', 'services', 'society',
  'staff', 'studio', 'studios', 'team', 'trust', 'union', 'university',
]);

/** Lower-case words that join the words of a phrase, never those of a person's name. */
const FUNCTION_WORDS = new Set(['of', 'for', 'the', 'on', 'in', 'at', 'to', 'with', 'from', 'und', 'et', 'für']);

/** Particles a surname may start with ("Le Guin", "van Gogh", "de la Cruz"). */
const SURNAME_PARTICLE = /^(?:van|von|de|der|den|del|della|di|da|du|dos|das|la|le|st\.?|ter|ten|bin|ibn|al|el|mac)$/i;

const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|md)\.?$/i;

/** Scripts whose names are written family name first and without spaces (a comma there is a list). */
const FAMILY_FIRST_SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Hangul'] as const;
const SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Arabic', 'Hebrew', 'Thai', 'Devanagari', ...FAMILY_FIRST_SCRIPTS] as const;
const SCRIPT_TESTS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);

/** "Jr.", "III", "PhD": what follows a name after a comma without being a given name. */
export function isNameSuffix(text: string): boolean {
  return NAME_SUFFIX.test(text.trim());
}

/** The scripts the letters of `text` are written in ("Other" for any not listed). */
function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const ch of text.match(/\p{L}/gu) ?? []) found.add(SCRIPT_TESTS.find(([, test]) => test.test(ch))?.[0] ?? 'Other');
  return found;
}

const wordsOf = (text: string) => text.trim().split(/\s+/).filter((w) => w !== '');
const bare = (word: string) => word.toLowerCase().replace(/[^\p{L}]/gu, '');
const withoutRole = (text: string) => text.replace(/\s*\([^()]*\)\s*$/, '').trim();

/**
 * Could `text` (a role in parentheses aside) be the name, or a part of the name, of one person:
 * up to six words, no digits, no word of an organisation's name, no lower-case joining word.
 */
export function looksLikePerson(text: string): boolean {
  const words = wordsOf(withoutRole(text));
  if (words.length === 0 || words.length > 6 || /\d/.test(text) || isNameSuffix(text)) return false;
  if (/^the$/i.test(words[0] ?? '')) return false;
  return words.every((w) => !INSTITUTION_WORDS.has(bare(w)) && !FUNCTION_WORDS.has(w));
}

/**
 * A person's whole name in display order, as a list of names holds them: at least two words
 * ("Todd Barton"), or a name in a script written without spaces ("肉包不吃肉"). A lone word is
 * more likely half of a "Last, First" name than a whole one.
 */
export function isWholeName(text: string): boolean {
  if (!looksLikePerson(text)) return false;
  const name = withoutRole(text);
  return wordsOf(name).length >= 2 || FAMILY_FIRST_SCRIPTS.some((s) => scriptsOf(name).has(s));
}

/**
 * Whether "last, first" is clearly one person written "Last, First" ("King, Stephen", "Le Guin,
 * Ursula K."): one surname (particles allowed), given names of at most three words that are not a
 * suffix, both in one script, and a script that writes given names first. Anything else (two
 * whole names, a mix of scripts) is not turned round.
 */
export function isOnePersonLastFirst(last: string, first: string): boolean {
  if (/[()]/.test(last + first) || isNameSuffix(first)) return false;
  const surname = wordsOf(last);
  const given = wordsOf(first);
  if (surname.length === 0 || !surname.slice(0, -1).every((w) => SURNAME_PARTICLE.test(w))) return false;
  if (given.length === 0 || given.length > 3 || !looksLikePerson(last) || !looksLikePerson(first)) return false;
  const [script, ...more] = scriptsOf(last);
  const [givenScript, ...moreGiven] = scriptsOf(first);
  const oneScript = script !== undefined && script === givenScript && more.length === 0 && moreGiven.length === 0;
  return oneScript && !(FAMILY_FIRST_SCRIPTS as readonly string[]).includes(script);
}
