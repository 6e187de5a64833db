import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { createSqliteStore } from '../db/sqlite-store.js';
import type { JobStore } from '../db/store.js';
import type { AppConfig } from './config.js';

/** The embedded SQLite store the configuration names: `DATABASE_PATH`, uploads under `DATA_DIR/blobs`. */
export function openSqliteStore(config: Pick<AppConfig, 'DATABASE_PATH' | 'DATA_DIR'>): JobStore {
  return createSqliteStore(openDatabase(config.DATABASE_PATH), join(config.DATA_DIR, 'blobs'));
}
