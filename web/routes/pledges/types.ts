/** Response types of the pledge pages, from the server's own services. */
import type { listPeople } from '../../../src/modules/organisation/people.service.ts';
import type { myPledge, personHistory, recordPaperPledge } from '../../../src/modules/pledges/pledges.service.ts';
import type { missingPledges, pledgeStatus } from '../../../src/modules/pledges/reports.service.ts';
import type { listTexts } from '../../../src/modules/pledges/texts.service.ts';

export type MyPledge = Awaited<ReturnType<typeof myPledge>>;
export type PledgeText = NonNullable<MyPledge['text']>;
export type PledgeEntry = MyPledge['history'][number];
export type PledgeTexts = Awaited<ReturnType<typeof listTexts>>;
export type PledgeStatus = Awaited<ReturnType<typeof pledgeStatus>>;
export type PledgeCounts = PledgeStatus['total'];
export type MissingPledges = Awaited<ReturnType<typeof missingPledges>>;
export type MissingPerson = MissingPledges['items'][number];
export type PersonHistory = Awaited<ReturnType<typeof personHistory>>;
export type RecordedPledge = Awaited<ReturnType<typeof recordPaperPledge>>;
export type PeoplePage = Awaited<ReturnType<typeof listPeople>>;
export type PersonSummary = PeoplePage['items'][number];

export const pledgeKeys = {
  all: ['pledges'] as const,
  mine: ['pledges', 'mine'] as const,
  texts: ['pledges', 'texts'] as const,
  status: (unitId: string) => ['pledges', 'status', unitId] as const,
  missing: (unitId: string, cursor: string | null) => ['pledges', 'missing', unitId, cursor ?? ''] as const,
  history: (personId: string) => ['pledges', 'history', personId] as const,
};
