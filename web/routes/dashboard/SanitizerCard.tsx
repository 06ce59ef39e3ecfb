/**
 * 無害化 on 今日やること: original-release requests awaiting my decision, and the mails quarantined today that I may
 * see — each linking to the page where it is dealt with. Shown only when there is something; nothing is fetched for
 * people who may not read the gateway's records.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, may, useMe } from '../../api.ts';
import { InfoIcon, WarningIcon } from '../../components/Icons.tsx';
import type { Summary } from '../sanitizer/types.ts';

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
  const items = [
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
  ].filter((x): x is { key: string; urgent: boolean; text: string; to: string } => !!x);

  return (
    <section aria-labelledby="sanitizer-card-title" className="rounded-12 border border-solid-gray-200 bg-white">
      <div className="border-b border-solid-gray-200 px-6 py-4">
        <h2 id="sanitizer-card-title" className="text-std-22B-150 text-solid-gray-900">
          {t('sanitizer.card.title')}
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
