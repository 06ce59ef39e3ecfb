/**
 * 情報資産 on 今日やること: permission requests (運搬・提供・廃棄) awaiting my decision, carry-outs past their return
 * date, and the asset findings of the units I answer for — each linking to the page where it is dealt with. Shown
 * only when there is something to do; nothing is fetched that the user's roles may not read.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { listFindings } from '../../../src/modules/assets/findings.service.ts';
import { get, may, useMe } from '../../api.ts';
import { InfoIcon, WarningIcon } from '../../components/Icons.tsx';
import type { PermissionPage } from '../assets/lifecycle/types.ts';

type FindingList = Awaited<ReturnType<typeof listFindings>>;

export function AssetsCard() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const mayDecide = may(me ?? undefined, 'asset_permission', 'decide');
  const mayFindings = may(me ?? undefined, 'asset_finding', 'read');
  const toDecide = useQuery({
    queryKey: ['assets', 'permissions', 'dashboard'],
    queryFn: () => get<PermissionPage>('/asset-permissions?toDecide=true&status=PENDING&limit=200'),
    enabled: mayDecide,
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
  if (pending === 0 && total === 0) return null;

  const items = [
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
  ].filter((x): x is { key: string; urgent: boolean; text: string; to: string } => !!x);

  return (
    <section aria-labelledby="assets-card-title" className="rounded-12 border border-solid-gray-200 bg-white">
      <div className="border-b border-solid-gray-200 px-6 py-4">
        <h2 id="assets-card-title" className="text-std-22B-150 text-solid-gray-900">
          {t('assets.dashboard.title')}
        </h2>
      </div>
      <ul className="flex flex-col">
        {items.map((i) => (
          <li
            key={i.key}
            data-card-item={i.key}
            className="flex items-center gap-3 border-b border-solid-gray-200 px-6 py-4 last:border-b-0"
          >
            {i.urgent ? (
              <WarningIcon size={24} className="shrink-0 text-yellow-1000" />
            ) : (
              <InfoIcon size={24} className="shrink-0 text-blue-900" />
            )}
            <Link to={i.to} className="text-std-16B-170">
              {i.text}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
