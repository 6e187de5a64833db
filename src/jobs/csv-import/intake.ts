import type { TCsvImportStartInput } from '../../contract/imports.js';
import type { BlobStore } from '../../db/store.js';
import { AppError } from '../../errors.js';
import { csvBytesProblem } from './decode.js';

export interface CsvLimits {
  /** `MAX_CSV_BYTES`. */
  maxBytes: number;
  /** `MAX_CSV_ROWS`, checked by the job once the file is parsed. */
  maxRows: number;
}

/** An accepted upload: stored, and ready to become a job's input. */
export interface AcceptedCsv {
  blob: string;
  byteLength: number;
  maxRows: number;
}

const MiB = 1024 * 1024;
const size = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} bytes`);

/**
 * What a CSV upload goes through before a job exists: the size limit (413), then the checks that
 * need no parsing (empty, binary), then content-addressed storage. Everything that needs the file
 * parsed is the job's, so the request answers at once.
 */
export class CsvIntake {
  constructor(
    private readonly blobs: Pick<BlobStore, 'put'>,
    readonly limits: CsvLimits,
  ) {}

  /** The bytes of `csv` (UTF-8) or `csvBase64` (as sent). */
  static bytesOf(input: Pick<TCsvImportStartInput, 'csv' | 'csvBase64'>): { bytes: Buffer; field: 'csv' | 'csvBase64' } {
    return input.csvBase64 !== undefined ? { bytes: Buffer.from(input.csvBase64, 'base64'), field: 'csvBase64' } : { bytes: Buffer.from(input.csv ?? '', 'utf8'), field: 'csv' };
  }

  async accept(bytes: Uint8Array, field: string): Promise<AcceptedCsv> {
    if (bytes.byteLength > this.limits.maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the file is ${size(bytes.byteLength)}; the limit is ${size(this.limits.maxBytes)} (MAX_CSV_BYTES)`, { field });
    }
    const problem = csvBytesProblem(bytes);
    if (problem) throw new AppError(problem.code, problem.message, { field });
    const blob = await this.blobs.put(bytes, 'text/csv');
    return { blob, byteLength: bytes.byteLength, maxRows: this.limits.maxRows };
  }
}
