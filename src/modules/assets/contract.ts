/** Requests of the information asset area (情報資産). Imported by the server and the web app. */
import { z } from 'zod';
import {
  ASSET_KINDS,
  ASSET_MEDIA,
  ASSET_TIERS,
  DISPOSAL_METHOD_CODES,
  LINK_KINDS,
  PERMISSION_ACTIONS,
  PERSON_COUNTS,
  RECORDABLE_ACTIONS,
} from '../../domain/assets/vocabulary.ts';
import { PRESETS, RESTRICTION_CODES } from '../../domain/classification.ts';
import { NETWORK_MODELS } from '../../domain/tiers.ts';
import { bilingual, id, isoDate, optionalText, pageQuery, text } from '../../platform/http/fields.ts';

export * from '../../domain/assets/vocabulary.ts';

export const idParams = z.strictObject({ id });
export const eventParams = z.strictObject({ id, eventId: id });

/** 管理番号: letters, digits and - _ . / (full-width input is normalised first). */
export const assetRef = z
  .string()
  .transform((v) => v.normalize('NFKC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(40)
      .refine(
        (v) => /^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(v),
        bilingual('管理番号は半角英数字と「-」「_」「.」「/」で入力してください。', 'Use letters, digits, - _ . /'),
      ),
  );

const levelCode = z.string().trim().max(40).nullish();
const flag = z.boolean().optional();

export const linkInput = z.strictObject({ kind: z.enum(LINK_KINDS), targetId: id });

const assetFields = {
  name: text(200),
  kind: z.enum(ASSET_KINDS),
  business: optionalText(100),
  orgUnitId: id.nullish(),
  medium: z.enum(ASSET_MEDIA),
  location: optionalText(200),
  tier: z.enum(ASSET_TIERS),
  /** The scheme the levels belong to; by default the asset's own, or the scheme in force for a new asset. */
  schemeId: id.optional(),
  confidentiality: levelCode,
  integrity: levelCode,
  availability: levelCode,
  hasPersonal: flag,
  hasSpecificPersonal: flag,
  hasSensitivePersonal: flag,
  personCount: z.enum(PERSON_COUNTS).nullish(),
  retention: optionalText(50),
  retentionUntil: isoDate.nullish(),
  userScope: optionalText(200),
  contractor: optionalText(200),
  nextReviewOn: isoDate.nullish(),
  lastReviewedOn: isoDate.nullish(),
  note: optionalText(2000),
  /** The links recorded on this asset; replaces them all when given. */
  links: z.array(linkInput).max(200).optional(),
};

export const assetCreate = z.strictObject({ ref: assetRef, ...assetFields });
/** Required when the classification changes: the reason is recorded on the RECLASSIFY event. */
export const assetUpdate = assetCreate.partial().extend({ reason: optionalText(500) });

export type AssetCreate = z.infer<typeof assetCreate>;
export type AssetUpdate = z.infer<typeof assetUpdate>;

const boolText = z.enum(['true', 'false']).optional();
export const ASSET_SORTS = ['ref', 'name', 'updatedAt', 'nextReview', 'confidentiality'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];

/** Filters of the register list; the same filters select what an export writes. */
export const assetFilter = {
  q: z.string().trim().max(100).optional(),
  unitId: id.optional(),
  kind: z.enum(ASSET_KINDS).optional(),
  medium: z.enum(ASSET_MEDIA).optional(),
  tier: z.enum(ASSET_TIERS).optional(),
  /** Level code as written (matches across schemes with the same code). */
  confidentiality: z.string().trim().max(40).optional(),
  integrity: z.string().trim().max(40).optional(),
  availability: z.string().trim().max(40).optional(),
  /** 機密性 at or above this rank (1 = public; 0 lists everything). */
  confidentialityMinRank: z.coerce.number().int().min(0).max(100).optional(),
  unclassified: boolText,
  personal: boolText,
  specificPersonal: boolText,
  sensitivePersonal: boolText,
  status: z.enum(['ACTIVE', 'DISPOSED', 'ALL']).default('ACTIVE'),
  reviewDueBefore: isoDate.optional(),
};
export const assetListQuery = z.strictObject({
  ...assetFilter,
  sort: z.enum(ASSET_SORTS).default('ref'),
  order: z.enum(['asc', 'desc']).optional(),
  ...pageQuery,
});
export type AssetFilter = z.infer<z.ZodObject<typeof assetFilter>>;
export type AssetListQuery = z.infer<typeof assetListQuery>;

export const assetCountQuery = z.strictObject(assetFilter);
export const assetExportQuery = z.strictObject({
  ...assetFilter,
  sort: z.enum(ASSET_SORTS).default('ref'),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  encoding: z.enum(['utf8', 'sjis']).default('utf8'),
});

export const reclassify = z.strictObject({
  assetIds: z.array(id).min(1).max(1000),
  /** The scheme of the new levels (e.g. moving to 令和6年10月); by default each asset's own. */
  schemeId: id.optional(),
  confidentiality: levelCode,
  integrity: levelCode,
  availability: levelCode,
  reason: text(500),
});
export type Reclassify = z.infer<typeof reclassify>;

// ---- schemes ------------------------------------------------------------------------------------------------

const levelSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(10)
    .transform((v) => v.normalize('NFKC')),
  displayName: text(40),
  rank: z.number().int().min(1).max(100),
  definition: z.string().trim().max(2000),
  restrictions: z.array(z.enum(RESTRICTION_CODES)).max(RESTRICTION_CODES.length),
  label: z.enum(['確認済', '例文', '要確認']),
});
export const schemeDefinition = z.strictObject({
  confidentiality: z.array(levelSchema).min(1).max(10),
  integrity: z.array(levelSchema).min(1).max(10),
  availability: z.array(levelSchema).min(1).max(10),
  thresholds: z
    .record(
      z.string().regex(/^[A-Z0-9_]{1,40}$/),
      z.strictObject({ axis: z.enum(['C', 'I', 'A']), minRank: z.number().int().min(1).max(100) }),
    )
    .refine((r) => Object.keys(r).length <= 20),
});
const presetCodes = Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]];
export const schemeCreate = z.strictObject({
  preset: z.enum(presetCodes).optional(),
  code: z
    .string()
    .regex(/^[A-Z0-9_]{1,40}$/)
    .optional(),
  name: text(100).optional(),
  effectiveFrom: isoDate,
  definition: schemeDefinition.optional(),
});
export const schemeUpdate = z.strictObject({
  name: text(100).optional(),
  effectiveFrom: isoDate.optional(),
  definition: schemeDefinition.optional(),
});
export const schemeListQuery = z.strictObject({ on: isoDate.optional() });
export type SchemeCreate = z.infer<typeof schemeCreate>;
export type SchemeUpdate = z.infer<typeof schemeUpdate>;

// ---- lifecycle ----------------------------------------------------------------------------------------------

export const permissionRequestCreate = z.strictObject({
  action: z.enum(PERMISSION_ACTIONS),
  purpose: text(500),
  destination: optionalText(200),
  recipient: optionalText(200),
  expectedReturnOn: isoDate.nullish(),
  method: z.enum(DISPOSAL_METHOD_CODES).nullish(),
});
export const permissionDecision = z.strictObject({
  decision: z.enum(['APPROVED', 'DENIED']),
  note: optionalText(500),
});
export const permissionListQuery = z.strictObject({
  status: z.enum(['PENDING', 'APPROVED', 'DENIED', 'WITHDRAWN', 'USED', 'ALL']).default('PENDING'),
  /** Only the requests the caller may decide. */
  toDecide: boolText,
  /** Only the caller's own requests (as applicant). */
  mine: boolText,
  assetId: id.optional(),
  ...pageQuery,
});

export const eventCreate = z.strictObject({
  action: z.enum(RECORDABLE_ACTIONS),
  /** When it happened (ISO 8601 instant); now by default. */
  at: z.iso.datetime({ offset: true }).optional(),
  performedBy: id.nullish(),
  permissionId: id.nullish(),
  encrypted: z.boolean().nullish(),
  method: z.enum(DISPOSAL_METHOD_CODES).nullish(),
  recipient: optionalText(200),
  destination: optionalText(200),
  reason: optionalText(500),
  expectedReturnOn: isoDate.nullish(),
  /** Records a fact found afterwards (無断持ち出し etc.) that lacked the required permission; it becomes a finding. */
  unauthorised: z.boolean().optional(),
});
export type EventCreate = z.infer<typeof eventCreate>;
export const eventReturn = z.strictObject({ returnedAt: z.iso.datetime({ offset: true }).optional() });
export const eventListQuery = z.strictObject({ ...pageQuery });

// ---- findings -----------------------------------------------------------------------------------------------

export const findingQuery = z.strictObject({
  code: z.string().max(40).optional(),
  unitId: id.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const findingExportQuery = z.strictObject({
  code: z.string().max(40).optional(),
  unitId: id.optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  encoding: z.enum(['utf8', 'sjis']).default('utf8'),
});

export const networkModel = z.enum(NETWORK_MODELS);
