/**
 * 三層の対策 on 今日やること: findings of the latest firewall import by severity for the systems the person answers
 * for (every system for the CISO and the policy office, their own for a 情報システム管理者, those their 課室 owns
 * for a 情報セキュリティ管理者), and exceptions
 * (特定通信 …) that have expired or expire within 60 days.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '../../../src/modules/network/changes.service.ts';
import { get, may, useMe } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { formatDate } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { DashboardCard } from './DashboardCard.tsx';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Shown to those who may read the summary; to a 情報システム/セキュリティ管理者 only with systems of their own. */
export function NetworkCard() {
  const { data: me } = useMe();
  const query = useQuery({
    queryKey: ['network', 'summary'],
    queryFn: () => get<NetworkSummary>('/network/summary'),
    enabled: may(me ?? undefined, 'network', 'read_summary'),
  });
  // A 情報セキュリティ管理者 sees the counts only: the findings and exceptions screens are the keepers'.
  const canOpen = may(me ?? undefined, 'network', 'read');
  return query.data ? <NetworkSummaryCard data={query.data} canOpen={canOpen} /> : null;
}

function NetworkSummaryCard({ data, canOpen }: { data: NetworkSummary; canOpen: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (data.scope === 'own' && data.systems.length === 0) return null;
  const names = data.systems.map((s) => s.name).join('、');
  return (
    <DashboardCard id="network-card-title" title={t('network.dashboard.title')}>
      <div className="flex flex-col gap-4 px-6 py-4">
        {data.import ? (
          <>
            <p className="text-std-16N-170">
              {data.scope === 'own'
                ? t('network.dashboard.leadOwn', { on: formatDate(data.import.checkedOn, lang), names })
                : t('network.dashboard.lead', { on: formatDate(data.import.checkedOn, lang) })}
            </p>
            <dl className="flex flex-wrap gap-3">
              {SEVERITIES.map((s) => (
                <div
                  key={s}
                  data-severity={s}
                  className="flex min-w-[6rem] flex-col items-center rounded-8 border border-solid-gray-420 px-3 py-2"
                >
                  <dt className="text-dns-14B-130">{t(`network.severity.${s}`)}</dt>
                  <dd className="text-std-22B-150">{t('common.count', { count: data.counts[s] })}</dd>
                </div>
              ))}
            </dl>
            {canOpen && (
              <div>
                <ButtonLink to="/network/findings">{t('network.dashboard.open')}</ButtonLink>
              </div>
            )}
          </>
        ) : (
          <p>{t('network.dashboard.noImport')}</p>
        )}
        <h3 className="text-std-17B-170">{t('network.dashboard.expiring')}</h3>
        {data.exceptions.length === 0 ? (
          <p>{t('network.dashboard.noneExpiring')}</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {data.exceptions.map((e) => (
              <li key={e.id} data-exception={e.status}>
                {e.status === 'expired' ? `⚠ ${t('network.exceptions.statuses.expired')}：` : ''}
                {e.name}（{t(`network.lists.${e.list}`)}）—{' '}
                {t('network.dashboard.expiresOn', { date: formatDate(e.expiresOn, lang) })}
              </li>
            ))}
          </ul>
        )}
        {canOpen && data.exceptions.length > 0 && (
          <div>
            <ButtonLink to="/network/exceptions">{t('network.dashboard.openExceptions')}</ButtonLink>
          </div>
        )}
      </div>
    </DashboardCard>
  );
}
