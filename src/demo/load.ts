import type { Database } from '../db/database.ts';

/** Placeholder until the demo town lands (see src/demo/). */
export async function loadDemo(_database: Database, _options: { quiet: boolean }): Promise<void> {
  throw new Error('demo data is not available yet');
}
