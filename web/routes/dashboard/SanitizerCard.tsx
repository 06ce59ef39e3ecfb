/**
 * 無害化 on 今日やること: original-release requests awaiting my decision, and the mails quarantined today that I may
 * see — each linking to the page where it is dealt with. Shown only when there is something; nothing is fetched for
 * people who may not read the gateway's records.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, may, useMe } from '../../api.ts';
import type { Summary } from '../sanitizer/types.ts';
import { CardLines, DashboardCard } from './DashboardCard.tsx';

export function SanitizerCard() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const summary = useQuery({
    queryKey: ['sanitizer', 'summary', 'dashboard'],
    queryFn: () => get<Summary>('/sanitizer/summary?days=1'),
    enabled: may(me ?? undefined, 'sanitizer', 'read'),
    retry: false,
  });
  const s = summary.data;
  const toDecide = s?.toDecide ?? 0;
  const today = s?.perDay.find((d) => d.day === s.to);
  const quarantined = today?.quarantined ?? 0;
  if (toDecide === 0 && quarantined === 0) return null;
  const lines = [
    toDecide > 0 && {
      key: 'to-decide',
      urgent: true,
      text: t('sanitizer.card.toDecide', { count: toDecide }),
      to: '/sanitizer/requests?view=toDecide',
    },
    quarantined > 0 && {
      key: 'quarantined-today',
      urgent: false,
      text: t('sanitizer.card.quarantinedToday', { count: quarantined }),
      to: `/sanitizer/messages?verdict=quarantined&from=${s?.to ?? ''}`,
    },
  ];

  return (
    <DashboardCard id="sanitizer-card-title" title={t('sanitizer.card.title')}>
      <CardLines lines={lines} />
    </DashboardCard>
  );
}
