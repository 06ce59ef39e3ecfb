/** Response types of the committee pages, taken from the server's own services (nothing declared twice). */
import type { getCommittee } from '../../../../src/modules/organisation/committee.service.ts';
import type { getMeeting, listMeetings } from '../../../../src/modules/organisation/meetings.service.ts';

export type Committee = Awaited<ReturnType<typeof getCommittee>>;
export type CommitteeMember = Committee['members'][number];
export type MeetingList = Awaited<ReturnType<typeof listMeetings>>;
export type MeetingSummary = MeetingList['items'][number];
export type Meeting = Awaited<ReturnType<typeof getMeeting>>;
export type Quorum = MeetingSummary['quorum'];

export const committeeKeys = {
  committee: ['committee'] as const,
  meetings: (cursor: string | null) => ['committee', 'meetings', cursor ?? ''] as const,
  meeting: (id: string) => ['committee', 'meeting', id] as const,
};

/**
 * The quorum of a meeting being entered, before the server decides: the same rule as quorumOf in
 * src/modules/organisation/meetings.service.ts (a majority, or two thirds, of the members on the day).
 * The server's verdict, on the members of the meeting date, is the one recorded.
 */
export function previewQuorum(rule: string, members: number, attending: number): Quorum {
  const required = rule === 'TWO_THIRDS' ? Math.ceil((members * 2) / 3) : Math.floor(members / 2) + 1;
  return { rule, members, attendingMembers: attending, required, quorate: members > 0 && attending >= required };
}

/** One row per person: someone holding two seats (統括 and 責任者 of a 部局) is one member with two bases. */
export interface MemberRow {
  personId: string;
  name: string;
  title: string;
  isChair: boolean;
  bases: string[];
}

export function membersByPerson(members: CommitteeMember[]): MemberRow[] {
  const rows = new Map<string, MemberRow>();
  for (const m of members) {
    const row = rows.get(m.personId) ?? {
      personId: m.personId,
      name: m.name,
      title: m.title,
      isChair: false,
      bases: [],
    };
    row.isChair ||= m.isChair;
    row.bases.push(m.basis);
    rows.set(m.personId, row);
  }
  return [...rows.values()];
}
