import type { TEditionFormat } from '../../contract/books.js';

const RULES: readonly [RegExp, TEditionFormat][] = [
  [/mass[\s-]*market/i, 'Mass Market'],
  [/audio|audible|mp3|\bcd\b|cassette/i, 'Audiobook'],
  [/e-?book|kindle|digital|epub|electronic|nook/i, 'E-book'],
  [/hard\s*(cover|back|bound)|library binding|\bhc\b/i, 'Hardcover'],
  [/paper\s*back|trade pap|soft\s*(cover|back)|\bpb\b/i, 'Paperback'],
];

/** A provider's or export's binding as one of the five canonical formats (unknown → Paperback). */
export function toEditionFormat(binding: string | undefined): TEditionFormat {
  if (binding === undefined) return 'Paperback';
  return RULES.find(([pattern]) => pattern.test(binding))?.[1] ?? 'Paperback';
}

/** The canonical format a binding names, or null when it names none ("Unknown Binding", "Broché"). */
export function editionFormatOf(binding: string | null): TEditionFormat | null {
  if (binding === null) return null;
  return RULES.find(([pattern]) => pattern.test(binding))?.[1] ?? null;
}
