/** Requests and responses of the organisation area (組織体制). Imported by the server and the web app. */
import { z } from 'zod';
import { ROLE_CODES } from '../../domain/roles.ts';
import { bilingual, id, isoDate, kana, optionalText, pageQuery, phone, text } from '../../platform/http/fields.ts';

export const BODY_KINDS = ['MAYOR_DEPT', 'ADMIN_COMMITTEE', 'PUBLIC_ENTERPRISE', 'ASSEMBLY'] as const;
export const BODY_KIND_LABELS: Record<(typeof BODY_KINDS)[number], string> = {
  MAYOR_DEPT: '町長部局',
  ADMIN_COMMITTEE: '行政委員会',
  PUBLIC_ENTERPRISE: '地方公営企業',
  ASSEMBLY: '議会',
};

export const UNIT_LEVELS = ['DEPT', 'SECTION', 'TEAM'] as const;
export const UNIT_LEVEL_LABELS: Record<(typeof UNIT_LEVELS)[number], string> = {
  DEPT: '部局',
  SECTION: '課室',
  TEAM: '係',
};

export const EMPLOYMENT_TYPES = ['STAFF', 'FIXED_TERM', 'DISPATCHED', 'CONTRACTOR_STAFF'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  STAFF: '職員',
  FIXED_TERM: '会計年度任用職員',
  DISPATCHED: '派遣職員',
  CONTRACTOR_STAFF: '委託事業者の従事者',
};

export const PERSON_STATUSES = ['ACTIVE', 'TRANSFERRED', 'RETIRED'] as const;
export const PERSON_STATUS_LABELS: Record<(typeof PERSON_STATUSES)[number], string> = {
  ACTIVE: '在職',
  TRANSFERRED: '異動（転出）',
  RETIRED: '退職',
};

export const bodyCreate = z.strictObject({
  kind: z.enum(BODY_KINDS),
  name: text(60),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export const bodyUpdate = z.strictObject({
  name: text(60).optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  closedOn: isoDate.nullish(),
});

export const unitCreate = z.strictObject({
  bodyId: id,
  parentId: id.nullish(),
  level: z.enum(UNIT_LEVELS),
  name: text(60),
  code: optionalText(20),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  validFrom: isoDate,
});
export const unitUpdate = z.strictObject({
  name: text(60).optional(),
  parentId: id.nullish(),
  code: optionalText(20),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export const unitClose = z.strictObject({ date: isoDate });
export const unitListQuery = z.strictObject({
  on: isoDate.optional(),
  includeClosed: z.enum(['true', 'false']).optional(),
});

const staffNumber = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .refine(
    (v) => /^[A-Za-z0-9-]+$/.test(v),
    bilingual('職員番号は半角英数字とハイフンで入力してください。', 'Use letters, digits and hyphens.'),
  );

const personFields = {
  staffNumber,
  familyName: text(30),
  givenName: text(30),
  familyKana: kana,
  givenKana: kana,
  employmentType: z.enum(EMPLOYMENT_TYPES),
  orgUnitId: id.nullish(),
  title: z.string().trim().max(40).optional(),
  employer: optionalText(80),
  email: z.union([z.literal(''), z.email().max(120)]).nullish(),
  phone,
  mobilePhone: phone,
  joinedOn: isoDate.nullish(),
};

const employerRequired = <T extends { employmentType?: EmploymentType; employer?: string | null }>(v: T) =>
  !(v.employmentType === 'DISPATCHED' || v.employmentType === 'CONTRACTOR_STAFF') || !!v.employer;
const employerMessage = {
  ...bilingual(
    '派遣職員・委託事業者の従事者は、所属する事業者名を入力してください。',
    'Give the employer of dispatched and contractor staff.',
  ),
  path: ['employer'],
};

export const personCreate = z.strictObject(personFields).refine(employerRequired, employerMessage);
export const personUpdate = z.strictObject({ ...personFields, staffNumber: staffNumber.optional() }).partial();
export const personTransfer = z.strictObject({
  orgUnitId: id,
  date: isoDate,
  title: z.string().trim().max(40).optional(),
});
export const personLeave = z.strictObject({
  kind: z.enum(['RETIRED', 'TRANSFERRED']),
  date: isoDate,
  reason: optionalText(200),
});
export const personListQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  unitId: id.optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  employmentType: z.enum(EMPLOYMENT_TYPES).optional(),
  sort: z.enum(['kana', 'staffNumber']).default('kana'),
  ...pageQuery,
});

export const appointmentCreate = z.strictObject({
  role: z.enum(ROLE_CODES),
  personId: id,
  scopeId: id.nullish(),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  appointedBy: z.string().trim().max(60).optional(),
  delegationOf: id.nullish(),
  touchesMynumber: z.boolean().optional(),
  note: optionalText(200),
});
export const appointmentEnd = z.strictObject({ date: isoDate, reason: optionalText(200) });
export const appointmentListQuery = z.strictObject({
  role: z.enum(ROLE_CODES).optional(),
  personId: id.optional(),
  scopeId: id.optional(),
  on: isoDate.optional(),
  includeEnded: z.enum(['true', 'false']).optional(),
});

export const committeeUpdate = z.strictObject({
  name: text(60).optional(),
  quorum: z.enum(['MAJORITY', 'TWO_THIRDS']).optional(),
  decisionMode: z.enum(['VOTE', 'CHAIR']).optional(),
});

export const tenantUpdate = z.strictObject({
  name: text(40).optional(),
  settings: z
    .strictObject({
      mfaRoles: z
        .array(z.enum([...ROLE_CODES, 'PLATFORM_ADMIN', 'STAFF']))
        .max(20)
        .optional(),
      responsibleLevel: z.enum(['DEPT', 'SECTION']).optional(),
      managerLevel: z.enum(['SECTION', 'TEAM']).optional(),
      requireCsirtLead: z.boolean().optional(),
    })
    .optional(),
});

export const idParams = z.strictObject({ id });

export type PersonCreate = z.infer<typeof personCreate>;
export type PersonUpdate = z.infer<typeof personUpdate>;
export type UnitCreate = z.infer<typeof unitCreate>;
export type AppointmentCreate = z.infer<typeof appointmentCreate>;
