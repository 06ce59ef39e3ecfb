/**
 * What can be done with one 例外措置: the CISO's decision (承認 / 却下), the periodic review (継続 / 取消し) and
 * 取下げ・終了 (the applicant, or the CISO and the 統括; the server checks who). The server refuses the applicant as approver or reviewer (SOD-3); that refusal is shown as an alert
 * naming the rule, not as a generic error.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, may, post, queryClient, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ConfirmDialog } from '../../../components/Dialog.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { Block } from './parts.tsx';
import { type ExceptionDetail, recordKeys } from './types.ts';

function useExceptionAction<T>(id: string, path: string) {
  return useMutation({
    mutationFn: (body: T) => post<ExceptionDetail>(`/policy-exceptions/${id}/${path}`, body),
    onSuccess: (e) => {
      queryClient.setQueryData(recordKeys.exception(id), e);
      void queryClient.invalidateQueries({ queryKey: recordKeys.all });
    },
  });
}

function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  const sod = error instanceof ApiError && error.code === 'SOD_VIOLATION';
  return (
    <NotificationBanner kind="error" title={sod ? t('policies.exceptions.sodTitle') : undefined}>
      {errorText(error)}
    </NotificationBanner>
  );
}

export function DecisionPanel({ exception: e }: { exception: ExceptionDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [decision, setDecision] = useState('APPROVED');
  const [note, setNote] = useState('');
  const decide = useExceptionAction<{ decision: string; note?: string }>(e.id, 'decision');
  if (decide.isSuccess) {
    return (
      <NotificationBanner kind="success">
        {t(
          decide.variables.decision === 'REJECTED'
            ? 'policies.exceptions.rejectedDone'
            : 'policies.exceptions.approvedDone',
        )}
      </NotificationBanner>
    );
  }
  if (e.status !== 'REQUESTED' || !may(me ?? undefined, 'policy_exception', 'decide')) return null;
  return (
    <Block id="exc-decision" title={t('policies.exceptions.decisionTitle')}>
      <form
        noValidate
        className="no-print flex flex-col gap-4"
        onSubmit={(ev) => {
          ev.preventDefault();
          decide.mutate({ decision, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <ActionError error={decide.error} />
        <RadioGroup
          id={fieldId('decision')}
          label={t('policies.exceptions.decision')}
          required
          value={decision}
          onChange={setDecision}
          options={[
            { value: 'APPROVED', label: t('policies.exceptions.approve') },
            { value: 'REJECTED', label: t('policies.exceptions.reject') },
          ]}
        />
        <TextArea
          id={fieldId('note')}
          label={t('policies.exceptions.decisionNote')}
          rows={3}
          value={note}
          onChange={setNote}
        />
        <div>
          <Button type="submit" isPending={decide.isPending}>
            {t('policies.exceptions.recordDecision')}
          </Button>
        </div>
      </form>
    </Block>
  );
}

export function ReviewPanel({ exception: e }: { exception: ExceptionDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [reviewedOn, setReviewedOn] = useState(todayInJapan());
  const [outcome, setOutcome] = useState('CONTINUE');
  const [note, setNote] = useState('');
  const review = useExceptionAction<{ reviewedOn: string; outcome: string; note?: string }>(e.id, 'reviews');
  if (e.status !== 'APPROVED' || !may(me ?? undefined, 'policy_exception', 'review')) return null;
  return (
    <Block id="exc-review" title={t('policies.exceptions.reviewTitle')}>
      <form
        noValidate
        className="no-print flex flex-col gap-4"
        onSubmit={(ev) => {
          ev.preventDefault();
          review.mutate({ reviewedOn, outcome, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <ActionError error={review.error} />
        <DateField
          id={fieldId('reviewedOn')}
          label={t('policies.exceptions.reviewedOn')}
          required
          value={reviewedOn}
          onChange={setReviewedOn}
        />
        <RadioGroup
          id={fieldId('outcome')}
          label={t('policies.exceptions.outcome')}
          required
          value={outcome}
          onChange={setOutcome}
          options={[
            { value: 'CONTINUE', label: t('policies.exceptions.outcomes.CONTINUE') },
            { value: 'REVOKE', label: t('policies.exceptions.outcomes.REVOKE') },
          ]}
        />
        <TextArea
          id={fieldId('reviewNote')}
          label={t('policies.exceptions.note')}
          rows={3}
          value={note}
          onChange={setNote}
        />
        <div>
          <Button type="submit" variant="secondary" isPending={review.isPending}>
            {t('policies.exceptions.recordReview')}
          </Button>
        </div>
      </form>
    </Block>
  );
}

export function WithdrawPanel({ exception: e }: { exception: ExceptionDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [open, setOpen] = useState(false);
  const withdraw = useExceptionAction<undefined>(e.id, 'withdraw');
  if (!['REQUESTED', 'APPROVED'].includes(e.status) || !may(me ?? undefined, 'policy_exception', 'withdraw')) {
    return null;
  }
  return (
    <div className="no-print flex flex-col gap-2">
      <ActionError error={withdraw.error} />
      <div>
        <Button variant="secondary" size="sm" onPress={() => setOpen(true)}>
          {e.status === 'REQUESTED' ? t('policies.exceptions.withdraw') : t('policies.exceptions.end')}
        </Button>
      </div>
      <ConfirmDialog
        isOpen={open}
        onClose={() => setOpen(false)}
        onConfirm={() => withdraw.mutate(undefined, { onSettled: () => setOpen(false) })}
        title={e.status === 'REQUESTED' ? t('policies.exceptions.withdraw') : t('policies.exceptions.end')}
        confirmLabel={e.status === 'REQUESTED' ? t('policies.exceptions.withdraw') : t('policies.exceptions.end')}
        isPending={withdraw.isPending}
      >
        <p>{t('policies.exceptions.withdrawLead')}</p>
      </ConfirmDialog>
    </div>
  );
}
