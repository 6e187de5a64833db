import type { AppJobCatalog } from './catalog.js';
import { defineRegistry } from './define.js';

/** Every production job kind and its handler. */
export const appJobRegistry = defineRegistry<AppJobCatalog>()({});
