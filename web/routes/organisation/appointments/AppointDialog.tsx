/**
 * 任命: role → what it is for (the whole 団体, or a unit at the level the tenant requires) → who → from/to.
 * Before saving it says what follows: a predecessor's term ends the day before; an MFA role asks the appointee for
 * the second factor at the next sign-in.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayBefore } from '../../../../src/domain/calendar.ts';
import { type AppointedRole, ROLE_CODES } from '../../../../src/domain/roles.ts';
import { type FieldError, get, post } from '../../../api.ts';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { formatDate, isIsoDate, todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { FormDialog } from '../shared/FormDialog.tsx';
import { inForce, unitOptions, useTenant, useUnits } from '../shared/hooks.ts';
import { roleIsSingle, roleScope, useOrgLabels } from '../shared/labels.ts';
import { PersonPicker, type PickedPerson } from '../shared/PersonPicker.tsx';
import { type Appointment, orgKeys, type PersonDetail, refreshOrganisation } from '../shared/types.ts';
import { useFormErrors, useRequired } from '../shared/ui.tsx';

/** Roles appointed here; roles for an information system are appointed once systems are registered. */
export const APPOINTABLE = ROLE_CODES.filter((r) => roleScope(r) !== 'SYSTEM');

export interface AppointPreset {
  role?: AppointedRole;
  scopeId?: string;
  personId?: string;
}

export function AppointDialog({
  preset,
  current,
  onClose,
  onDone,
}: {
  preset: AppointPreset;
  /** Appointments in force, to name the predecessor whose term ends. */
  current: Appointment[];
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const labels = useOrgLabels();
  const required = useRequired();
  const errors = useFormErrors();
  const tenant = useTenant();
  const units = useUnits();
  const today = todayInJapan();
  const [role, setRole] = useState<string>(preset.role ?? '');
  const [scopeId, setScopeId] = useState(preset.scopeId ?? '');
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const [appointedBy, setAppointedBy] = useState('');
  const [touchesMynumber, setTouchesMynumber] = useState(false);
  const [note, setNote] = useState('');

  const presetPerson = useQuery({
    queryKey: orgKeys.person(preset.personId ?? ''),
    queryFn: () => get<PersonDetail>(`/people/${preset.personId}`),
    enabled: !!preset.personId,
  });
  const [presetApplied, setPresetApplied] = useState(false);
  if (presetPerson.data && !presetApplied) {
    setPresetApplied(true);
    setPerson(presetPerson.data);
  }

  const scope = role ? roleScope(role) : 'TENANT';
  const settings = tenant.data?.settings;
  const wantedLevel =
    role === 'SEC_RESPONSIBLE'
      ? settings?.responsibleLevel
      : role === 'SEC_MANAGER'
        ? settings?.managerLevel
        : undefined;
  const scopeChoices = unitOptions(
    units.data?.items ?? [],
    (u) => inForce(u, today) && (!wantedLevel || u.level === wantedLevel),
  );
  const predecessor =
    role && roleIsSingle(role)
      ? current.find(
          (a) =>
            a.role === role &&
            !a.delegationOf &&
            (scope === 'TENANT' ? !a.scopeId : a.scopeId === scopeId) &&
            a.validFrom < validFrom,
        )
      : undefined;
  const mfaRole = !!settings && (settings.mfaRoles.includes(role as AppointedRole) || touchesMynumber);

  const save = useMutation({
    mutationFn: () =>
      post<Appointment>('/appointments', {
        role,
        personId: person?.id,
        scopeId: scope === 'ORG_UNIT' ? scopeId : null,
        validFrom,
        validTo: validTo || null,
        appointedBy: appointedBy.trim() || undefined,
        touchesMynumber,
        note: note.trim() || null,
      }),
    onSuccess: async (a) => {
      await refreshOrganisation();
      onDone(
        t('org.appt.appointed', {
          name: a.personName,
          role: labels.role(a.role),
          scope: a.scopeLabel ? `（${a.scopeLabel}）` : '',
          date: formatDate(a.validFrom, lang),
        }),
      );
    },
    onError: errors.fromError,
  });

  function submit() {
    const problems: FieldError[] = [];
    if (!role) problems.push(required('role', t('org.appt.role')));
    if (scope === 'ORG_UNIT' && !scopeId) problems.push(required('scopeId', t('org.appt.scopeUnit')));
    if (!person) problems.push(required('personId', t('org.appt.person')));
    const dateProblem = (field: string): FieldError => ({
      field,
      message: { ja: t('dateField.invalid', { lng: 'ja' }), en: t('dateField.invalid', { lng: 'en' }) },
    });
    if (!isIsoDate(validFrom)) problems.push(dateProblem('validFrom'));
    if (validTo && !isIsoDate(validTo)) problems.push(dateProblem('validTo'));
    if (problems.length) return errors.local(problems);
    save.mutate();
  }

  return (
    <FormDialog
      isOpen
      onClose={onClose}
      wide
      title={t('org.appt.appointTitle')}
      submitLabel={t('org.appt.appointSubmit')}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <Select
        id={fieldId('role')}
        label={t('org.appt.role')}
        required
        value={role}
        onChange={(v) => {
          setRole(v);
          setScopeId('');
        }}
        options={[
          { value: '', label: t('org.common.choose') },
          ...APPOINTABLE.map((r) => ({ value: r, label: labels.role(r) })),
        ]}
        error={errors.err('role')}
        width="full"
        help={t('org.appt.roleHelp')}
      />
      {scope === 'ORG_UNIT' && (
        <Select
          id={fieldId('scopeId')}
          label={t('org.appt.scopeUnit')}
          required
          help={
            wantedLevel
              ? t('org.appt.scopeHelp', { role: labels.role(role), level: labels.level(wantedLevel) })
              : undefined
          }
          value={scopeId}
          onChange={setScopeId}
          options={[{ value: '', label: t('org.common.choose') }, ...scopeChoices]}
          error={errors.err('scopeId')}
          width="full"
        />
      )}
      <PersonPicker
        id={fieldId('personId')}
        label={t('org.appt.person')}
        required
        value={person}
        onChange={setPerson}
        error={errors.err('personId')}
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <DateField
          id={fieldId('validFrom')}
          label={t('org.appt.from')}
          required
          value={validFrom}
          onChange={setValidFrom}
          error={errors.err('validFrom')}
        />
        <DateField
          id={fieldId('validTo')}
          label={t('org.appt.to')}
          value={validTo}
          onChange={setValidTo}
          error={errors.err('validTo')}
        />
      </div>
      <TextField
        id={fieldId('appointedBy')}
        label={t('org.appt.appointedBy')}
        help={t('org.appt.appointedByHelp')}
        value={appointedBy}
        onChange={setAppointedBy}
        error={errors.err('appointedBy')}
        width="m"
      />
      <Checkbox id={fieldId('touchesMynumber')} isSelected={touchesMynumber} onChange={setTouchesMynumber}>
        {t('org.appt.touchesMynumber')}
      </Checkbox>
      <TextArea
        id={fieldId('note')}
        label={t('org.appt.note')}
        value={note}
        onChange={setNote}
        rows={2}
        error={errors.err('note')}
      />
      {(predecessor || (mfaRole && person)) && (
        <div
          className="flex flex-col gap-1 rounded-8 border border-yellow-900 bg-yellow-50 px-4 py-3"
          data-testid="appoint-effects"
        >
          <p className="font-bold">{t('org.appt.effects')}</p>
          <ul className="list-disc pl-6">
            {predecessor && isIsoDate(validFrom) && (
              <li>
                {t('org.appt.effectPredecessor', {
                  role: labels.role(predecessor.role),
                  name: predecessor.personName,
                  date: formatDate(dayBefore(validFrom), lang),
                })}
              </li>
            )}
            {mfaRole && person && <li>{t('org.appt.effectMfa', { name: person.name })}</li>}
          </ul>
        </div>
      )}
    </FormDialog>
  );
}

export function EndAppointmentDialog({
  appointment,
  onClose,
  onDone,
}: {
  appointment: Appointment;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const labels = useOrgLabels();
  const errors = useFormErrors();
  const [date, setDate] = useState([todayInJapan(), appointment.validFrom].sort()[1]);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => post(`/appointments/${appointment.id}/end`, { date, reason: reason.trim() || null }),
    onSuccess: async () => {
      await refreshOrganisation();
      onDone(
        t('org.appt.endedDone', {
          name: appointment.personName,
          role: labels.role(appointment.role),
          date: formatDate(date, lang),
        }),
      );
    },
    onError: errors.fromError,
  });
  return (
    <FormDialog
      isOpen
      danger
      onClose={onClose}
      title={t('org.appt.endTitle', { name: appointment.personName, role: labels.role(appointment.role) })}
      submitLabel={t('org.appt.endSubmit')}
      onSubmit={() =>
        isIsoDate(date)
          ? save.mutate()
          : errors.local([
              {
                field: 'date',
                message: { ja: t('dateField.invalid', { lng: 'ja' }), en: t('dateField.invalid', { lng: 'en' }) },
              },
            ])
      }
      isPending={save.isPending}
      banner={errors.banner}
    >
      <p>
        {t('org.appt.endLead', {
          role: labels.role(appointment.role),
          scope: appointment.scopeLabel ? `（${appointment.scopeLabel}）` : '',
        })}
      </p>
      {roleIsSingle(appointment.role) && <p className="font-bold">{t('org.appt.endVacancy')}</p>}
      <DateField
        id={fieldId('date')}
        label={t('org.appt.endDate')}
        required
        value={date}
        onChange={setDate}
        error={errors.err('date')}
      />
      <TextField
        id={fieldId('reason')}
        label={t('org.appt.endReason')}
        help={t('org.appt.endReasonHelp')}
        value={reason}
        onChange={setReason}
        error={errors.err('reason')}
        width="l"
      />
    </FormDialog>
  );
}
