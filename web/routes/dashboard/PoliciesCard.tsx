/**
 * ポリシー文書 (named as in the menu) on the dashboard: documents awaiting my confirmation, committee votes awaiting me,
 * overdue reviews (見直し), and 例外措置 expired or expiring within 30 days or not approved. Each line shows only to
 * roles that may read its data; the card shows nothing when nothing is due, hence the warning shell when it shows.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, may, useMe } from '../../api.ts';
import { todayInJapan } from '../../lib/dates.ts';
import {
  daysBetween,
  type ExceptionList,
  type MyAcknowledgements,
  type PolicyFindings,
  recordKeys,
} from '../policies/records/types.ts';
import type { DocumentList, VersionDetail } from '../policies/types.ts';
import { DashboardWarningCard } from './DashboardCard.tsx';

const SOON_DAYS = 30;

/** Versions before the committee (vote mode) on which the signed-in member has not voted yet. */
function useVotesAwaiting(enabled: boolean, personId: string | undefined) {
  return useQuery({
    queryKey: ['policies', 'votes-awaiting', personId ?? ''],
    enabled: enabled && !!personId,
    retry: false,
    queryFn: async () => {
      const docs = await get<DocumentList>('/policies');
      const inCommittee = docs.items.filter((d) => d.latest?.status === 'COMMITTEE');
      const waiting = [];
      for (const d of inCommittee) {
        const v = await get<VersionDetail>(`/policy-versions/${d.latest!.id}`);
        const me = v.committee?.members.find((m) => m.personId === personId);
        if (v.committee?.mode === 'VOTE' && me && me.vote === null) waiting.push({ id: v.id, title: d.title });
      }
      return waiting;
    },
  });
}

export function PoliciesCard() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const person = me?.person ?? null;
  const mayAck = !!person && may(me ?? undefined, 'policy_ack', 'acknowledge');
  const mayFindings = may(me ?? undefined, 'policy_finding', 'read');
  const mayExceptions = may(me ?? undefined, 'policy_exception', 'read');
  const acks = useQuery({
    queryKey: recordKeys.mine,
    queryFn: () => get<MyAcknowledgements>('/policy-acknowledgements/mine'),
    enabled: mayAck,
    retry: false,
  });
  const votes = useVotesAwaiting(may(me ?? undefined, 'policy', 'vote'), person?.id);
  const findings = useQuery({
    queryKey: recordKeys.findings,
    queryFn: () => get<PolicyFindings>('/findings/policies'),
    enabled: mayFindings,
    retry: false,
  });
  const exceptions = useQuery({
    queryKey: recordKeys.exceptions(''),
    queryFn: () => get<ExceptionList>('/policy-exceptions'),
    enabled: mayExceptions,
    retry: false,
  });

  const today = todayInJapan();
  const toAck = (acks.data?.items ?? []).filter((i) => i.open && !i.acknowledgedAt);
  const overdueAck = toAck.filter((i) => i.overdue).length;
  const reviewFindings = (findings.data?.findings ?? []).filter((f) => f.code.startsWith('POLICY-'));
  const excItems = exceptions.data?.items ?? [];
  const expired = excItems.filter((e) => e.standing === 'expired').length;
  const soon = excItems.filter((e) => e.standing === 'active' && daysBetween(today, e.validUntil) <= SOON_DAYS).length;
  const pending = excItems.filter((e) => e.standing === 'pending').length;

  const lines: Array<{ key: string; to: string; text: string }> = [];
  if (toAck.length) {
    lines.push({
      key: 'ack',
      to: '/policies/acknowledgements',
      text:
        t('policies.dashboard.toAcknowledge', { count: toAck.length }) +
        (overdueAck ? t('policies.dashboard.overdueSuffix', { count: overdueAck }) : ''),
    });
  }
  for (const v of votes.data ?? []) {
    lines.push({
      key: `vote-${v.id}`,
      to: `/policies/versions/${v.id}`,
      text: t('policies.dashboard.vote', { title: v.title }),
    });
  }
  if (reviewFindings.length) {
    lines.push({
      key: 'reviews',
      to: '/policies/reviews?status=OPEN',
      text: t('policies.dashboard.reviewsOverdue', { count: reviewFindings.length }),
    });
  }
  if (expired) {
    lines.push({
      key: 'expired',
      to: '/policies/exceptions?show=expired',
      text: t('policies.dashboard.expired', { count: expired }),
    });
  }
  if (soon) {
    lines.push({
      key: 'soon',
      to: '/policies/exceptions?show=soon',
      text: t('policies.dashboard.expiringSoon', { count: soon }),
    });
  }
  if (pending && may(me ?? undefined, 'policy_exception', 'decide')) {
    lines.push({
      key: 'pending',
      to: '/policies/exceptions?show=pending',
      text: t('policies.dashboard.pending', { count: pending }),
    });
  }
  if (lines.length === 0) return null;

  return (
    <DashboardWarningCard
      id="policies-card-title"
      title={t('policies.dashboard.title')}
      className="flex flex-col gap-3"
    >
      <ul className="flex list-disc flex-col gap-1 pl-6 text-std-16N-170">
        {lines.map((l) => (
          <li key={l.key}>
            <Link to={l.to}>{l.text}</Link>
          </li>
        ))}
      </ul>
    </DashboardWarningCard>
  );
}
