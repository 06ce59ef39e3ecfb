import type { Migration } from 'kysely';
import * as m001 from './001_core.ts';
import * as m002 from './002_person_search_index.ts';
import * as m003 from './003_organisation_records.ts';
import * as m004 from './004_policies.ts';
import * as m005 from './005_assets.ts';
import * as m006 from './006_sanitizer.ts';
import * as m007 from './007_network.ts';
import * as m008 from './008_password_change_required.ts';
import * as m009 from './009_sanitizer_release_exception.ts';
import * as m010 from './010_network_system_unit.ts';

/** Forward-only, applied in name order at start. Never edit a migration that has shipped; add the next one. */
export const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_person_search_index': m002,
  '003_organisation_records': m003,
  '004_policies': m004,
  '005_assets': m005,
  '006_sanitizer': m006,
  '007_network': m007,
  '008_password_change_required': m008,
  '009_sanitizer_release_exception': m009,
  '010_network_system_unit': m010,
};
