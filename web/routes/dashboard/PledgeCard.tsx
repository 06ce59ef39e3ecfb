import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { type MyPledge, pledgeKeys } from '../pledges/types.ts';
import { DashboardWarningCard } from './DashboardCard.tsx';

/** Whether the signed-in person still owes a pledge to the text in force (null while unknown or not applicable). */
export function usePledgeDue(enabled: boolean) {
  const query = useQuery({
    queryKey: pledgeKeys.mine,
    queryFn: () => get<MyPledge>('/pledges/mine'),
    enabled,
    retry: false,
  });
  const due = query.data && !query.data.valid && query.data.text ? query.data : null;
  return { due, settled: !enabled || !query.isPending };
}

/** 誓約が未提出です: the text in force, and the way to read and confirm it. */
export function PledgeCard({ mine }: { mine: MyPledge }) {
  const { t } = useTranslation();
  if (!mine.text) return null;
  return (
    <DashboardWarningCard
      id="pledge-card-title"
      title={t('pledges.card.title')}
      className="flex flex-col items-start gap-3"
    >
      <p className="text-std-16N-170">
        {t('pledges.card.body', { title: mine.text.title, version: mine.text.version })}
      </p>
      <ButtonLink to="/pledges" variant="primary" size="sm" className="no-print">
        {t('pledges.card.action')}
      </ButtonLink>
    </DashboardWarningCard>
  );
}
