import type { TColumnMapping } from '../../contract/imports.js';
import type { CsvColumnMapper, CsvSample, ProviderCall } from '../types.js';
import { CSV_MAPPING_PROMPT_VERSION, CSV_MAPPING_SYSTEM_INSTRUCTION, ZCsvMappingAnswer, csvMappingPrompt, type TCsvMappingAnswer } from './csv-mapping-prompt.js';
import type { GeminiClient } from './gemini-client.js';

/**
 * Asks Gemini which column of an unfamiliar spreadsheet holds which field, shown only the header
 * and a few rows. The answer is trusted only as far as it checks out: headers that exist, fields
 * of the vocabulary (the schema), each field once.
 */
export class GeminiCsvColumnMapper implements CsvColumnMapper {
  readonly name = 'gemini';
  readonly version = CSV_MAPPING_PROMPT_VERSION;

  constructor(private readonly client: GeminiClient) {}

  async mapColumns(sample: CsvSample, call: ProviderCall): Promise<TColumnMapping> {
    const answer = await this.client.generateJson(
      { parts: [{ text: csvMappingPrompt(sample) }], schema: ZCsvMappingAnswer, systemInstruction: CSV_MAPPING_SYSTEM_INSTRUCTION, temperature: 0 },
      call,
    );
    return checkedMapping(answer, sample.header);
  }
}

/**
 * Keeps the entries that name a real header (exactly, or trimmed and case-insensitively, then the
 * real header is used) with a field; each field and each header is used once (the first wins),
 * since a column holds one thing.
 */
export function checkedMapping(answer: TCsvMappingAnswer, header: readonly string[]): TColumnMapping {
  const exact = new Set(header);
  const loose = new Map<string, string>();
  for (const h of header) {
    const key = h.trim().toLowerCase();
    if (!loose.has(key)) loose.set(key, h);
  }
  const mapping: TColumnMapping = {};
  const used = new Set<string>();
  for (const { header: named, field } of answer.columns) {
    if (field === null || mapping[field] !== undefined) continue;
    const real = exact.has(named) ? named : loose.get(named.trim().toLowerCase());
    if (real === undefined || used.has(real)) continue;
    mapping[field] = real;
    used.add(real);
  }
  return mapping;
}
