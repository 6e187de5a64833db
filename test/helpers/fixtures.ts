import { fileURLToPath } from 'node:url';

/** The committed real-world fixtures (see test/fixtures/README.md). */
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
