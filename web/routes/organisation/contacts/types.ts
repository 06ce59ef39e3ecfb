/** Response types of the contact pages, from the server's own service. */
import type { csirtRoster, emergencyContacts } from '../../../../src/modules/organisation/contacts.service.ts';

export type EmergencyContacts = Awaited<ReturnType<typeof emergencyContacts>>;
export type ContactEntry = EmergencyContacts['entries'][number];
export type CsirtRoster = Awaited<ReturnType<typeof csirtRoster>>;

export const contactKeys = {
  emergency: ['contacts', 'emergency'] as const,
  csirt: ['contacts', 'csirt'] as const,
};
