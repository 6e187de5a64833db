import { router } from './trpc.js';

/** `scans.*`: filled in with shelf scanning. */
export const scansRouter = router({});
