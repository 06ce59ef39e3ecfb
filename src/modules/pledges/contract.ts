/** Requests of the pledge area (誓約). Imported by the server and the web app. */
import { z } from 'zod';
import { bilingual, id, isoDate, optionalText, pageQuery, text } from '../../platform/http/fields.ts';

/** Who a pledge text is for: 職員等 (incl. 会計年度任用職員 and 派遣職員) or the staff of a 委託事業者. */
export const AUDIENCES = ['STAFF', 'CONTRACTOR'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = { STAFF: '職員等', CONTRACTOR: '委託事業者' };

/** The audience follows the person's employment type. */
export const audienceOf = (employmentType: string): Audience =>
  employmentType === 'CONTRACTOR_STAFF' ? 'CONTRACTOR' : 'STAFF';

export const PLEDGE_METHODS = ['APP', 'PAPER'] as const;
export const PLEDGE_METHOD_LABELS = { APP: 'Mamoriで確認', PAPER: '書面' } as const;

const body = z.string().trim().min(1).max(20_000);

export const pledgeTextCreate = z.strictObject({ audience: z.enum(AUDIENCES), title: text(100), body });
export const pledgeTextUpdate = z.strictObject({ title: text(100).optional(), body: body.optional() });
export const pledgeTextListQuery = z.strictObject({ audience: z.enum(AUDIENCES).optional() });

export const pledgeSign = z.strictObject({
  pledgeTextId: id,
  agree: z
    .boolean()
    .refine(
      (v) => v,
      bilingual('誓約の内容を確認し、「誓約します」にチェックしてください。', 'Confirm that you agree.'),
    ),
});

export const pledgeRecord = z.strictObject({
  personId: id,
  signedOn: isoDate,
  /** A published version; by default the version in force for the person's audience. */
  pledgeTextId: id.optional(),
  note: optionalText(500),
});

export const pledgeStatusQuery = z.strictObject({ unitId: id.optional() });
export const pledgeMissingQuery = z.strictObject({ unitId: id.optional(), ...pageQuery });
export const pledgeExportQuery = z.strictObject({
  unitId: id.optional(),
  encoding: z.enum(['utf8', 'sjis']).default('utf8'),
});
export const pledgeHistoryQuery = z.strictObject({ personId: id });
export const idParams = z.strictObject({ id });

export type PledgeTextCreate = z.infer<typeof pledgeTextCreate>;
export type PledgeTextUpdate = z.infer<typeof pledgeTextUpdate>;
export type PledgeRecord = z.infer<typeof pledgeRecord>;
