/**
 * Meetings of the committee (委員会): date, kind (定例/臨時), attendees with the quorum check against the members
 * on the meeting date, agenda items, decisions, and the minutes as a stored file.
 */

import { uuidv7 } from '../../db/ids.ts';
import { paginate } from '../../db/pagination.ts';
import type { CommitteeMeetingTable } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { inForceOn } from '../../domain/calendar.ts';
import { type AppointedRole, ROLES } from '../../domain/roles.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { badRequest, fieldErrors, notFound } from '../../platform/errors.ts';
import {
  cleanFileName,
  detectDocument,
  loadFile,
  storedFileInfo,
  storeFile,
  type Upload,
} from '../../platform/files.ts';
import type { Services } from '../../platform/http/services.ts';
import { MEETING_KIND_LABELS, type MeetingCreate, type MeetingKind } from './meetings.contract.ts';
import { allUnits, type UnitRow, unitPath } from './units.repo.ts';

const MEETING = { ja: '委員会の開催記録', en: 'The meeting' };

/** Members by office, as committee.service.ts counts them (笠間市's 要綱): CISO (chair), 統括, every 責任者; plus 委員. */
const MEMBER_ROLES: AppointedRole[] = ['CISO', 'TOTAL_SEC_RESPONSIBLE', 'SEC_RESPONSIBLE', 'COMMITTEE_MEMBER'];

type MeetingRow = CommitteeMeetingTable;
type MemberAppointment = Awaited<ReturnType<typeof memberAppointments>>[number];

function memberAppointments(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('appointment as a')
    .innerJoin('person as p', (j) => j.onRef('p.id', '=', 'a.person_id').on('p.tenant_id', '=', tenantId))
    .select([
      'a.person_id',
      'a.role',
      'a.scope_id',
      'a.valid_from',
      'a.valid_to',
      'p.family_name',
      'p.given_name',
      'p.title',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.role', 'in', MEMBER_ROLES)
    .execute();
}

/** The members on a date, one entry per person (a person holding two seats counts once). */
function membersOn(all: MemberAppointment[], units: UnitRow[], on: string) {
  const byPerson = new Map<string, { personId: string; name: string; title: string; basis: string[] }>();
  for (const a of all.filter((m) => inForceOn(on, m.valid_from, m.valid_to))) {
    const role = ROLES[a.role as AppointedRole];
    const basis =
      a.role === 'COMMITTEE_MEMBER' ? '委員' : `${role.ja}${a.scope_id ? `（${unitPath(units, a.scope_id)}）` : ''}`;
    const entry = byPerson.get(a.person_id) ?? {
      personId: a.person_id,
      name: `${a.family_name} ${a.given_name}`,
      title: a.title,
      basis: [],
    };
    entry.basis.push(basis);
    byPerson.set(a.person_id, entry);
  }
  return [...byPerson.values()];
}

/** 定足数: a majority (or two thirds) of the members on the day must attend. */
export function quorumOf(rule: string, members: number, attendingMembers: number) {
  const required = rule === 'TWO_THIRDS' ? Math.ceil((members * 2) / 3) : Math.floor(members / 2) + 1;
  return { rule, members, attendingMembers, required, quorate: members > 0 && attendingMembers >= required };
}

async function committeeOf(tx: Tx, tenantId: string) {
  const c = await tx.selectFrom('committee').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!c) throw notFound({ ja: '委員会', en: 'The committee' });
  return c;
}

const parseIds = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

function summary(m: MeetingRow, quorum: ReturnType<typeof quorumOf>) {
  return {
    id: m.id,
    heldOn: m.held_on,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind,
    title: m.title,
    attendeeCount: parseIds(m.attendees_json).length,
    quorum,
    hasMinutes: m.minutes_file_id !== null,
  };
}

export async function listMeetings(
  services: Services,
  scope: Scope,
  query: { from?: string; to?: string; limit: number; cursor?: string },
) {
  return inTenant(services.database, scope, async (tx) => {
    const committee = await committeeOf(tx, scope.tenantId);
    let q = tx.selectFrom('committee_meeting').selectAll().where('tenant_id', '=', scope.tenantId);
    if (query.from) q = q.where('held_on', '>=', query.from);
    if (query.to) q = q.where('held_on', '<=', query.to);
    const page = await paginate(q, {
      sortColumn: 'held_on',
      idColumn: 'id',
      direction: 'desc',
      page: query,
      sortValueOf: (r) => r.held_on,
      idOf: (r) => r.id,
    });
    const all = await memberAppointments(tx, scope.tenantId);
    const units = await allUnits(tx, scope.tenantId);
    return {
      committee: { id: committee.id, name: committee.name, quorum: committee.quorum },
      items: page.items.map((m) => {
        const members = membersOn(all, units, m.held_on);
        const attending = new Set(parseIds(m.attendees_json));
        return summary(
          m,
          quorumOf(committee.quorum, members.length, members.filter((p) => attending.has(p.personId)).length),
        );
      }),
      nextCursor: page.nextCursor,
    };
  });
}

async function detail(tx: Tx, tenantId: string, meetingId: string) {
  const m = await tx
    .selectFrom('committee_meeting')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', meetingId)
    .executeTakeFirst();
  if (!m) throw notFound(MEETING);
  const committee = await committeeOf(tx, tenantId);
  const units = await allUnits(tx, tenantId);
  const members = membersOn(await memberAppointments(tx, tenantId), units, m.held_on);
  const attendeeIds = parseIds(m.attendees_json);
  const people = attendeeIds.length
    ? await tx
        .selectFrom('person')
        .select(['id', 'family_name', 'given_name', 'title', 'org_unit_id'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', attendeeIds)
        .execute()
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const memberIds = new Set(members.map((p) => p.personId));
  const attending = new Set(attendeeIds);
  return {
    ...summary(m, quorumOf(committee.quorum, members.length, members.filter((p) => attending.has(p.personId)).length)),
    committee: { id: committee.id, name: committee.name },
    attendees: attendeeIds.map((id) => {
      const p = byId.get(id);
      return {
        personId: id,
        name: p ? `${p.family_name} ${p.given_name}` : '',
        title: p?.title ?? '',
        unitPath: p ? unitPath(units, p.org_unit_id) : '',
        isMember: memberIds.has(id),
      };
    }),
    members: members.map((p) => ({ ...p, basis: p.basis.join('、'), attended: attending.has(p.personId) })),
    agenda: JSON.parse(m.agenda_json) as Array<{ title: string; note?: string | null }>,
    decisions: m.decisions,
    minutes: m.minutes_file_id ? await storedFileInfo(tx, tenantId, m.minutes_file_id) : null,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}

export async function getMeeting(services: Services, scope: Scope, meetingId: string) {
  return inTenant(services.database, scope, (tx) => detail(tx, scope.tenantId, meetingId));
}

export async function createMeeting(services: Services, scope: Scope, input: MeetingCreate) {
  return inTenant(services.database, scope, async (tx) => {
    const committee = await committeeOf(tx, scope.tenantId);
    const attendeeIds = [...new Set(input.attendeeIds)];
    if (attendeeIds.length) {
      const found = await tx
        .selectFrom('person')
        .select('id')
        .where('tenant_id', '=', scope.tenantId)
        .where('id', 'in', attendeeIds)
        .execute();
      if (found.length !== attendeeIds.length) {
        throw fieldErrors([
          {
            field: 'attendeeIds',
            message: { ja: '出席者に、登録されていない人が含まれています。', en: 'Unknown attendee.' },
          },
        ]);
      }
    }
    const now = nowIso();
    const row: MeetingRow = {
      id: uuidv7(),
      tenant_id: scope.tenantId,
      committee_id: committee.id,
      held_on: input.heldOn,
      kind: input.kind,
      title: input.title,
      attendees_json: JSON.stringify(attendeeIds),
      agenda_json: JSON.stringify(input.agenda.map((a) => ({ title: a.title, note: a.note ?? null }))),
      decisions: input.decisions ?? '',
      minutes_file_id: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('committee_meeting').values(row).execute();
    await appendAudit(tx, scope, { action: 'create', entityType: 'committee_meeting', entityId: row.id, after: row });
    return detail(tx, scope.tenantId, row.id);
  });
}

/** 404 unless the meeting exists in the caller's tenant: checked before an upload is read. */
export async function requireMeeting(services: Services, scope: Scope, meetingId: string): Promise<void> {
  await inTenant(services.database, scope, async (tx) => {
    const m = await tx
      .selectFrom('committee_meeting')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', meetingId)
      .executeTakeFirst();
    if (!m) throw notFound(MEETING);
  });
}

/** Attaches the minutes (PDF, DOCX or XLSX, recognised by content). A new upload replaces the link; files stay. */
export async function attachMinutes(services: Services, scope: Scope, meetingId: string, upload: Upload) {
  const type = detectDocument(upload.bytes);
  if (!type) {
    throw badRequest('MINUTES_TYPE_NOT_ALLOWED', {
      ja: '議事録として添付できるのは、PDF、Word（.docx）又はExcel（.xlsx）のファイルです。ファイルの内容がこれらの形式ではありません。',
      en: 'Minutes must be a PDF, DOCX or XLSX file (checked by content).',
    });
  }
  return inTenant(services.database, scope, async (tx) => {
    const before = await tx
      .selectFrom('committee_meeting')
      .select(['id', 'minutes_file_id'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', meetingId)
      .executeTakeFirst();
    if (!before) throw notFound(MEETING);
    const name = cleanFileName(upload.filename, `minutes.${type.kind}`);
    const file = await storeFile(tx, scope, { originalName: name, mime: type.mime, bytes: upload.bytes });
    await tx
      .updateTable('committee_meeting')
      .set({ minutes_file_id: file.id, updated_at: nowIso() })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', meetingId)
      .execute();
    await appendAudit(tx, scope, {
      action: 'attach_minutes',
      entityType: 'committee_meeting',
      entityId: meetingId,
      before: { minutesFileId: before.minutes_file_id },
      after: { minutesFileId: file.id, sha256: file.sha256, name: file.originalName, size: file.size },
    });
    return detail(tx, scope.tenantId, meetingId);
  });
}

export async function minutesFile(services: Services, scope: Scope, meetingId: string) {
  return inTenant(services.database, scope, async (tx) => {
    const m = await tx
      .selectFrom('committee_meeting')
      .select(['minutes_file_id', 'held_on'])
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', meetingId)
      .executeTakeFirst();
    if (!m) throw notFound(MEETING);
    if (!m.minutes_file_id) throw notFound({ ja: 'この会議の議事録', en: 'The minutes of this meeting' });
    const file = await loadFile(tx, scope.tenantId, m.minutes_file_id);
    const ext = file.mime.includes('pdf') ? 'pdf' : file.mime.includes('word') ? 'docx' : 'xlsx';
    return { ...file, asciiName: `minutes-${m.held_on}.${ext}` };
  });
}
