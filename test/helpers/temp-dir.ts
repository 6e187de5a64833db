import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new empty folder for a test's data or blobs, under the run's folder (`test/global-setup.ts`),
 * which is removed when the run ends: tests leave nothing behind in /tmp (1,400 folders had
 * piled up when each was made on its own and never removed).
 */
export function testTempDir(prefix: string): string {
  const root = process.env.BOOKSTRACK_TEST_TMP ?? join(tmpdir(), 'bookstrack-test');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}
