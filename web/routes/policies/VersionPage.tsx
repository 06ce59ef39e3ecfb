/**
 * One version of a policy document and the step it is at: 起案 (edit the Markdown text with a live clause-tree
 * preview, save, submit) → 確認 (forward to the committee or return) → 委員会 (members vote 賛成・反対・棄権, or the
 * chair records the decision, as the town set it; the tally shown) → 公開 (改訂日 and 施行日; a future 施行日 leaves the
 * current version in force until then). Each step shows only to those the server would let take it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, get, may, useMe } from '../../api.ts';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { FullInstant } from '../../components/FullInstant.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { todayInJapan } from '../../lib/dates.ts';
import { ApprovalStep } from './ApprovalStep.tsx';
import { ClauseTree } from './ClauseTree.tsx';
import { DraftEditor } from './DraftEditor.tsx';
import { usePolicyHeading } from './heading.tsx';
import { usePolicyWords } from './labels.ts';
import { policyKeys, type VersionDetail } from './types.ts';

function DeleteDraft({ version }: { version: VersionDetail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => del(`/policy-versions/${version.id}`),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: policyKeys.all });
      navigate(`/policies/documents/${version.documentId}`);
    },
  });
  return (
    <>
      <Button variant="danger" size="sm" onPress={() => setOpen(true)}>
        {t('policies.version.delete')}
      </Button>
      <ConfirmDialog
        isOpen={open}
        onClose={() => setOpen(false)}
        onConfirm={() => remove.mutate()}
        title={t('policies.version.deleteTitle')}
        confirmLabel={t('policies.version.delete')}
        isPending={remove.isPending}
      >
        <p>{t('policies.version.deleteBody')}</p>
        {remove.error && <p className="text-std-16B-170 text-red-900">{errorText(remove.error)}</p>}
      </ConfirmDialog>
    </>
  );
}

export default function VersionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const w = usePolicyWords();
  const { data: me } = useMe();
  const query = useQuery({
    queryKey: policyKeys.version(id),
    queryFn: () => get<VersionDetail>(`/policy-versions/${id}`),
  });
  const v = query.data;
  usePolicyHeading(
    v ? `${v.documentTitle} ${w.number(v.number)}` : null,
    v ? [{ label: v.documentTitle, href: `/policies/documents/${v.documentId}` }] : [],
  );
  const editing = v?.status === 'DRAFT' && v.canEdit;
  return (
    <Loaded query={query}>
      {(v) => (
        <div className="flex flex-col gap-8">
          <Facts
            items={[
              { label: t('policies.fields.status'), value: <strong>{w.status(v.status)}</strong> },
              { label: t('policies.version.draftedBy'), value: v.draftedBy ?? '—' },
              ...(v.submittedAt
                ? [{ label: t('policies.version.submittedAt'), value: <FullInstant instant={v.submittedAt} /> }]
                : []),
              ...(v.reviewedBy
                ? [
                    {
                      label: t('policies.version.reviewedBy'),
                      value: `${v.reviewedBy}${v.reviewComment ? `（${v.reviewComment}）` : ''}`,
                    },
                  ]
                : []),
              ...(v.decidedOn
                ? [
                    {
                      label: t('policies.version.decision'),
                      value: `${v.decision === 'APPROVED' ? t('policies.decision.APPROVED') : t('policies.decision.REJECTED')}（${w.date(v.decidedOn)}）`,
                    },
                  ]
                : []),
              ...(v.revisedOn ? [{ label: t('policies.fields.revisedOn'), value: w.date(v.revisedOn) }] : []),
              ...(v.effectiveOn
                ? [
                    {
                      label: t('policies.fields.effectiveOn'),
                      value: w.date(v.effectiveOn),
                    },
                  ]
                : []),
              { label: t('policies.fields.changeSummary'), value: v.changeSummary || '—' },
            ]}
          />
          {v.status === 'PUBLISHED' && v.effectiveOn && v.effectiveOn > todayInJapan() && (
            <NotificationBanner kind="info" live={false} title={w.scheduledOn(v.effectiveOn)}>
              {t('policies.version.scheduledBody')}
            </NotificationBanner>
          )}
          {v.status === 'DRAFT' && v.reviewComment && (
            <NotificationBanner kind="warning" live={false} title={t('policies.version.returned')}>
              {v.reviewComment}
            </NotificationBanner>
          )}
          <div className="no-print flex flex-wrap gap-3">
            {v.basedOnId && (
              <ButtonLink to={`/policies/documents/${v.documentId}/compare?from=${v.basedOnId}&to=${v.id}`}>
                {t('policies.version.compareWithBase')}
              </ButtonLink>
            )}
            <PrintButton what={`${v.documentTitle} ${w.number(v.number)}`} />
            {editing && <DeleteDraft version={v} />}
          </div>
          <ApprovalStep version={v} me={me ?? undefined} canPublish={may(me ?? undefined, 'policy', 'publish')} />
          {v.status !== 'COMMITTEE' && v.votes.length > 0 && (
            <PageSection id="policy-votes" title={t('policies.committee.record')}>
              <ul className="flex flex-col gap-1 text-std-16N-170">
                {v.votes.map((vote) => (
                  <li key={vote.personId}>
                    {vote.name}：{t(`policies.committee.votes.${vote.vote}`)}
                    {vote.comment ? `（${vote.comment}）` : ''}
                  </li>
                ))}
              </ul>
            </PageSection>
          )}
          {editing ? (
            <DraftEditor key={v.id} version={v} />
          ) : (
            <PageSection id="policy-version-text" title={t('policies.version.text')}>
              <ClauseTree clauses={v.clauses} level={3} emptyText={t('policies.document.noText')} />
            </PageSection>
          )}
          <p className="no-print">
            <Link to={`/policies/documents/${v.documentId}`} className="text-blue-1000 underline">
              {t('policies.version.backToDocument', { title: v.documentTitle })}
            </Link>
          </p>
        </div>
      )}
    </Loaded>
  );
}
