import type { Migration } from 'kysely';
import * as m001 from './001_core.ts';

/** Forward-only, applied in name order at start. Never edit a migration that has shipped; add the next one. */
export const migrations: Record<string, Migration> = {
  '001_core': m001,
};
