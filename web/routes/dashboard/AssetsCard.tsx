/**
 * 情報資産 on 今日やること: my own carry-outs past their return date (whoever carried an asset out brings it back,
 * whatever else they may read), permission requests (運搬・提供・廃棄) awaiting my decision, carry-outs past their
 * return date and the asset findings of the units I answer for — each linking to the page where it is dealt with.
 * Shown only when there is something to do; nothing is fetched that the user's roles may not read.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { myCarryOuts } from '../../../src/modules/assets/carry-outs.service.ts';
import type { listFindings } from '../../../src/modules/assets/findings.service.ts';
import { get, may, useMe } from '../../api.ts';
import { formatDate } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import type { PermissionPage } from '../assets/lifecycle/types.ts';
import { CardLines, DashboardCard } from './DashboardCard.tsx';

type FindingList = Awaited<ReturnType<typeof listFindings>>;
type MyCarryOuts = Awaited<ReturnType<typeof myCarryOuts>>;

export function AssetsCard() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const mayOwn = !!me?.person && may(me, 'asset_carry', 'read_own');
  const mayDecide = may(me ?? undefined, 'asset_permission', 'decide');
  const mayFindings = may(me ?? undefined, 'asset_finding', 'read');
  const toDecide = useQuery({
    queryKey: ['assets', 'permissions', 'dashboard'],
    queryFn: () => get<PermissionPage>('/asset-permissions?toDecide=true&status=PENDING&limit=200'),
    enabled: mayDecide,
    retry: false,
  });
  const own = useQuery({
    queryKey: ['assets', 'carry-outs', 'mine'],
    queryFn: () => get<MyCarryOuts>('/asset-carry-outs/mine'),
    enabled: mayOwn,
    retry: false,
  });
  const findings = useQuery({
    queryKey: ['assets', 'findings', 'dashboard'],
    queryFn: () => get<FindingList>('/findings/assets?limit=1'),
    enabled: mayFindings,
    retry: false,
  });
  const pending = toDecide.data?.items.length ?? 0;
  const more = !!toDecide.data?.nextCursor;
  const overdue = findings.data?.counts['ASSET-CARRY-OVERDUE'] ?? 0;
  const total = findings.data?.total ?? 0;
  const ownOverdue = (own.data?.items ?? []).filter((c) => c.carryState === 'OVERDUE');
  if (pending === 0 && total === 0 && ownOverdue.length === 0) return null;

  // One line per asset: each is the person's own to bring back, on its own page.
  const ownLines = ownOverdue.map((c) => ({
    key: `own-overdue-${c.eventId}`,
    urgent: true,
    text: t(c.unauthorised ? 'assets.dashboard.ownOverdueUnauthorised' : 'assets.dashboard.ownOverdue', {
      name: c.asset.name,
      date: c.expectedReturnOn ? formatDate(c.expectedReturnOn, lang) : '',
    }),
    to: `/assets/${encodeURIComponent(c.asset.id)}`,
  }));

  const lines = [
    ...ownLines,
    pending > 0 && {
      key: 'requests',
      urgent: true,
      text: more
        ? t('assets.dashboard.requestsMore', { count: pending })
        : t('assets.dashboard.requests', { count: pending }),
      to: '/assets/requests',
    },
    overdue > 0 && {
      key: 'overdue',
      urgent: true,
      text: t('assets.dashboard.overdue', { count: overdue }),
      to: '/assets/findings?code=ASSET-CARRY-OVERDUE',
    },
    total > 0 && {
      key: 'findings',
      urgent: false,
      text: t('assets.dashboard.findings', { count: total }),
      to: '/assets/findings',
    },
  ];

  return (
    <DashboardCard id="assets-card-title" title={t('assets.dashboard.title')}>
      <CardLines lines={lines} />
    </DashboardCard>
  );
}
