/**
 * The step a submitted version is at, with the form for whoever may take it: 確認 (委員会に付議 or 差戻し), the
 * committee (the tally, a member's vote, or the chair's decision) and 公開 (改訂日・施行日). The server checks every
 * rule again (segregation of duties, membership, the tenant's decision mode).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Me, may, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { PageSection } from '../../components/PageParts.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { TextField } from '../../components/TextField.tsx';
import { todayInJapan } from '../../lib/dates.ts';
import { fieldId } from '../../lib/forms.ts';
import { useFieldErrors } from './form-errors.ts';
import { usePolicyWords } from './labels.ts';
import { type CommitteeTally, policyKeys, type VersionDetail } from './types.ts';

function useStep(path: string, versionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => post(`/policy-versions/${versionId}/${path}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

function Failure({ errors, title }: { errors: ReturnType<typeof useFieldErrors>; title: string }) {
  return (
    <>
      <ErrorSummary items={errors.items} focusKey={errors.items.length} />
      {errors.general && (
        <NotificationBanner kind="error" title={title}>
          {errors.general}
        </NotificationBanner>
      )}
    </>
  );
}

function ReviewForm({ version }: { version: VersionDetail }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const step = useStep('review', version.id);
  const errors = useFieldErrors(step.error, { comment: t('policies.review.comment') });
  const procedure = version.kind === 'PROCEDURE';
  return (
    <form noValidate className="flex flex-col gap-4" onSubmit={(e) => e.preventDefault()}>
      <Failure errors={errors} title={t('policies.review.failed')} />
      <TextField
        id={fieldId('comment')}
        label={t('policies.review.comment')}
        value={comment}
        onChange={setComment}
        width="full"
        error={errors.of('comment')}
      />
      <div className="flex flex-wrap gap-4">
        <Button
          isPending={step.isPending}
          onPress={() => step.mutate({ decision: 'FORWARD', comment: comment || null })}
        >
          {procedure ? t('policies.review.forwardApprover') : t('policies.review.forward')}
        </Button>
        <Button variant="secondary" onPress={() => step.mutate({ decision: 'RETURN', comment: comment || null })}>
          {t('policies.review.return')}
        </Button>
      </div>
    </form>
  );
}

function Tally({ tally }: { tally: CommitteeTally }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-3">
      <p className="text-std-16B-170" aria-live="polite">
        {t('policies.committee.tally', {
          approve: tally.approve,
          reject: tally.reject,
          abstain: tally.abstain,
          required: tally.required,
          members: tally.members.length,
        })}
        {tally.outcome !== 'PENDING' && `（${t(`policies.committee.outcome.${tally.outcome}`)}）`}
      </p>
      <table className="w-full max-w-[40rem] border-collapse text-left text-std-16N-170">
        <caption className="sr-only">{t('policies.committee.members')}</caption>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            <th scope="col" className="px-3 py-2">
              {t('policies.committee.member')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('policies.committee.vote')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tally.members.map((m) => (
            <tr key={m.personId} className="border-b border-solid-gray-200">
              <th scope="row" className="px-3 py-2 font-normal">
                {m.name}
                {m.isChair && `（${t('policies.committee.chair')}）`}
              </th>
              <td className="px-3 py-2">
                {m.vote ? t(`policies.committee.votes.${m.vote}`) : t('policies.committee.notYet')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VoteForm({ version, current }: { version: VersionDetail; current: string | null }) {
  const { t } = useTranslation();
  const [vote, setVote] = useState(current ?? '');
  const [comment, setComment] = useState('');
  const step = useStep('votes', version.id);
  const errors = useFieldErrors(step.error, {
    vote: t('policies.committee.yourVote'),
    comment: t('policies.committee.comment'),
  });
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate({ vote, comment: comment || null });
      }}
    >
      <Failure errors={errors} title={t('policies.committee.voteFailed')} />
      <RadioGroup
        id={fieldId('vote')}
        label={t('policies.committee.yourVote')}
        required
        value={vote}
        onChange={setVote}
        options={['APPROVE', 'REJECT', 'ABSTAIN'].map((v) => ({ value: v, label: t(`policies.committee.votes.${v}`) }))}
        error={errors.of('vote')}
      />
      <TextField
        id={fieldId('comment')}
        label={t('policies.committee.comment')}
        value={comment}
        onChange={setComment}
        width="full"
        error={errors.of('comment')}
      />
      <div>
        <Button type="submit" isPending={step.isPending} isDisabled={!vote}>
          {current ? t('policies.committee.changeVote') : t('policies.committee.castVote')}
        </Button>
      </div>
    </form>
  );
}

function DecisionForm({ version }: { version: VersionDetail }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState('APPROVED');
  const [decidedOn, setDecidedOn] = useState(todayInJapan());
  const [note, setNote] = useState('');
  const step = useStep('decision', version.id);
  const labels = {
    decision: t('policies.decision.label'),
    decidedOn: t('policies.decision.decidedOn'),
    note: t('policies.decision.note'),
    meetingId: t('policies.decision.meeting'),
  };
  const errors = useFieldErrors(step.error, labels);
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate({ decision, decidedOn, note: note || null });
      }}
    >
      <Failure errors={errors} title={t('policies.decision.failed')} />
      <RadioGroup
        id={fieldId('decision')}
        label={labels.decision}
        required
        value={decision}
        onChange={setDecision}
        options={['APPROVED', 'REJECTED'].map((d) => ({ value: d, label: t(`policies.decision.${d}`) }))}
        error={errors.of('decision')}
      />
      <DateField
        id={fieldId('decidedOn')}
        label={labels.decidedOn}
        required
        value={decidedOn}
        onChange={setDecidedOn}
        error={errors.of('decidedOn')}
      />
      <TextField
        id={fieldId('note')}
        label={labels.note}
        value={note}
        onChange={setNote}
        width="full"
        error={errors.of('note')}
      />
      <div>
        <Button type="submit" isPending={step.isPending}>
          {t('policies.decision.record')}
        </Button>
      </div>
    </form>
  );
}

function PublishForm({ version }: { version: VersionDetail }) {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const today = todayInJapan();
  const [revisedOn, setRevisedOn] = useState(today);
  const [effectiveOn, setEffectiveOn] = useState('');
  const step = useStep('publish', version.id);
  const labels = { revisedOn: t('policies.fields.revisedOn'), effectiveOn: t('policies.fields.effectiveOn') };
  const errors = useFieldErrors(step.error, labels);
  const future = /^\d{4}-\d{2}-\d{2}$/.test(effectiveOn) && effectiveOn > today;
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate({ revisedOn, effectiveOn });
      }}
    >
      <Failure errors={errors} title={t('policies.publish.failed')} />
      <DateField
        id={fieldId('revisedOn')}
        label={labels.revisedOn}
        required
        value={revisedOn}
        onChange={setRevisedOn}
        error={errors.of('revisedOn')}
      />
      <DateField
        id={fieldId('effectiveOn')}
        label={labels.effectiveOn}
        required
        help={t('policies.publish.effectiveHelp')}
        value={effectiveOn}
        onChange={setEffectiveOn}
        error={errors.of('effectiveOn')}
      />
      {future && (
        <p className="text-std-16N-170" aria-live="polite">
          {t('policies.publish.futureNote', { scheduled: w.scheduledOn(effectiveOn) })}
        </p>
      )}
      <div>
        <Button type="submit" isPending={step.isPending}>
          {t('policies.publish.submit')}
        </Button>
      </div>
    </form>
  );
}

export function ApprovalStep({
  version,
  me,
  canPublish,
}: {
  version: VersionDetail;
  me: Me | undefined;
  canPublish: boolean;
}) {
  const { t } = useTranslation();
  const { status } = version;
  if (status === 'REVIEW') {
    return (
      <PageSection id="policy-step" title={t('policies.review.title')} lead={t('policies.review.lead')}>
        {may(me, 'policy', 'review') ? (
          <ReviewForm version={version} />
        ) : (
          <p className="text-std-16N-170">{t('policies.review.waiting')}</p>
        )}
      </PageSection>
    );
  }
  if (status === 'COMMITTEE') {
    const tally = version.committee;
    const procedure = version.kind === 'PROCEDURE';
    const byVote = !procedure && tally?.mode === 'VOTE';
    const mine = tally?.members.find((m) => m.personId === me?.person?.id);
    return (
      <PageSection
        id="policy-step"
        title={
          procedure ? t('policies.committee.approverTitle') : t('policies.committee.title', { name: tally?.name ?? '' })
        }
        lead={
          procedure
            ? t('policies.committee.approverLead')
            : byVote
              ? t('policies.committee.voteLead')
              : t('policies.committee.chairLead')
        }
      >
        {!procedure && tally && <Tally tally={tally} />}
        {byVote && mine && may(me, 'policy', 'vote') && <VoteForm version={version} current={mine.vote} />}
        {!byVote && may(me, 'policy', 'decide') && <DecisionForm version={version} />}
      </PageSection>
    );
  }
  if (status === 'APPROVED') {
    return (
      <PageSection id="policy-step" title={t('policies.publish.title')} lead={t('policies.publish.lead')}>
        {canPublish ? (
          <PublishForm version={version} />
        ) : (
          <p className="text-std-16N-170">{t('policies.publish.waiting')}</p>
        )}
      </PageSection>
    );
  }
  return null;
}
