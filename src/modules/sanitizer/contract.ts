/** Requests of the 無害化 area (sanitizer). Imported by the server and the web app. */
import { z } from 'zod';
import { bilingual, id, isoDate, optionalText, pageQuery, text } from '../../platform/http/fields.ts';

export const idParams = z.strictObject({ id });
export const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });

const boolText = z.enum(['true', 'false']).optional();

export const VERDICTS = ['delivered-sanitized', 'quarantined', 'rejected', 'tempfailed'] as const;
export const QUEUES = ['all', 'quarantined', 'held', 'removed'] as const;
export const ORIGINS = ['relay', 'release', 'ppap', 'demo'] as const;

export const summaryQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(92).default(14) });
export type SummaryQuery = z.infer<typeof summaryQuery>;

export const messageListQuery = z.strictObject({
  ...pageQuery,
  /** the quarantine queue: messages with something kept back (all), or one kind of it */
  queue: z.enum(QUEUES).optional(),
  verdict: z.enum(VERDICTS).optional(),
  origin: z.enum(ORIGINS).optional(),
  q: z.string().trim().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** only messages addressed to the caller */
  mine: boolText,
});
export type MessageListQuery = z.infer<typeof messageListQuery>;

export const releaseCreate = z.strictObject({ reason: text(1000) });

export const RELEASE_CHANNELS = ['RESANITIZE', 'RAW'] as const;
export const releaseDecision = z
  .strictObject({
    decision: z.enum(['APPROVED', 'DENIED']),
    /** RESANITIZE (default): processed again with a profile; RAW: the original itself (例外措置, off by default) */
    channel: z.enum(RELEASE_CHANNELS).optional(),
    profile: z.enum(['cdr']).optional(),
    note: optionalText(1000),
  })
  .refine((d) => d.decision === 'APPROVED' || (d.note ?? '').trim().length > 0, {
    path: ['note'],
    ...bilingual('却下する理由を入力してください。申請者に伝わります。', 'Give the reason for refusing.'),
  });
export type ReleaseDecision = z.infer<typeof releaseDecision>;

export const RELEASE_STATUS_FILTER = ['REQUESTED', 'APPROVED', 'DENIED', 'RELEASED', 'FAILED', 'WITHDRAWN'] as const;
export const releaseListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(RELEASE_STATUS_FILTER).optional(),
  /** requests waiting for the caller's decision */
  toDecide: boolText,
  /** the caller's own requests */
  mine: boolText,
});
export type ReleaseListQuery = z.infer<typeof releaseListQuery>;

export const settingsUpdate = z.strictObject({
  rawReleaseAllowed: z.boolean().optional(),
  /** the 例外措置 (its number or title) that allows raw release */
  rawReleaseBasis: optionalText(300),
  /** PolicyInput (sanitizer.md §7); validated by makePolicy */
  policyOverrides: z.record(z.string(), z.unknown()).optional(),
});
export type SettingsUpdate = z.infer<typeof settingsUpdate>;

export const ppapRelease = z.strictObject({ password: z.string().min(1).max(200) });
