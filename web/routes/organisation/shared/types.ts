/** Response types of the organisation pages, from the server's own services (nothing declared twice), and query keys. */
import type { listAppointments } from '../../../../src/modules/organisation/appointments.service.ts';
import type { ImportReport, RowError } from '../../../../src/modules/organisation/import.service.ts';
import type { getPerson, listPeople } from '../../../../src/modules/organisation/people.service.ts';
import type { getTenant } from '../../../../src/modules/organisation/tenant.service.ts';
import type { listBodies, listUnits, unitHistory } from '../../../../src/modules/organisation/units.service.ts';
import { queryClient, keys as sharedKeys } from '../../../api.ts';

export type Body = Awaited<ReturnType<typeof listBodies>>[number];
export type UnitList = Awaited<ReturnType<typeof listUnits>>;
export type Unit = UnitList['items'][number];
export type UnitHistoryEntry = Awaited<ReturnType<typeof unitHistory>>[number];
export type PeoplePage = Awaited<ReturnType<typeof listPeople>>;
export type Person = PeoplePage['items'][number];
export type PersonDetail = Awaited<ReturnType<typeof getPerson>>;
export type AppointmentList = Awaited<ReturnType<typeof listAppointments>>;
export type Appointment = AppointmentList['items'][number];
export type Tenant = Awaited<ReturnType<typeof getTenant>>;
export type { ImportReport, RowError };
export type ImportCommitResult = ImportReport & { imported: number };

export type PersonStatus = Person['status'];

/** Query keys of this area; every key starts with 'org' so one invalidation refreshes the area after a change. */
export const orgKeys = {
  all: ['org'] as const,
  tenant: ['org', 'tenant'] as const,
  bodies: ['org', 'bodies'] as const,
  units: (params: { includeClosed?: boolean; on?: string } = {}) => ['org', 'units', params] as const,
  unitHistory: (id: string) => ['org', 'unit-history', id] as const,
  people: (params: Record<string, string | undefined>) => ['org', 'people', params] as const,
  person: (id: string) => ['org', 'person', id] as const,
  personHistory: (id: string) => ['org', 'person-history', id] as const,
  appointments: (params: Record<string, string | undefined>) => ['org', 'appointments', params] as const,
};

/** After any change in the organisation: its lists, details and the findings (missing roles) are read again. */
export async function refreshOrganisation() {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: orgKeys.all }),
    queryClient.invalidateQueries({ queryKey: sharedKeys.orgFindings }),
    queryClient.invalidateQueries({ queryKey: sharedKeys.me }),
  ]);
}
