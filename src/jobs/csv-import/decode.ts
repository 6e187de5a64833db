/** How the bytes of a file were read as text. */
/** `utf-8+windows-1252`: UTF-8 with stray single bytes of the older encoding (edited by two programs). */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-8+windows-1252';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** Control characters that never occur in a text export (tab, LF, FF and CR are fine). */
function isBinaryByte(byte: number): boolean {
  return byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

/** How much of a file is sniffed for binary content: enough for any header and many rows. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Why these bytes cannot be a CSV, or null when they may be: empty (or only whitespace), binary
 * (a NUL anywhere, or control characters in the first 64 KiB, as in images, PDFs and spreadsheets
 * saved as .xlsx), or a single line (a header and no rows). UTF-16 files are binary by this test,
 * which is the honest answer: exports are UTF-8 or Latin-1.
 */
export function csvBytesProblem(bytes: Uint8Array): { code: 'CSV_EMPTY' | 'CSV_NOT_TEXT' | 'CSV_NO_ROWS'; message: string } | null {
  const start = hasBom(bytes) ? BOM.length : 0;
  let blank = true;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      blank = false;
      break;
    }
  }
  if (blank) return { code: 'CSV_EMPTY', message: bytes.length === 0 ? 'the file is empty' : 'the file holds only blank lines' };
  let firstBad = -1;
  for (let i = 0; i < Math.min(bytes.length, SNIFF_BYTES) && firstBad < 0; i++) if (isBinaryByte(bytes[i] ?? 0)) firstBad = i;
  if (firstBad < 0) firstBad = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0);
  if (firstBad >= 0) {
    return { code: 'CSV_NOT_TEXT', message: `this is not a text file: binary data at byte ${firstBad} (a CSV or TSV export is plain text)` };
  }
  if (!hasSecondLine(bytes, start)) return { code: 'CSV_NO_ROWS', message: 'the file has a header line but no rows' };
  return null;
}

/**
 * Whether any line after the first non-blank one has content: a file of one line is a header
 * with no rows (or one row with no header), which no import can read. Scans only until it knows.
 */
function hasSecondLine(bytes: Uint8Array, start: number): boolean {
  let seenContent = false;
  let lineEnded = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a || b === 0x0d) {
      lineEnded = seenContent;
      continue;
    }
    if (b === 0x20 || b === 0x09) continue;
    if (lineEnded) return true;
    seenContent = true;
  }
  return false;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/**
 * Windows-1252's characters for 0x80–0x9F (Node's decoder for that label is ISO-8859-1 there and
 * yields C1 controls); the five undefined positions keep their code.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function cp1252Char(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] ?? '') : String.fromCharCode(byte);
}

/** Length of the valid UTF-8 sequence starting at `i` (0 when the byte there starts none). */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  // The second byte's range is narrower after these leads (RFC 3629): overlong forms (E0, F0),
  // UTF-16 surrogates (ED) and code points past U+10FFFF (F4) are not UTF-8, and the decoder
  // would turn them into U+FFFD, losing bytes that Windows-1252 reads.
  const second = bytes[i + 1] ?? 0;
  const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  return length;
}

/**
 * Valid UTF-8 runs decoded as UTF-8, every other byte as Windows-1252: a LibraryThing export is
 * mostly UTF-8 with the odd Latin-1 byte, and decoding it all as one or the other garbles it.
 */
function decodeMixed(bytes: Uint8Array): { text: string; utf8Sequences: number } {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let runStart = 0;
  let utf8Sequences = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length > 0) {
      utf8Sequences++;
      i += length;
      continue;
    }
    parts.push(utf8.decode(bytes.subarray(runStart, i)), cp1252Char(b));
    runStart = ++i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(''), utf8Sequences };
}

/**
 * UTF-8 (with or without a BOM) when the bytes are valid UTF-8; otherwise byte by byte: valid
 * UTF-8 sequences as UTF-8 and the rest as Windows-1252, the superset of Latin-1 that LibraryThing
 * and old Excel exports use (a file with no UTF-8 at all is then plain Windows-1252). No BOM is kept.
 */
export function decodeCsv(input: Uint8Array): DecodedCsv {
  const bom = hasBom(input);
  const bytes = bom ? input.subarray(BOM.length) : input;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch (notUtf8: unknown) {
    if (!(notUtf8 instanceof TypeError)) throw notUtf8;
    const { text, utf8Sequences } = decodeMixed(bytes);
    return { text, encoding: utf8Sequences > 0 || bom ? 'utf-8+windows-1252' : 'windows-1252' };
  }
}
