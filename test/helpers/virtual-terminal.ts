/**
 * A small terminal screen for testing what the CLI draws: it interprets the writes a progress bar
 * makes (text, \n, \r, cursor moves, line and screen clears) on a grid `columns` wide that wraps
 * long lines, as terminals that ignore "no autowrap" (\x1b[?7l) do. `screen()` is what a person sees.
 */
/** A control sequence: ESC [ (private marker) (number) (final letter). Built from a string: ESC in a regex literal is a lint error. */
const CSI = new RegExp(`^${String.fromCharCode(27)}\\[(\\??)(\\d*)([A-Za-z])`);

export class VirtualTerminal {
  private readonly lines: string[][] = [[]];
  private row = 0;
  private col = 0;
  readonly isTTY = true;

  constructor(readonly columns: number) {}

  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (ch === '\x1b') {
        const m = CSI.exec(text.slice(i));
        if (m) {
          this.escape(m[1] === '?', m[2] === '' ? undefined : Number(m[2]), m[3] ?? '');
          i += m[0].length - 1;
        }
      } else if (ch === '\n') this.moveTo(this.row + 1, 0);
      else if (ch === '\r') this.col = 0;
      else this.put(ch);
    }
    return true;
  }

  /** The visible lines, trailing blanks trimmed. */
  screen(): string[] {
    const out = this.lines.map((l) => l.join('').trimEnd());
    while (out.length > 0 && out.at(-1) === '') out.pop();
    return out;
  }

  private put(ch: string): void {
    if (this.col >= this.columns) this.moveTo(this.row + 1, 0); // the wrap
    const line = this.line(this.row);
    while (line.length < this.col) line.push(' ');
    line[this.col++] = ch;
  }

  private escape(privateMode: boolean, n: number | undefined, code: string): void {
    if (privateMode) return; // cursor visibility, autowrap: ignored on purpose
    const line = this.line(this.row);
    if (code === 'A') this.row = Math.max(0, this.row - (n ?? 1));
    else if (code === 'B') this.moveTo(this.row + (n ?? 1), this.col);
    else if (code === 'C') this.col += n ?? 1;
    else if (code === 'D') this.col = Math.max(0, this.col - (n ?? 1));
    else if (code === 'G') this.col = (n ?? 1) - 1;
    else if (code === 'K') {
      if ((n ?? 0) === 0) line.splice(this.col);
      else if (n === 1) for (let c = 0; c <= this.col && c < line.length; c++) line[c] = ' ';
      else line.splice(0);
    } else if (code === 'J') {
      line.splice(this.col);
      this.lines.splice(this.row + 1);
    }
  }

  private moveTo(row: number, col: number): void {
    this.row = row;
    this.col = col;
    this.line(row);
  }

  private line(row: number): string[] {
    while (this.lines.length <= row) this.lines.push([]);
    return this.lines[row] ?? [];
  }
}
