import Table from 'cli-table3';

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
}

/**
 * The CLI's one way out: plain lines for people, JSON for programs (`--json`), errors on stderr.
 * Nothing in the CLI writes to the streams except through here.
 */
export class Output {
  constructor(
    readonly io: CliIO,
    readonly json: boolean,
  ) {}

  /** Progress bars only for a person at a terminal. */
  get interactive(): boolean {
    return !this.json && this.io.stdout.isTTY === true;
  }

  /** A line for people (suppressed in JSON mode). */
  line(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** A value for programs: one JSON document per line in JSON mode, else `render` for people. */
  data(value: unknown, render?: () => void): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value)}\n`);
    else if (render) render();
    else this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  table(head: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): void {
    const table = new Table({ head: [...head], style: { head: [], border: [], compact: true }, wordWrap: true });
    for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    this.line(table.toString());
  }

  error(message: string): void {
    this.io.stderr.write(`bookstrack: ${message}\n`);
  }
}
