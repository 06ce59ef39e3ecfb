/** Response types of the 無害化 area, from the server's own code (type-only imports), and the query keys. */
import type { getMessage } from '../../../src/modules/sanitizer/message-detail.service.ts';
import type { listMessages, summary } from '../../../src/modules/sanitizer/messages.service.ts';
import type { ppapInfo, ppapRelease } from '../../../src/modules/sanitizer/ppap.service.ts';
import type { listReleases } from '../../../src/modules/sanitizer/release.service.ts';
import type { releaseView } from '../../../src/modules/sanitizer/release.views.ts';
import type { policyView } from '../../../src/modules/sanitizer/settings.service.ts';

export type Summary = Awaited<ReturnType<typeof summary>>;
export type MessagePage = Awaited<ReturnType<typeof listMessages>>;
export type MessageItem = MessagePage['items'][number];
export type MessageDetail = Awaited<ReturnType<typeof getMessage>>;
export type ReleaseItem = ReturnType<typeof releaseView> & { canDecide?: boolean };
export type ReleasePage = Awaited<ReturnType<typeof listReleases>>;
export type PolicyView = Awaited<ReturnType<typeof policyView>>;
export type PpapInfo = Awaited<ReturnType<typeof ppapInfo>>;
export type PpapReleased = Awaited<ReturnType<typeof ppapRelease>>;

export const FILTER_KEYS = ['queue', 'verdict', 'q', 'from', 'to', 'mine'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export const sanitizerKeys = {
  all: ['sanitizer'] as const,
  summary: (days: number) => ['sanitizer', 'summary', days] as const,
  messages: (filters: Filters, cursor: string | null) => ['sanitizer', 'messages', filters, cursor] as const,
  message: (id: string) => ['sanitizer', 'message', id] as const,
  releases: (view: string, cursor: string | null) => ['sanitizer', 'releases', view, cursor] as const,
  policy: ['sanitizer', 'policy'] as const,
  ppap: (token: string) => ['ppap', token] as const,
};

/** 1,234 バイト / 12 KB / 3.4 MB */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString('ja-JP')} B`;
  if (n < 1048576) return `${Math.round(n / 1024).toLocaleString('ja-JP')} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}
