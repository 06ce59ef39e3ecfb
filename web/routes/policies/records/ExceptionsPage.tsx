/**
 * 例外措置 (/policies/exceptions): a 情報セキュリティ管理者 applies (which rule, why, compensating measures, scope,
 * until when) — or reports an emergency measure after the fact; the CISO (or the deputy) approves or refuses, never
 * the applicant (SOD-3); approved exceptions are reviewed periodically and end by withdrawal, revocation or expiry.
 * The list flags expired, soon-expiring and unapproved ones.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ExceptionStanding } from '../../../../src/domain/policy/exceptions.ts';
import { get, may, queryClient, queryString, useMe } from '../../../api.ts';
import { ButtonLink } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, Facts, Loaded } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { usePolicyHeading } from '../heading.tsx';
import { DecisionPanel, ReviewPanel, WithdrawPanel } from './ExceptionActions.tsx';
import { ExceptionForm } from './ExceptionForm.tsx';
import { Badge, type Tone } from './parts.tsx';
import { daysBetween, type ExceptionDetail, type ExceptionList, type ExceptionSummary, recordKeys } from './types.ts';

const SOON_DAYS = 30;
const TONE: Record<ExceptionStanding, Tone> = {
  pending: 'warn',
  scheduled: 'info',
  active: 'ok',
  expired: 'bad',
  rejected: 'info',
  withdrawn: 'info',
  revoked: 'info',
};

export function StandingBadge({ e }: { e: Pick<ExceptionSummary, 'standing' | 'validUntil' | 'emergency'> }) {
  const { t } = useTranslation();
  const left = daysBetween(todayInJapan(), e.validUntil);
  return (
    <span className="flex flex-wrap gap-1">
      <Badge tone={TONE[e.standing]}>{t(`policies.exceptions.standing.${e.standing}`)}</Badge>
      {e.standing === 'active' && left <= SOON_DAYS && (
        <Badge tone="warn">{t('policies.exceptions.expiresIn', { count: left })}</Badge>
      )}
      {e.emergency && <Badge tone="bad">{t('policies.exceptions.emergency')}</Badge>}
    </span>
  );
}

const FILTERS = ['', 'attention', 'pending', 'active', 'soon', 'expired', 'closed'] as const;

function matches(filter: string, e: ExceptionSummary): boolean {
  const left = daysBetween(todayInJapan(), e.validUntil);
  switch (filter) {
    case 'attention':
      return e.standing === 'expired' || e.standing === 'pending' || (e.standing === 'active' && left <= SOON_DAYS);
    case 'pending':
    case 'active':
    case 'expired':
      return e.standing === filter;
    case 'soon':
      return e.standing === 'active' && left <= SOON_DAYS;
    case 'closed':
      return ['rejected', 'withdrawn', 'revoked'].includes(e.standing);
    default:
      return true;
  }
}

function List() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const filter = params.get('show') ?? '';
  const query = useQuery({
    queryKey: recordKeys.exceptions(''),
    queryFn: () => get<ExceptionList>(`/policy-exceptions${queryString({})}`),
  });
  return (
    <div className="flex flex-col gap-6">
      <p className="text-std-16N-170">{t('policies.exceptions.lead')}</p>
      <div className="no-print flex flex-wrap items-end gap-6">
        <Select
          id="filter-show"
          label={t('policies.exceptions.filter')}
          value={filter}
          width="m"
          onChange={(v) => setParams(v ? { show: v } : {}, { replace: true })}
          options={FILTERS.map((f) => ({ value: f, label: t(`policies.exceptions.filters.${f || 'all'}`) }))}
        />
        <PrintButton what={t('policies.pages.exceptions')} />
        {may(me ?? undefined, 'policy_exception', 'request') && (
          <ButtonLink to="/policies/exceptions/new" variant="primary">
            {t('policies.exceptions.new')}
          </ButtonLink>
        )}
      </div>
      <Loaded query={query}>
        {(data) => {
          const rows = data.items.filter((e) => matches(filter, e));
          return (
            <Table<ExceptionSummary>
              caption={t('policies.exceptions.listCaption', { count: rows.length })}
              columns={[
                {
                  header: t('policies.exceptions.rule'),
                  cell: ({ row }) => (
                    <Link to={`/policies/exceptions/${row.original.id}`}>{row.original.ruleText}</Link>
                  ),
                },
                {
                  header: t('policies.exceptions.scope'),
                  cell: ({ row }) => row.original.scope.unitPath ?? row.original.scope.description,
                },
                {
                  header: t('policies.exceptions.period'),
                  cell: ({ row }) => (
                    <span>
                      <DateText iso={row.original.validFrom} />
                      <br />〜 <DateText iso={row.original.validUntil} />
                    </span>
                  ),
                },
                { header: t('policies.exceptions.status'), cell: ({ row }) => <StandingBadge e={row.original} /> },
                { header: t('policies.exceptions.requestedBy'), cell: ({ row }) => row.original.requestedBy },
              ]}
              data={rows}
              rowKey={(e) => e.id}
              empty={t('policies.exceptions.none')}
            />
          );
        }}
      </Loaded>
    </div>
  );
}

function NewException() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePolicyHeading(t('policies.exceptions.new'), [
    { label: t('policies.pages.exceptions'), href: '/policies/exceptions' },
  ]);
  return (
    <ExceptionForm
      onCreated={(e) => {
        void queryClient.invalidateQueries({ queryKey: recordKeys.all });
        navigate(`/policies/exceptions/${e.id}`);
      }}
    />
  );
}

function Detail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: recordKeys.exception(id),
    queryFn: () => get<ExceptionDetail>(`/policy-exceptions/${id}`),
  });
  usePolicyHeading(query.data ? t('policies.exceptions.detailTitle') : null, [
    { label: t('policies.pages.exceptions'), href: '/policies/exceptions' },
  ]);
  return (
    <Loaded query={query}>
      {(e) => (
        <div className="flex flex-col gap-8">
          {e.standing === 'expired' && (
            <NotificationBanner kind="error" live={false}>
              {t('policies.exceptions.expiredLead', { date: e.validUntil })}
            </NotificationBanner>
          )}
          {e.standing === 'pending' && e.emergency && (
            <NotificationBanner kind="warning" live={false}>
              {t('policies.exceptions.emergencyLead')}
            </NotificationBanner>
          )}
          <Facts
            items={[
              { label: t('policies.exceptions.status'), value: <StandingBadge e={e} /> },
              { label: t('policies.exceptions.rule'), value: e.ruleText },
              ...(e.ruleRefs.length
                ? [
                    {
                      label: t('policies.exceptions.ruleRefs'),
                      value: e.ruleRefs.map((r) => r.citationLabel).join('、'),
                    },
                  ]
                : []),
              {
                label: t('policies.exceptions.reason'),
                value: <span className="whitespace-pre-wrap">{e.reason}</span>,
              },
              {
                label: t('policies.exceptions.compensating'),
                value: <span className="whitespace-pre-wrap">{e.compensatingMeasures}</span>,
              },
              {
                label: t('policies.exceptions.scope'),
                value: [e.scope.unitPath, e.scope.description].filter(Boolean).join('：'),
              },
              { label: t('policies.exceptions.validFrom'), value: <DateText iso={e.validFrom} /> },
              { label: t('policies.exceptions.validUntil'), value: <DateText iso={e.validUntil} /> },
              ...(e.emergency
                ? [
                    { label: t('policies.exceptions.occurredOn'), value: <DateText iso={e.emergency.occurredOn} /> },
                    { label: t('policies.exceptions.actionTaken'), value: e.emergency.actionTaken ?? '—' },
                  ]
                : []),
              { label: t('policies.exceptions.requestedBy'), value: e.requestedBy },
              { label: t('policies.exceptions.decidedBy'), value: e.decidedBy ?? '—' },
              { label: t('policies.exceptions.decidedOn'), value: <DateText iso={e.decidedOn} /> },
              ...(e.decisionNote ? [{ label: t('policies.exceptions.decisionNote'), value: e.decisionNote }] : []),
              {
                label: t('policies.exceptions.reviewEvery'),
                value: t('policies.exceptions.months', { count: e.reviewEveryMonths }),
              },
              { label: t('policies.exceptions.nextReview'), value: <DateText iso={e.nextReviewDue} /> },
            ]}
          />
          <div className="no-print">
            <PrintButton what={t('policies.exceptions.detailTitle')} />
          </div>
          {e.reviews && e.reviews.length > 0 && (
            <Table
              caption={t('policies.exceptions.reviewsTitle')}
              columns={[
                {
                  header: t('policies.exceptions.reviewedOn'),
                  cell: ({ row }) => <DateText iso={row.original.reviewedOn} />,
                },
                { header: t('policies.exceptions.reviewer'), cell: ({ row }) => row.original.reviewer },
                {
                  header: t('policies.exceptions.outcome'),
                  cell: ({ row }) => t(`policies.exceptions.outcomes.${row.original.outcome}`),
                },
                { header: t('policies.exceptions.note'), cell: ({ row }) => row.original.note ?? '—' },
              ]}
              data={e.reviews}
            />
          )}
          <DecisionPanel exception={e} />
          <ReviewPanel exception={e} />
          <WithdrawPanel exception={e} />
        </div>
      )}
    </Loaded>
  );
}

export default function ExceptionsPage() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path="new" element={<NewException />} />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
