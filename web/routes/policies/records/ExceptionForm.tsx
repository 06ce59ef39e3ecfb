/**
 * 例外措置の申請: the rule departed from (in words, and optionally the clause of a published document), the reason,
 * compensating measures, scope (a unit the applicant manages), the period; or an emergency measure already taken,
 * reported after the fact.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, addMonths } from '../../../../src/domain/policy/exceptions.ts';
import { get, post, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useFieldErrors } from '../form-errors.ts';
import type { ClauseView, DocumentList, InForce } from '../types.ts';
import { useUnits } from './parts.tsx';
import type { ExceptionDetail } from './types.ts';

const flatten = (list: ClauseView[]): ClauseView[] => list.flatMap((c) => [c, ...flatten(c.children)]);

export function ExceptionForm({ onCreated }: { onCreated: (e: ExceptionDetail) => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const today = todayInJapan();
  const managed = (me?.roles ?? []).filter((g) => g.role === 'SEC_MANAGER' && g.scopeId).map((g) => g.scopeId!);
  const units = useUnits();
  const docs = useQuery({ queryKey: ['policies', 'list'], queryFn: () => get<DocumentList>('/policies') });
  const [documentId, setDocumentId] = useState('');
  const [clausePath, setClausePath] = useState('');
  const [ruleText, setRuleText] = useState('');
  const [reason, setReason] = useState('');
  const [compensating, setCompensating] = useState('');
  const [unitId, setUnitId] = useState(managed[0] ?? '');
  const [scopeText, setScopeText] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState(addDays(addMonths(today, 6), -1));
  const [reviewEvery, setReviewEvery] = useState('6');
  const [emergency, setEmergency] = useState(false);
  const [occurredOn, setOccurredOn] = useState(today);
  const [actionTaken, setActionTaken] = useState('');
  const [attempt, setAttempt] = useState(0);
  const clauses = useQuery({
    queryKey: ['policies', 'in-force', documentId],
    queryFn: () => get<InForce>(`/policies/${documentId}/in-force`),
    enabled: !!documentId,
  });
  const create = useMutation({
    mutationFn: () =>
      post<ExceptionDetail>('/policy-exceptions', {
        ruleRefs: documentId && clausePath ? [{ documentId, clausePath }] : [],
        ruleText: ruleText.trim(),
        reason: reason.trim(),
        compensatingMeasures: compensating.trim(),
        scope: { ...(unitId ? { unitId } : {}), description: scopeText.trim() },
        validFrom,
        validUntil,
        reviewEveryMonths: Number(reviewEvery),
        ...(emergency ? { emergency: { occurredOn, actionTaken: actionTaken.trim() } } : {}),
      }),
    onSuccess: onCreated,
    onError: () => setAttempt((n) => n + 1),
  });
  const labels = {
    'ruleRefs.0.clausePath': t('policies.exceptions.clause'),
    ruleText: t('policies.exceptions.rule'),
    reason: t('policies.exceptions.reason'),
    compensatingMeasures: t('policies.exceptions.compensating'),
    'scope.unitId': t('policies.exceptions.unit'),
    'scope.description': t('policies.exceptions.scopeDescription'),
    validFrom: t('policies.exceptions.validFrom'),
    validUntil: t('policies.exceptions.validUntil'),
    reviewEveryMonths: t('policies.exceptions.reviewEvery'),
    'emergency.occurredOn': t('policies.exceptions.occurredOn'),
    'emergency.actionTaken': t('policies.exceptions.actionTaken'),
  };
  const errors = useFieldErrors(create.error, labels);
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  const unitOptions = (units.data ?? []).filter((u) => managed.includes(u.id));
  return (
    <form noValidate onSubmit={submit} className="flex max-w-[48rem] flex-col gap-6">
      <p className="text-std-16N-170">{t('policies.exceptions.newLead')}</p>
      <ErrorSummary items={errors.items} focusKey={attempt} />
      {errors.general && <NotificationBanner kind="error">{errors.general}</NotificationBanner>}
      <Checkbox id={fieldId('emergency')} isSelected={emergency} onChange={setEmergency}>
        {t('policies.exceptions.emergencyCheck')}
      </Checkbox>
      {emergency && (
        <div className="flex flex-col gap-6 border-l-4 border-red-900 pl-4">
          <DateField
            id={fieldId('emergency.occurredOn')}
            label={labels['emergency.occurredOn']}
            required
            value={occurredOn}
            onChange={setOccurredOn}
            error={errors.of('emergency.occurredOn')}
          />
          <TextArea
            id={fieldId('emergency.actionTaken')}
            label={labels['emergency.actionTaken']}
            required
            rows={3}
            value={actionTaken}
            onChange={setActionTaken}
            error={errors.of('emergency.actionTaken')}
          />
        </div>
      )}
      <TextArea
        id={fieldId('ruleText')}
        label={labels.ruleText}
        required
        help={t('policies.exceptions.ruleHelp')}
        rows={2}
        value={ruleText}
        onChange={setRuleText}
        error={errors.of('ruleText')}
      />
      <div className="flex flex-wrap gap-6">
        <Select
          id={fieldId('ruleRefs.0.documentId')}
          label={t('policies.exceptions.document')}
          value={documentId}
          width="m"
          onChange={(v) => {
            setDocumentId(v);
            setClausePath('');
          }}
          options={[
            { value: '', label: t('policies.exceptions.noClause') },
            ...(docs.data?.items ?? []).filter((d) => d.inForce).map((d) => ({ value: d.id, label: d.title })),
          ]}
        />
        {documentId && (
          <Select
            id={fieldId('ruleRefs.0.clausePath')}
            label={labels['ruleRefs.0.clausePath']}
            value={clausePath}
            width="l"
            onChange={setClausePath}
            error={errors.of('ruleRefs')}
            options={[
              { value: '', label: t('policies.exceptions.chooseClause') },
              ...flatten(clauses.data?.version?.clauses ?? []).map((c) => ({
                value: c.path,
                label: `${c.citation} ${c.heading || c.text.slice(0, 30)}`,
              })),
            ]}
          />
        )}
      </div>
      <TextArea
        id={fieldId('reason')}
        label={labels.reason}
        required
        rows={3}
        value={reason}
        onChange={setReason}
        error={errors.of('reason')}
      />
      <TextArea
        id={fieldId('compensatingMeasures')}
        label={labels.compensatingMeasures}
        required
        help={t('policies.exceptions.compensatingHelp')}
        rows={3}
        value={compensating}
        onChange={setCompensating}
        error={errors.of('compensatingMeasures')}
      />
      <Select
        id={fieldId('scope.unitId')}
        label={labels['scope.unitId']}
        required
        value={unitId}
        onChange={setUnitId}
        error={errors.of('scope.unitId')}
        options={
          unitOptions.length
            ? unitOptions.map((u) => ({ value: u.id, label: u.path }))
            : [{ value: '', label: t('policies.exceptions.noManagedUnit') }]
        }
      />
      <TextArea
        id={fieldId('scope.description')}
        label={labels['scope.description']}
        required
        help={t('policies.exceptions.scopeHelp')}
        rows={2}
        value={scopeText}
        onChange={setScopeText}
        error={errors.of('scope.description')}
      />
      <div className="flex flex-wrap gap-6">
        <DateField
          id={fieldId('validFrom')}
          label={labels.validFrom}
          required
          value={validFrom}
          onChange={setValidFrom}
          error={errors.of('validFrom')}
        />
        <DateField
          id={fieldId('validUntil')}
          label={labels.validUntil}
          required
          help={t('policies.exceptions.validUntilHelp')}
          value={validUntil}
          onChange={setValidUntil}
          error={errors.of('validUntil')}
        />
      </div>
      <Select
        id={fieldId('reviewEveryMonths')}
        label={labels.reviewEveryMonths}
        value={reviewEvery}
        width="s"
        onChange={setReviewEvery}
        options={[1, 3, 6, 12].map((m) => ({ value: String(m), label: t('policies.exceptions.months', { count: m }) }))}
      />
      <div className="flex gap-4">
        <Button type="submit" isPending={create.isPending}>
          {emergency ? t('policies.exceptions.report') : t('policies.exceptions.apply')}
        </Button>
        <ButtonLink to="/policies/exceptions" variant="tertiary">
          {t('common.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}
