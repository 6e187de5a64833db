import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One folder for every data and blob folder the test run makes (`testTempDir`), removed when
 * the run ends: the test processes inherit its path, and are often ended without an `exit` event.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'bookstrack-test-'));
  process.env.BOOKSTRACK_TEST_TMP = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
  };
}
