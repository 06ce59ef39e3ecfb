/** アカウントの作成: a sign-in account for a person in the staff directory, with a first password to hand over. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type FieldError, get, post } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { PersonPicker, type PickedPerson } from '../organisation/shared/PersonPicker.tsx';
import { orgKeys, type PersonDetail } from '../organisation/shared/types.ts';
import { useFormErrors, useRequired } from '../organisation/shared/ui.tsx';
import type { Account } from './types.ts';

export default function NewAccountPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const navigate = useNavigate();
  usePageTitle(t('admin.new.title'));
  const [params] = useSearchParams();
  const presetId = params.get('personId');
  const preset = useQuery({
    queryKey: orgKeys.person(presetId ?? ''),
    queryFn: () => get<PersonDetail>(`/people/${presetId}`),
    enabled: !!presetId,
  });
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [presetApplied, setPresetApplied] = useState(false);
  if (preset.data && !presetApplied) {
    setPresetApplied(true);
    setPerson(preset.data);
  }
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [isPlatformAdmin, setIsPlatformAdmin] = useState(false);
  const [mfaRequired, setMfaRequired] = useState(false);
  const errors = useFormErrors();
  const required = useRequired();
  const labels: Record<string, string> = {
    personId: t('admin.person'),
    loginId: t('admin.loginId'),
    password: t('admin.new.password'),
    passwordConfirm: t('admin.new.passwordConfirm'),
  };
  const save = useMutation({
    mutationFn: () =>
      post<Account>('/accounts', {
        personId: person?.id,
        loginId: loginId.trim(),
        password,
        isPlatformAdmin,
        mfaRequired: mfaRequired || undefined,
      }),
    onSuccess: (a) =>
      navigate(`/admin/accounts?q=${encodeURIComponent(a.loginId)}`, {
        state: { flash: t('admin.new.done', { loginId: a.loginId, name: a.personName ?? '' }) },
      }),
    onError: errors.fromError,
  });
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!person) problems.push(required('personId', labels.personId));
    if (!loginId.trim()) problems.push(required('loginId', labels.loginId));
    if ([...password].length < 12) problems.push({ field: 'password', message: bi('setup.passwordTooShort') });
    if (password && confirm !== password)
      problems.push({ field: 'passwordConfirm', message: bi('setup.passwordMismatch') });
    if (problems.length) return errors.local(problems);
    save.mutate();
  }
  return (
    <div className="flex max-w-[48rem] flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Breadcrumb items={[{ label: t('admin.title'), href: '/admin/accounts' }, { label: t('admin.new.title') }]} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('admin.new.title')}</h1>
        <p className="text-std-16N-170 text-solid-gray-800">{t('admin.new.lead')}</p>
      </div>
      <form noValidate onSubmit={submit} className="flex flex-col gap-6">
        <ErrorSummary items={summaryItems(errors.fields, labels, msg)} focusKey={errors.attempt} />
        {errors.banner && <NotificationBanner kind="error">{errors.banner}</NotificationBanner>}
        <PersonPicker
          id={fieldId('personId')}
          label={labels.personId}
          required
          help={t('admin.new.personHelp')}
          value={person}
          onChange={setPerson}
          error={errors.err('personId')}
        />
        <TextField
          id={fieldId('loginId')}
          label={labels.loginId}
          required
          help={t('setup.loginIdHelp')}
          value={loginId}
          onChange={setLoginId}
          error={errors.err('loginId')}
          width="m"
          autoComplete="off"
        />
        <TextField
          id={fieldId('password')}
          label={labels.password}
          required
          type="password"
          help={t('admin.new.passwordHelp')}
          value={password}
          onChange={setPassword}
          error={errors.err('password')}
          width="m"
          autoComplete="new-password"
        />
        <TextField
          id={fieldId('passwordConfirm')}
          label={labels.passwordConfirm}
          required
          type="password"
          value={confirm}
          onChange={setConfirm}
          error={errors.err('passwordConfirm')}
          width="m"
          autoComplete="new-password"
        />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-std-17B-170 text-solid-gray-900">{t('admin.new.options')}</legend>
          <Checkbox id={fieldId('mfaRequired')} isSelected={mfaRequired} onChange={setMfaRequired}>
            {t('admin.new.mfaRequired')}
          </Checkbox>
          <Checkbox id={fieldId('isPlatformAdmin')} isSelected={isPlatformAdmin} onChange={setIsPlatformAdmin}>
            {t('admin.new.platformAdmin')}
          </Checkbox>
          {isPlatformAdmin && (
            <NotificationBanner kind="warning" live={false}>
              {t('admin.new.platformAdminWarning')}
            </NotificationBanner>
          )}
        </fieldset>
        <div className="flex flex-wrap gap-4 border-t border-solid-gray-200 pt-6">
          <Button type="submit" isPending={save.isPending}>
            {t('admin.new.submit')}
          </Button>
          <ButtonLink to="/admin/accounts" size="md">
            {t('common.cancel')}
          </ButtonLink>
        </div>
      </form>
    </div>
  );
}
