/** Words for versions and documents, in the policy's terms (policies.*.json), shared by the pages of this area. */
import { useTranslation } from 'react-i18next';
import type { DocumentKind, VersionStatus } from '../../../src/domain/policy/kinds.ts';
import { formatDate, toWareki } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';

const seireki = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export const KIND_ORDER: DocumentKind[] = ['BASIC', 'STANDARD', 'PROCEDURE'];

export function usePolicyWords() {
  const { t } = useTranslation();
  const lang = useLanguage();
  return {
    kind: (k: string) => t(`policies.kind.${k}`),
    status: (s: string) => t(`policies.status.${s as VersionStatus}`),
    standing: (s: string | null | undefined) => (s ? t(`policies.standing.${s}`) : ''),
    /** 第2版 / Version 2 */
    number: (n: number) => t('policies.version.number', { n }),
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, lang) : '—'),
    /** 令和8年4月1日施行予定 */
    scheduledOn: (iso: string) =>
      t('policies.version.scheduled', { wareki: toWareki(iso), seireki: seireki(iso), date: formatDate(iso, lang) }),
  };
}
