/**
 * 見直し (/policies/reviews, seed §8): the yearly review of each document (due by the end of the 年度) and reviews
 * triggered by an audit finding, an incident or a change in circumstances. Each records the trigger, the discussion,
 * the decision and the resulting version; overdue ones are flagged (and are findings on the dashboard).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { REVIEW_TRIGGERS } from '../../../../src/domain/policy/reviews.ts';
import { get, may, post, queryClient, queryString, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, Facts, Loaded } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { currentFiscalYear, todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useFieldErrors } from '../form-errors.ts';
import { usePolicyHeading } from '../heading.tsx';
import type { DocumentDetail, DocumentList } from '../types.ts';
import { Badge, Block } from './parts.tsx';
import { ReviewMeeting, ReviewRecordForm } from './ReviewRecordForm.tsx';
import { type Review, type ReviewList, recordKeys } from './types.ts';

type ReviewItem = ReviewList['items'][number];

export function ReviewStatus({ review }: { review: Pick<Review, 'status' | 'overdue' | 'decisionLabel'> }) {
  const { t } = useTranslation();
  if (review.status === 'DONE') return <Badge tone="ok">{review.decisionLabel ?? t('policies.reviews.done')}</Badge>;
  return review.overdue ? (
    <Badge tone="bad">{t('policies.reviews.overdue')}</Badge>
  ) : (
    <Badge tone="info">{t('policies.reviews.open')}</Badge>
  );
}

function useDocuments() {
  return useQuery({ queryKey: ['policies', 'list'], queryFn: () => get<DocumentList>('/policies') });
}

function List() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const documentId = params.get('documentId') ?? '';
  const docs = useDocuments();
  const query = useQuery({
    queryKey: recordKeys.reviews(status, documentId),
    queryFn: () => get<ReviewList>(`/policy-reviews${queryString({ status, documentId })}`),
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <div className="flex flex-col gap-6">
      <p className="text-std-16N-170">{t('policies.reviews.lead')}</p>
      <div className="no-print flex flex-wrap items-end gap-6">
        <Select
          id="filter-status"
          label={t('policies.reviews.status')}
          value={status}
          onChange={(v) => set('status', v)}
          width="s"
          options={[
            { value: '', label: t('policies.reviews.all') },
            { value: 'OPEN', label: t('policies.reviews.open') },
            { value: 'DONE', label: t('policies.reviews.done') },
          ]}
        />
        <Select
          id="filter-document"
          label={t('policies.reviews.document')}
          value={documentId}
          onChange={(v) => set('documentId', v)}
          width="m"
          options={[
            { value: '', label: t('policies.reviews.all') },
            ...(docs.data?.items ?? []).map((d) => ({ value: d.id, label: d.title })),
          ]}
        />
        <PrintButton what={t('policies.pages.reviews')} />
        {may(me ?? undefined, 'policy_review', 'manage') && (
          <ButtonLink to="/policies/reviews/new" variant="primary">
            {t('policies.reviews.new')}
          </ButtonLink>
        )}
      </div>
      <Loaded query={query}>
        {(data) => (
          <Table<ReviewItem>
            caption={t('policies.reviews.listCaption', { count: data.items.length })}
            columns={[
              {
                header: t('policies.reviews.document'),
                cell: ({ row }) => (
                  <Link to={`/policies/reviews/${row.original.id}`}>{row.original.documentTitle}</Link>
                ),
              },
              {
                header: t('policies.reviews.trigger'),
                cell: ({ row }) =>
                  row.original.fiscalYearLabel
                    ? `${row.original.triggerLabel}（${row.original.fiscalYearLabel}）`
                    : row.original.triggerLabel,
              },
              { header: t('policies.reviews.dueOn'), cell: ({ row }) => <DateText iso={row.original.dueOn} /> },
              { header: t('policies.reviews.status'), cell: ({ row }) => <ReviewStatus review={row.original} /> },
              {
                header: t('policies.reviews.completedOn'),
                cell: ({ row }) => <DateText iso={row.original.completedOn} />,
              },
            ]}
            data={data.items}
            rowKey={(r) => r.id}
            empty={t('policies.reviews.none')}
          />
        )}
      </Loaded>
    </div>
  );
}

function NewReview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePolicyHeading(t('policies.reviews.new'), [{ label: t('policies.pages.reviews'), href: '/policies/reviews' }]);
  const docs = useDocuments();
  const [documentId, setDocumentId] = useState('');
  const [trigger, setTrigger] = useState<string>('ANNUAL');
  const [fiscalYear, setFiscalYear] = useState(String(currentFiscalYear().year));
  const [triggerNote, setTriggerNote] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [attempt, setAttempt] = useState(0);
  const create = useMutation({
    mutationFn: () =>
      post<Review>('/policy-reviews', {
        documentId,
        trigger,
        ...(trigger === 'ANNUAL' && fiscalYear ? { fiscalYear: Number(fiscalYear) } : {}),
        ...(triggerNote.trim() ? { triggerNote: triggerNote.trim() } : {}),
        ...(dueOn ? { dueOn } : {}),
      }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: recordKeys.all });
      navigate(`/policies/reviews/${r.id}`);
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const labels = {
    documentId: t('policies.reviews.document'),
    trigger: t('policies.reviews.trigger'),
    fiscalYear: t('policies.reviews.fiscalYear'),
    triggerNote: t('policies.reviews.triggerNote'),
    dueOn: t('policies.reviews.dueOn'),
  };
  const errors = useFieldErrors(create.error, labels);
  const fy = currentFiscalYear().year;
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form noValidate onSubmit={submit} className="flex max-w-[48rem] flex-col gap-6">
      <ErrorSummary items={errors.items} focusKey={attempt} />
      {errors.general && <NotificationBanner kind="error">{errors.general}</NotificationBanner>}
      <Select
        id={fieldId('documentId')}
        label={labels.documentId}
        required
        value={documentId}
        onChange={setDocumentId}
        error={errors.of('documentId')}
        options={[
          { value: '', label: t('policies.reviews.choose') },
          ...(docs.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.kindLabel}：${d.title}` })),
        ]}
      />
      <RadioGroup
        id={fieldId('trigger')}
        label={labels.trigger}
        required
        value={trigger}
        onChange={setTrigger}
        options={REVIEW_TRIGGERS.map((k) => ({ value: k, label: t(`policies.reviews.triggers.${k}`) }))}
      />
      {trigger === 'ANNUAL' ? (
        <Select
          id={fieldId('fiscalYear')}
          label={labels.fiscalYear}
          value={fiscalYear}
          onChange={setFiscalYear}
          width="s"
          error={errors.of('fiscalYear')}
          options={[fy - 1, fy, fy + 1].map((y) => ({
            value: String(y),
            label: currentFiscalYear(`${y}-04-01`).label,
          }))}
        />
      ) : null}
      <TextArea
        id={fieldId('triggerNote')}
        label={labels.triggerNote}
        required={trigger !== 'ANNUAL'}
        help={t('policies.reviews.triggerNoteHelp')}
        rows={3}
        value={triggerNote}
        onChange={setTriggerNote}
        error={errors.of('triggerNote')}
      />
      <DateField
        id={fieldId('dueOn')}
        label={labels.dueOn}
        help={t('policies.reviews.dueOnHelp')}
        value={dueOn}
        onChange={setDueOn}
        error={errors.of('dueOn')}
      />
      <div className="flex gap-4">
        <Button type="submit" isPending={create.isPending}>
          {t('policies.reviews.create')}
        </Button>
        <ButtonLink to="/policies/reviews" variant="tertiary">
          {t('common.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}

function CompleteForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState('NO_CHANGE');
  const [decisionNote, setDecisionNote] = useState('');
  const [completedOn, setCompletedOn] = useState(todayInJapan());
  const [versionId, setVersionId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const doc = useQuery({
    queryKey: ['policies', 'document', review.documentId],
    queryFn: () => get<DocumentDetail>(`/policies/${review.documentId}`),
  });
  const complete = useMutation({
    mutationFn: () =>
      post<Review>(`/policy-reviews/${review.id}/complete`, {
        decision,
        completedOn,
        ...(decisionNote.trim() ? { decisionNote: decisionNote.trim() } : {}),
        ...(decision === 'REVISE' && versionId ? { resultingVersionId: versionId } : {}),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: recordKeys.all }),
    onError: () => setAttempt((n) => n + 1),
  });
  const labels = {
    decision: t('policies.reviews.decision'),
    decisionNote: t('policies.reviews.decisionNote'),
    completedOn: t('policies.reviews.completedOn'),
    resultingVersionId: t('policies.reviews.resultingVersion'),
  };
  const errors = useFieldErrors(complete.error, labels);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        complete.mutate();
      }}
      className="no-print flex flex-col gap-4"
    >
      <ErrorSummary items={errors.items} focusKey={attempt} />
      {errors.general && <NotificationBanner kind="error">{errors.general}</NotificationBanner>}
      <RadioGroup
        id={fieldId('decision')}
        label={labels.decision}
        required
        value={decision}
        onChange={setDecision}
        options={[
          { value: 'NO_CHANGE', label: t('policies.reviews.decisions.NO_CHANGE') },
          { value: 'REVISE', label: t('policies.reviews.decisions.REVISE') },
        ]}
      />
      {decision === 'REVISE' && (
        <Select
          id={fieldId('resultingVersionId')}
          label={labels.resultingVersionId}
          help={t('policies.reviews.resultingVersionHelp')}
          value={versionId}
          onChange={setVersionId}
          error={errors.of('resultingVersionId')}
          options={[
            { value: '', label: t('policies.reviews.later') },
            ...(doc.data?.versions ?? []).map((v) => ({
              value: v.id,
              label: `${t('policies.portal.versionLabel', { n: v.number })}（${v.statusLabel}）`,
            })),
          ]}
        />
      )}
      <TextArea
        id={fieldId('decisionNote')}
        label={labels.decisionNote}
        rows={3}
        value={decisionNote}
        onChange={setDecisionNote}
        error={errors.of('decisionNote')}
      />
      <DateField
        id={fieldId('completedOn')}
        label={labels.completedOn}
        required
        value={completedOn}
        onChange={setCompletedOn}
        error={errors.of('completedOn')}
      />
      <div>
        <Button type="submit" isPending={complete.isPending}>
          {t('policies.reviews.complete')}
        </Button>
      </div>
    </form>
  );
}

function Detail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const query = useQuery({ queryKey: recordKeys.review(id), queryFn: () => get<Review>(`/policy-reviews/${id}`) });
  usePolicyHeading(query.data ? t('policies.reviews.detailTitle', { title: query.data.documentTitle }) : null, [
    { label: t('policies.pages.reviews'), href: '/policies/reviews' },
  ]);
  const manage = may(me ?? undefined, 'policy_review', 'manage');
  return (
    <Loaded query={query}>
      {(r) => (
        <div className="flex flex-col gap-8">
          <Facts
            items={[
              {
                label: t('policies.reviews.document'),
                value: <Link to={`/policies/documents/${r.documentId}`}>{r.documentTitle}</Link>,
              },
              {
                label: t('policies.reviews.trigger'),
                value: r.fiscalYearLabel ? `${r.triggerLabel}（${r.fiscalYearLabel}）` : r.triggerLabel,
              },
              ...(r.triggerNote ? [{ label: t('policies.reviews.triggerNote'), value: r.triggerNote }] : []),
              { label: t('policies.reviews.dueOn'), value: <DateText iso={r.dueOn} /> },
              { label: t('policies.reviews.status'), value: <ReviewStatus review={r} /> },
              { label: t('policies.reviews.heldOn'), value: <DateText iso={r.heldOn} /> },
              { label: t('policies.reviews.meeting'), value: <ReviewMeeting meeting={r.meeting} /> },
              ...(r.status === 'DONE'
                ? [
                    { label: t('policies.reviews.decision'), value: r.decisionLabel ?? '—' },
                    { label: t('policies.reviews.decisionNote'), value: r.decisionNote || '—' },
                    { label: t('policies.reviews.completedOn'), value: <DateText iso={r.completedOn} /> },
                    {
                      label: t('policies.reviews.resultingVersion'),
                      value: r.resultingVersionId ? (
                        <Link to={`/policies/versions/${r.resultingVersionId}`}>
                          {t('policies.reviews.openVersion')}
                        </Link>
                      ) : (
                        '—'
                      ),
                    },
                  ]
                : []),
              { label: t('policies.reviews.createdBy'), value: r.createdBy },
            ]}
          />
          {r.overdue && (
            <NotificationBanner kind="warning" live={false}>
              {t('policies.reviews.overdueLead')}
            </NotificationBanner>
          )}
          <div className="no-print">
            <PrintButton what={t('policies.reviews.detailTitle', { title: r.documentTitle })} />
          </div>
          {(r.status === 'DONE' || !manage) && r.discussion && (
            <Block id="review-discussion" title={t('policies.reviews.discussion')}>
              <p className="whitespace-pre-wrap text-std-16N-170">{r.discussion}</p>
            </Block>
          )}
          {r.status === 'OPEN' && manage && (
            <>
              <Block id="review-record" title={t('policies.reviews.recordTitle')}>
                <ReviewRecordForm review={r} />
              </Block>
              <Block id="review-complete" title={t('policies.reviews.completeTitle')}>
                <CompleteForm review={r} />
              </Block>
            </>
          )}
        </div>
      )}
    </Loaded>
  );
}

export default function ReviewsPage() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path="new" element={<NewReview />} />
      <Route path=":id" element={<Detail />} />
    </Routes>
  );
}
