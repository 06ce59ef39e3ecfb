/** 異動 and 退職・転出: each dialog says, before anything is saved, what will happen to roles and the account. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayBefore } from '../../../../src/domain/calendar.ts';
import type { FieldError } from '../../../api.ts';
import { post } from '../../../api.ts';
import { DateField } from '../../../components/DateField.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { formatDate, isIsoDate, todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { FormDialog } from '../shared/FormDialog.tsx';
import { inForce, unitOptions } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { type PersonDetail, refreshOrganisation, type Unit } from '../shared/types.ts';
import { useFormErrors, useRequired } from '../shared/ui.tsx';

type Held = PersonDetail['appointments'][number];

/** Appointments a change on `date` ends: those not already over by then (the server's own rule). */
const runningAfter = (list: Held[], date: string) => list.filter((a) => !a.validTo || a.validTo > date);

function useDateProblem() {
  const { t } = useTranslation();
  return (field: string): FieldError => ({
    field,
    message: { ja: t('dateField.invalid', { lng: 'ja' }), en: t('dateField.invalid', { lng: 'en' }) },
  });
}

function HeldList({ items }: { items: Held[] }) {
  const labels = useOrgLabels();
  return (
    <ul className="list-disc pl-6">
      {items.map((a) => (
        <li key={a.id}>
          {labels.role(a.role)}
          {a.scopeLabel ? `（${a.scopeLabel}）` : ''}
        </li>
      ))}
    </ul>
  );
}

export function TransferDialog({
  person,
  units,
  onClose,
  onDone,
}: {
  person: PersonDetail;
  units: Unit[];
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const required = useRequired();
  const dateProblem = useDateProblem();
  const errors = useFormErrors();
  const today = todayInJapan();
  const [orgUnitId, setOrgUnitId] = useState('');
  const [date, setDate] = useState(today);
  const [title, setTitle] = useState(person.title);
  const validDate = isIsoDate(date);
  const ending =
    validDate && person.orgUnitId
      ? runningAfter(person.appointments, dayBefore(date)).filter(
          (a) => a.scopeId === person.orgUnitId && a.validFrom <= dayBefore(date),
        )
      : [];
  const target = units.find((u) => u.id === orgUnitId);
  const save = useMutation({
    mutationFn: () => post(`/people/${person.id}/transfer`, { orgUnitId, date, title: title.trim() }),
    onSuccess: async () => {
      await refreshOrganisation();
      onDone(t('org.transfer.done', { name: person.name, unit: target?.path ?? '', date: formatDate(date, lang) }));
    },
    onError: errors.fromError,
  });
  function submit() {
    const problems: FieldError[] = [];
    if (!orgUnitId) problems.push(required('orgUnitId', t('org.transfer.unit')));
    if (!validDate) problems.push(dateProblem('date'));
    if (problems.length) return errors.local(problems);
    save.mutate();
  }
  return (
    <FormDialog
      isOpen
      onClose={onClose}
      title={t('org.transfer.title', { name: person.name })}
      submitLabel={t('org.transfer.submit')}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <p>
        {t('org.transfer.current')}：{person.unitPath || t('org.people.noUnit')}
      </p>
      <Select
        id={fieldId('orgUnitId')}
        label={t('org.transfer.unit')}
        required
        value={orgUnitId}
        onChange={setOrgUnitId}
        options={[
          { value: '', label: t('org.common.choose') },
          ...unitOptions(units, (u) => inForce(u, today) && u.id !== person.orgUnitId),
        ]}
        error={errors.err('orgUnitId')}
        width="full"
      />
      <DateField
        id={fieldId('date')}
        label={t('org.transfer.date')}
        required
        value={date}
        onChange={setDate}
        error={errors.err('date')}
      />
      <TextField
        id={fieldId('title')}
        label={t('org.people.jobTitle')}
        help={t('org.transfer.titleHelp')}
        value={title}
        onChange={setTitle}
        error={errors.err('title')}
        width="m"
      />
      <div
        className="flex flex-col gap-2 rounded-8 border border-yellow-900 bg-yellow-50 px-4 py-3"
        data-testid="transfer-effects"
      >
        <p className="font-bold">{t('org.transfer.effects')}</p>
        <ul className="list-disc pl-6">
          <li>
            {t('org.transfer.effectUnit', {
              unit: target?.path ?? t('org.transfer.unitNotChosen'),
              date: validDate ? formatDate(date, lang) : '—',
            })}
          </li>
          {ending.length > 0 ? (
            <li>
              {t('org.transfer.effectRoles', { date: validDate ? formatDate(dayBefore(date), lang) : '—' })}
              <HeldList items={ending} />
            </li>
          ) : (
            <li>{t('org.transfer.effectNoRoles')}</li>
          )}
          <li>{t('org.transfer.effectAccount')}</li>
        </ul>
      </div>
    </FormDialog>
  );
}

export function LeaveDialog({
  person,
  onClose,
  onDone,
}: {
  person: PersonDetail;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const dateProblem = useDateProblem();
  const errors = useFormErrors();
  const today = todayInJapan();
  const [kind, setKind] = useState<'RETIRED' | 'TRANSFERRED'>('RETIRED');
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState('');
  const validDate = isIsoDate(date);
  const ending = validDate ? runningAfter(person.appointments, date) : [];
  const kindLabel = kind === 'RETIRED' ? t('org.leave.retired') : t('org.leave.transferredOut');
  const save = useMutation({
    mutationFn: () => post(`/people/${person.id}/leave`, { kind, date, reason: reason.trim() || null }),
    onSuccess: async () => {
      await refreshOrganisation();
      onDone(t('org.leave.done', { name: person.name, kind: kindLabel, date: formatDate(date, lang) }));
    },
    onError: errors.fromError,
  });
  function submit() {
    if (!validDate) return errors.local([dateProblem('date')]);
    if (date > today)
      return errors.local([
        {
          field: 'date',
          message: { ja: t('org.leave.future', { lng: 'ja' }), en: t('org.leave.future', { lng: 'en' }) },
        },
      ]);
    save.mutate();
  }
  return (
    <FormDialog
      isOpen
      danger
      onClose={onClose}
      title={t('org.leave.title', { name: person.name })}
      submitLabel={t('org.leave.submit', { kind: kindLabel })}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <RadioGroup
        id={fieldId('kind')}
        label={t('org.leave.kind')}
        required
        value={kind}
        onChange={(v) => setKind(v as 'RETIRED' | 'TRANSFERRED')}
        options={[
          { value: 'RETIRED', label: t('org.leave.retired'), description: t('org.leave.retiredHelp') },
          {
            value: 'TRANSFERRED',
            label: t('org.leave.transferredOut'),
            description: t('org.leave.transferredOutHelp'),
          },
        ]}
      />
      <DateField
        id={fieldId('date')}
        label={t('org.leave.date', { kind: kindLabel })}
        required
        help={t('org.leave.dateHelp')}
        value={date}
        onChange={setDate}
        error={errors.err('date')}
      />
      <TextArea
        id={fieldId('reason')}
        label={t('org.leave.reason')}
        value={reason}
        onChange={setReason}
        error={errors.err('reason')}
        rows={2}
      />
      <div
        className="flex flex-col gap-2 rounded-8 border border-red-900 bg-red-50 px-4 py-3"
        data-testid="leave-effects"
      >
        <p className="font-bold">{t('org.leave.effects')}</p>
        <ul className="list-disc pl-6">
          {person.account ? (
            <li>{t('org.leave.effectAccount', { loginId: person.account.loginId })}</li>
          ) : (
            <li>{t('org.leave.effectNoAccount')}</li>
          )}
          {ending.length > 0 ? (
            <li>
              {t('org.leave.effectRoles', { date: validDate ? formatDate(date, lang) : '—' })}
              <HeldList items={ending} />
            </li>
          ) : (
            <li>{t('org.leave.effectNoRoles')}</li>
          )}
          <li>{t('org.leave.effectRecord')}</li>
        </ul>
      </div>
    </FormDialog>
  );
}
