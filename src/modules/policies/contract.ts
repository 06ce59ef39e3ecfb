/** Requests of the policy-document area (基本方針・対策基準・実施手順). Imported by the server and the web app. */
import { z } from 'zod';
import { EXCEPTION_STATUSES } from '../../domain/policy/exceptions.ts';
import { DOCUMENT_KINDS } from '../../domain/policy/kinds.ts';
import { REVIEW_DECISIONS, REVIEW_TRIGGERS } from '../../domain/policy/reviews.ts';
import { ROLE_CODES } from '../../domain/roles.ts';
import { bilingual, id, isoDate, oneLineText, optionalText, text } from '../../platform/http/fields.ts';

export const READER_ROLES = [...ROLE_CODES, 'STAFF', 'PLATFORM_ADMIN'] as const;

/** Markdown text of a version: up to 500,000 characters (a long 対策基準 is about 150,000). */
export const policyBody = z.string().trim().min(1).max(500_000);
const clausePath = oneLineText(200);

export const idParams = z.strictObject({ id });
export const onQuery = z.strictObject({ on: isoDate.optional() });

export const documentCreate = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  title: oneLineText(200),
  /** 実施手順 only: kept per information system or per 部局・課室. */
  scopeKind: z.enum(['ORG_UNIT', 'SYSTEM']).nullish(),
  scopeId: id.nullish(),
  /** 実施手順 only: the roles that may read it (default: the keepers and the scope's own managers). */
  visibleRoles: z.array(z.enum(READER_ROLES)).min(1).max(20).optional(),
  /** 対策基準 only: publish on the public portal (基本方針 always is; 実施手順 never). */
  onPortal: z.boolean().optional(),
  establishedOn: isoDate.nullish(),
  /** The text of the first draft. */
  body: policyBody.optional(),
  changeSummary: optionalText(2000),
});

export const documentUpdate = z.strictObject({
  title: oneLineText(200).optional(),
  visibleRoles: z.array(z.enum(READER_ROLES)).min(1).max(20).optional(),
  onPortal: z.boolean().optional(),
  establishedOn: isoDate.nullish(),
});

export const documentListQuery = z.strictObject({ kind: z.enum(DOCUMENT_KINDS).optional(), on: isoDate.optional() });

export const versionCreate = z.strictObject({
  /** Start from this version (default: the latest published one). */
  basedOnVersionId: id.optional(),
  body: policyBody.optional(),
  changeSummary: optionalText(2000),
});

export const versionUpdate = z.strictObject({
  title: oneLineText(200).optional(),
  body: policyBody.optional(),
  changeSummary: optionalText(2000),
});

export const reviewStep = z.strictObject({
  /** FORWARD: to the committee (or the approver of a 実施手順); RETURN: back to the drafter (差戻し). */
  decision: z.enum(['FORWARD', 'RETURN']),
  comment: optionalText(2000),
});

export const voteInput = z.strictObject({
  vote: z.enum(['APPROVE', 'REJECT', 'ABSTAIN']),
  comment: optionalText(1000),
});

export const decisionInput = z.strictObject({
  decision: z.enum(['APPROVED', 'REJECTED']),
  decidedOn: isoDate,
  /** The committee meeting where it was decided (委員会の開催記録). */
  meetingId: id.optional(),
  note: optionalText(2000),
});

export const publishInput = z.strictObject({ revisedOn: isoDate, effectiveOn: isoDate });

/** By default: the latest version against the one in force today (or the published one before it). */
export const compareQuery = z.strictObject({ from: id.optional(), to: id.optional() });
export const searchQuery = z.strictObject({ q: text(100), on: isoDate.optional() });

export const portalParams = z.strictObject({
  tenantCode: z.string().regex(/^\d{6}$/, bilingual('団体コードは6桁の数字です。', 'The tenant code has six digits.')),
});
export const portalVersionParams = portalParams.extend({ versionId: id });

export const linkCreate = z.strictObject({
  documentId: id,
  clausePath,
  /** Pin the citation to one version; by default it follows the version in force. */
  versionId: id.optional(),
  entityType: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/, bilingual('種類は英小文字で指定してください。', 'Use a lower-case type.')),
  entityId: oneLineText(100),
  note: optionalText(500),
});
export const linkListQuery = z.strictObject({
  entityType: z.string().max(41).optional(),
  entityId: z.string().max(100).optional(),
  documentId: id.optional(),
});

export const campaignCreate = z.strictObject({
  versionId: id,
  audience: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('ALL_STAFF') }),
    z.strictObject({ kind: z.literal('UNIT'), unitId: id }),
    z.strictObject({ kind: z.literal('CONTRACTORS') }),
  ]),
  dueOn: isoDate,
  remindEveryDays: z.number().int().min(1).max(60).default(7),
  title: oneLineText(200).optional(),
});

export const reviewCreate = z.strictObject({
  documentId: id,
  trigger: z.enum(REVIEW_TRIGGERS),
  /** ANNUAL: the 年度 under review (default: the current one). */
  fiscalYear: z.number().int().min(2000).max(2100).optional(),
  /** What called for it: an audit finding, an incident … as { type, id } of that record. */
  triggerEntityType: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/)
    .optional(),
  triggerEntityId: oneLineText(100).optional(),
  triggerNote: optionalText(2000),
  dueOn: isoDate.optional(),
});
export const reviewUpdate = z.strictObject({
  heldOn: isoDate.nullish(),
  meetingId: id.nullish(),
  discussion: z.string().trim().max(20_000).optional(),
});
export const reviewComplete = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  decisionNote: optionalText(5000),
  completedOn: isoDate,
  /** REVISE: the version that resulted (may be added later while the revision is drafted). */
  resultingVersionId: id.optional(),
});
export const reviewListQuery = z.strictObject({
  documentId: id.optional(),
  status: z.enum(['OPEN', 'DONE']).optional(),
});

const ruleRef = z.strictObject({ documentId: id, clausePath });
export const exceptionCreate = z.strictObject({
  ruleRefs: z.array(ruleRef).max(20).default([]),
  /** The rule departed from, in words. */
  ruleText: text(1000),
  reason: text(2000),
  compensatingMeasures: text(2000),
  scope: z.strictObject({ unitId: id.optional(), systemId: id.optional(), description: text(1000) }),
  validFrom: isoDate,
  validUntil: isoDate,
  reviewEveryMonths: z.number().int().min(1).max(12).default(6),
  /** An emergency measure already taken, reported after the fact. */
  emergency: z.strictObject({ occurredOn: isoDate, actionTaken: text(2000) }).optional(),
});
export const exceptionDecision = z.strictObject({
  decision: z.enum(['APPROVED', 'REJECTED']),
  note: optionalText(2000),
});
export const exceptionReview = z.strictObject({
  reviewedOn: isoDate,
  outcome: z.enum(['CONTINUE', 'REVOKE']),
  note: optionalText(2000),
});
export const exceptionListQuery = z.strictObject({
  status: z.enum(EXCEPTION_STATUSES).optional(),
  on: isoDate.optional(),
});

export type DocumentCreate = z.infer<typeof documentCreate>;
export type DocumentUpdate = z.infer<typeof documentUpdate>;
export type VersionCreate = z.infer<typeof versionCreate>;
export type VersionUpdate = z.infer<typeof versionUpdate>;
export type DecisionInput = z.infer<typeof decisionInput>;
export type LinkCreate = z.infer<typeof linkCreate>;
export type CampaignCreate = z.infer<typeof campaignCreate>;
export type ReviewCreate = z.infer<typeof reviewCreate>;
export type ReviewUpdate = z.infer<typeof reviewUpdate>;
export type ReviewComplete = z.infer<typeof reviewComplete>;
export type ExceptionCreate = z.infer<typeof exceptionCreate>;
