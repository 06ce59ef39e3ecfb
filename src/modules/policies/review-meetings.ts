/**
 * The committee meeting (委員会の開催記録) a 見直し was discussed at: the choices offered to whoever records the
 * review, and the meeting's date and title shown on the review itself. Readers of reviews see which meeting it was
 * without needing to read the meeting records (attendance, minutes) themselves.
 */

import { inTenant, type Scope, type Tx } from '../../db/scope.ts';
import type { Services } from '../../platform/http/services.ts';
import { MEETING_KIND_LABELS, type MeetingKind } from '../organisation/meetings.contract.ts';

export interface ReviewMeeting {
  id: string;
  heldOn: string;
  title: string;
  kind: string;
  kindLabel: string;
}

const OPTIONS_LIMIT = 200;

function meetingOf(r: { id: string; held_on: string; title: string; kind: string }): ReviewMeeting {
  return {
    id: r.id,
    heldOn: r.held_on,
    title: r.title,
    kind: r.kind,
    kindLabel: MEETING_KIND_LABELS[r.kind as MeetingKind] ?? r.kind,
  };
}

/** The meetings named by these reviews, by id (one read). */
export async function meetingsByIds(
  tx: Tx,
  tenantId: string,
  ids: Array<string | null>,
): Promise<Map<string, ReviewMeeting>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await tx
    .selectFrom('committee_meeting')
    .select(['id', 'held_on', 'title', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, meetingOf(r)]));
}

/** GET /policy-reviews/meetings: the tenant's meetings, newest first, to choose from when recording a review. */
export async function reviewMeetingOptions(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('committee_meeting')
      .select(['id', 'held_on', 'title', 'kind'])
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('held_on', 'desc')
      .orderBy('id', 'desc')
      .limit(OPTIONS_LIMIT)
      .execute();
    return { items: rows.map(meetingOf) };
  });
}
