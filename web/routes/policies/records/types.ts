/** Response types of the policy records (周知・確認, 見直し, 例外措置), from the server's own services. */
import type {
  campaignReport,
  listCampaigns,
  myAcknowledgements,
} from '../../../../src/modules/policies/acknowledgements.service.ts';
import type { getException, listExceptions } from '../../../../src/modules/policies/exceptions.service.ts';
import type { policyFindings } from '../../../../src/modules/policies/findings.service.ts';
import type { getReview, listReviews } from '../../../../src/modules/policies/reviews.service.ts';

export type MyAcknowledgements = Awaited<ReturnType<typeof myAcknowledgements>>;
export type MyAcknowledgement = MyAcknowledgements['items'][number];
export type CampaignList = Awaited<ReturnType<typeof listCampaigns>>;
export type CampaignSummary = CampaignList['items'][number];
export type CampaignReport = Awaited<ReturnType<typeof campaignReport>>;
export type ReviewList = Awaited<ReturnType<typeof listReviews>>;
export type Review = Awaited<ReturnType<typeof getReview>>;
export type ExceptionList = Awaited<ReturnType<typeof listExceptions>>;
export type ExceptionSummary = ExceptionList['items'][number];
export type ExceptionDetail = Awaited<ReturnType<typeof getException>>;
export type PolicyFindings = Awaited<ReturnType<typeof policyFindings>>;

export interface UnitOption {
  id: string;
  path: string;
  level: string;
}

export const recordKeys = {
  all: ['policy-records'] as const,
  mine: ['policy-records', 'mine'] as const,
  campaigns: ['policy-records', 'campaigns'] as const,
  campaign: (id: string) => ['policy-records', 'campaign', id] as const,
  reviews: (status: string, documentId: string) => ['policy-records', 'reviews', status, documentId] as const,
  review: (id: string) => ['policy-records', 'review', id] as const,
  exceptions: (status: string) => ['policy-records', 'exceptions', status] as const,
  exception: (id: string) => ['policy-records', 'exception', id] as const,
  findings: ['policy-records', 'findings'] as const,
  units: ['policy-records', 'units'] as const,
};

/** Days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
