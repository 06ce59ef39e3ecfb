/**
 * 職員等の登録・編集. Label above each field with 必須/任意, help under the label, error under the field, a summary at
 * the top linking to each field. A 課室's 情報セキュリティ管理者 may keep contact details only; the unit changes
 * through 異動, never here.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { EMPLOYMENT_TYPES } from '../../../../src/modules/organisation/contract.ts';
import { type FieldError, get, may, patch, post, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { isIsoDate, todayInJapan } from '../../../lib/dates.ts';
import { fieldId, summaryItems } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { inForce, unitOptions, useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { orgKeys, type PersonDetail, refreshOrganisation } from '../shared/types.ts';
import { Loaded, PageHead, useFormErrors, useRequired } from '../shared/ui.tsx';

const EMPTY = {
  staffNumber: '',
  familyName: '',
  givenName: '',
  familyKana: '',
  givenKana: '',
  employmentType: 'STAFF' as string,
  orgUnitId: '',
  title: '',
  employer: '',
  email: '',
  phone: '',
  mobilePhone: '',
  joinedOn: '',
};
type Values = typeof EMPTY;
const CONTACT_ONLY: Array<keyof Values> = ['title', 'email', 'phone', 'mobilePhone'];
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]+$/u;

function fromPerson(p: PersonDetail): Values {
  return {
    staffNumber: p.staffNumber,
    familyName: p.familyName,
    givenName: p.givenName,
    familyKana: p.familyKana,
    givenKana: p.givenKana,
    employmentType: p.employmentType,
    orgUnitId: p.orgUnitId ?? '',
    title: p.title ?? '',
    employer: p.employer ?? '',
    email: p.email ?? '',
    phone: p.phone ?? '',
    mobilePhone: p.mobilePhone ?? '',
    joinedOn: p.joinedOn ?? '',
  };
}

function PersonForm({ person }: { person: PersonDetail | null }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const labels = useOrgLabels();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const keeper = may(me ?? undefined, 'person', 'create');
  const contactOnly = !!person && !keeper;
  const required = useRequired();
  const errors = useFormErrors();
  const units = useUnits();
  const [v, setV] = useState<Values>(person ? fromPerson(person) : EMPTY);
  const set = (k: keyof Values) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const needsEmployer = v.employmentType === 'DISPATCHED' || v.employmentType === 'CONTRACTOR_STAFF';

  const fieldLabels: Record<string, string> = Object.fromEntries(
    Object.keys(EMPTY).map((k) => [k, t(`org.form.${k}`)]),
  );

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      const keys = contactOnly ? CONTACT_ONLY : (Object.keys(EMPTY) as Array<keyof Values>);
      for (const k of keys) {
        if (k === 'orgUnitId' && person) continue; // 異動 changes the unit
        const value = v[k].trim();
        if (k === 'orgUnitId' || k === 'joinedOn' || k === 'employer') body[k] = value || null;
        else body[k] = value;
      }
      return person ? patch<PersonDetail>(`/people/${person.id}`, body) : post<PersonDetail>('/people', body);
    },
    onSuccess: async (saved) => {
      await refreshOrganisation();
      navigate(`/organisation/people/${saved.id}`, {
        state: {
          flash: person ? t('org.form.saved', { name: saved.name }) : t('org.form.created', { name: saved.name }),
        },
      });
    },
    onError: errors.fromError,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!contactOnly) {
      for (const k of ['staffNumber', 'familyName', 'givenName', 'familyKana', 'givenKana'] as const) {
        if (!v[k].trim()) problems.push(required(k, fieldLabels[k]));
      }
      for (const k of ['familyKana', 'givenKana'] as const) {
        if (v[k].trim() && !KANA.test(v[k].trim()))
          problems.push({
            field: k,
            message: { ja: t('org.form.kanaError', { lng: 'ja' }), en: t('org.form.kanaError', { lng: 'en' }) },
          });
      }
      if (needsEmployer && !v.employer.trim()) problems.push(required('employer', fieldLabels.employer));
      if (v.joinedOn && !isIsoDate(v.joinedOn))
        problems.push({
          field: 'joinedOn',
          message: { ja: t('dateField.invalid', { lng: 'ja' }), en: t('dateField.invalid', { lng: 'en' }) },
        });
    }
    if (problems.length) return errors.local(problems);
    save.mutate();
  }

  const today = todayInJapan();
  const lock = (k: keyof Values) => contactOnly && !CONTACT_ONLY.includes(k);
  const text = (k: keyof Values, props: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={fieldId(k)}
      label={fieldLabels[k]}
      value={v[k]}
      onChange={set(k)}
      error={errors.err(k)}
      isDisabled={lock(k)}
      {...props}
    />
  );

  return (
    <form noValidate onSubmit={submit} className="flex max-w-[48rem] flex-col gap-8">
      <ErrorSummary items={summaryItems(errors.fields, fieldLabels, msg)} focusKey={errors.attempt} />
      {errors.banner && <NotificationBanner kind="error">{errors.banner}</NotificationBanner>}
      {contactOnly && (
        <NotificationBanner kind="info" live={false}>
          {t('org.form.contactOnly')}
        </NotificationBanner>
      )}

      <fieldset className="flex flex-col gap-6">
        <legend className="mb-4 text-std-24B-150 text-solid-gray-900">{t('org.form.basics')}</legend>
        {text('staffNumber', { required: true, width: 's', help: t('org.form.staffNumberHelp'), autoComplete: 'off' })}
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          {text('familyName', { required: true, width: 'full' })}
          {text('givenName', { required: true, width: 'full' })}
          {text('familyKana', { required: true, width: 'full', help: t('org.form.kanaHelp') })}
          {text('givenKana', { required: true, width: 'full', help: t('org.form.kanaHelp') })}
        </div>
        <RadioGroup
          id={fieldId('employmentType')}
          label={fieldLabels.employmentType}
          required
          value={v.employmentType}
          onChange={set('employmentType')}
          isDisabled={lock('employmentType')}
          options={EMPLOYMENT_TYPES.map((e) => ({ value: e, label: labels.employment(e) }))}
          error={errors.err('employmentType')}
        />
        {(needsEmployer || v.employer) &&
          text('employer', { required: needsEmployer, help: t('org.form.employerHelp'), width: 'l' })}
      </fieldset>

      <fieldset className="flex flex-col gap-6 border-t border-solid-gray-200 pt-6">
        <legend className="float-left mb-4 w-full text-std-24B-150 text-solid-gray-900">
          {t('org.form.placement')}
        </legend>
        {person ? (
          <div className="flex flex-col gap-1">
            <p className="text-std-17B-170">{fieldLabels.orgUnitId}</p>
            <p>{person.unitPath || t('org.people.noUnit')}</p>
            <p className="text-std-16N-170 text-solid-gray-700">{t('org.form.unitByTransfer')}</p>
          </div>
        ) : (
          <Loaded query={units}>
            {(list) => (
              <Select
                id={fieldId('orgUnitId')}
                label={fieldLabels.orgUnitId}
                help={t('org.form.unitHelp')}
                value={v.orgUnitId}
                onChange={set('orgUnitId')}
                options={[
                  { value: '', label: t('org.people.noUnit') },
                  ...unitOptions(list.items, (u) => inForce(u, today)),
                ]}
                error={errors.err('orgUnitId')}
                width="l"
              />
            )}
          </Loaded>
        )}
        {text('title', { width: 'm', help: t('org.form.titleHelp') })}
        <DateField
          id={fieldId('joinedOn')}
          label={fieldLabels.joinedOn}
          value={v.joinedOn}
          onChange={set('joinedOn')}
          error={errors.err('joinedOn')}
          isDisabled={lock('joinedOn')}
        />
      </fieldset>

      <fieldset className="flex flex-col gap-6 border-t border-solid-gray-200 pt-6">
        <legend className="float-left mb-4 w-full text-std-24B-150 text-solid-gray-900">{t('org.form.contact')}</legend>
        {text('email', { type: 'email', width: 'l', autoComplete: 'off' })}
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          {text('phone', { width: 'full', help: t('org.form.phoneHelp'), inputMode: 'tel' })}
          {text('mobilePhone', { width: 'full', help: t('org.form.mobileHelp'), inputMode: 'tel' })}
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-4 border-t border-solid-gray-200 pt-6">
        <Button type="submit" isPending={save.isPending}>
          {person ? t('common.save') : t('org.form.create')}
        </Button>
        <ButtonLink to={person ? `/organisation/people/${person.id}` : '/organisation/people'} size="md">
          {t('common.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}

export default function PersonFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const person = useQuery({
    queryKey: orgKeys.person(id ?? ''),
    queryFn: () => get<PersonDetail>(`/people/${id}`),
    enabled: !!id,
  });
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  if (!id) {
    return (
      <div className="flex flex-col gap-6">
        <PageHead
          title={t('org.form.newTitle')}
          crumbs={[{ label: t('org.people.title'), href: '/organisation/people' }, { label: t('org.form.newTitle') }]}
          lead={t('org.form.newLead')}
        />
        <PersonForm person={null} />
      </div>
    );
  }
  return (
    <Loaded query={person}>
      {(p) => (
        <div className="flex flex-col gap-6">
          <PageHead
            title={t('org.form.editTitle', { name: p.name })}
            crumbs={[
              { label: t('org.people.title'), href: '/organisation/people' },
              { label: p.name, href: `/organisation/people/${p.id}` },
              { label: t('org.form.edit') },
            ]}
          />
          <PersonForm person={p} />
        </div>
      )}
    </Loaded>
  );
}
