import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BODY_KIND_LABELS, BODY_KINDS } from '../../../src/modules/organisation/contract.ts';
import type { SetupRequest } from '../../../src/modules/setup/contract.ts';
import { ApiError, type FieldError, keys, post, queryClient, type SetupResponse } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { setFlash } from '../../lib/flash.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { PublicLayout } from '../PublicLayout.tsx';

type BodyKind = (typeof BODY_KINDS)[number];
interface BodyRow {
  key: number;
  kind: BodyKind;
  name: string;
}

const DEFAULT_BODIES: BodyRow[] = [
  { key: 1, kind: 'MAYOR_DEPT', name: '町長部局' },
  { key: 2, kind: 'ADMIN_COMMITTEE', name: '教育委員会' },
  { key: 3, kind: 'ASSEMBLY', name: '議会' },
];

const EMPTY_ADMIN = {
  familyName: '',
  givenName: '',
  familyKana: '',
  givenKana: '',
  staffNumber: '',
  title: '',
  loginId: '',
  password: '',
};
type AdminFields = typeof EMPTY_ADMIN;

function Fieldset({ legend, lead, children }: { legend: string; lead?: string; children: React.ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-6 border-t border-solid-gray-200 pt-8">
      <legend className="float-left mb-2 w-full text-std-24B-150 text-solid-gray-900">{legend}</legend>
      {lead && <p className="-mt-2 text-std-16N-170 text-solid-gray-800">{lead}</p>}
      {children}
    </fieldset>
  );
}

/** First run: the municipality, its 実施機関 and committee, and the first administrator. */
export default function SetupPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const navigate = useNavigate();
  usePageTitle(t('setup.title'));

  const [tenant, setTenant] = useState({ name: '', code: '', committeeName: '' });
  const [bodies, setBodies] = useState<BodyRow[]>(DEFAULT_BODIES);
  const [admin, setAdmin] = useState<AdminFields>(EMPTY_ADMIN);
  const [passwordConfirm, setPasswordConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const setup = useMutation({
    mutationFn: (body: SetupRequest) => post<SetupResponse>('/setup', body),
    onSuccess: async (res) => {
      setFlash('setupDone', msg(res.next));
      await queryClient.invalidateQueries({ queryKey: keys.setup });
      navigate('/login', { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length > 0) {
        setErrors(e.fields);
        setBanner(null);
      } else {
        setErrors([]);
        setBanner(e instanceof ApiError ? msg(e.bilingual) : t('common.networkError'));
      }
      setAttempt((n) => n + 1);
    },
  });

  const labels: Record<string, string> = {
    'tenant.name': t('setup.tenantName'),
    'tenant.code': t('setup.tenantCode'),
    'tenant.committeeName': t('setup.committeeName'),
    'admin.familyName': t('setup.familyName'),
    'admin.givenName': t('setup.givenName'),
    'admin.familyKana': t('setup.familyKana'),
    'admin.givenKana': t('setup.givenKana'),
    'admin.staffNumber': t('setup.staffNumber'),
    'admin.loginId': t('setup.loginId'),
    'admin.password': t('setup.password'),
    'admin.passwordConfirm': t('setup.passwordConfirm'),
  };

  /** Checks what the browser can check (missing fields, the repeated password) before asking the server. */
  function localErrors(): FieldError[] {
    const problems: FieldError[] = [];
    const required = (field: string, value: string) => {
      if (!value.trim()) {
        const ja = t('setup.requiredError', { label: labels[field], lng: 'ja' });
        const en = t('setup.requiredError', { label: labels[field], lng: 'en' });
        problems.push({ field, message: { ja, en } });
      }
    };
    required('tenant.name', tenant.name);
    required('tenant.code', tenant.code);
    required('tenant.committeeName', tenant.committeeName);
    bodies.forEach((b, i) => {
      if (!b.name.trim())
        problems.push({
          field: `tenant.bodies.${i}.name`,
          message: {
            ja: `${t('setup.bodyRow', { n: i + 1, lng: 'ja' })}の名称を入力してください。`,
            en: `Enter the name of ${t('setup.bodyRow', { n: i + 1, lng: 'en' })}.`,
          },
        });
    });
    for (const f of [
      'familyName',
      'givenName',
      'familyKana',
      'givenKana',
      'staffNumber',
      'loginId',
      'password',
    ] as const)
      required(`admin.${f}`, admin[f]);
    if (admin.password && [...admin.password].length < 12)
      problems.push({
        field: 'admin.password',
        message: { ja: t('setup.passwordTooShort', { lng: 'ja' }), en: t('setup.passwordTooShort', { lng: 'en' }) },
      });
    if (admin.password && passwordConfirm !== admin.password)
      problems.push({
        field: 'admin.passwordConfirm',
        message: { ja: t('setup.passwordMismatch', { lng: 'ja' }), en: t('setup.passwordMismatch', { lng: 'en' }) },
      });
    return problems;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems = localErrors();
    if (problems.length > 0) {
      setErrors(problems);
      setBanner(null);
      setAttempt((n) => n + 1);
      return;
    }
    setup.mutate({
      tenant: {
        name: tenant.name.trim(),
        code: tenant.code.trim(),
        committeeName: tenant.committeeName.trim(),
        bodies: bodies.map((b) => ({ kind: b.kind, name: b.name.trim() })),
      },
      admin: { ...admin, title: admin.title.trim() || undefined },
    });
  }

  const byField = errorsByField(errors);
  const err = (field: string) => msg(byField.get(field));
  const adminField = (f: keyof AdminFields) => ({
    id: fieldId(`admin.${f}`),
    value: admin[f],
    onChange: (v: string) => setAdmin((a) => ({ ...a, [f]: v })),
    error: err(`admin.${f}`),
  });
  const kindOptions = BODY_KINDS.map((k) => ({ value: k, label: BODY_KIND_LABELS[k] }));

  return (
    <PublicLayout wide>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('setup.title')}</h1>
      <p className="mt-3 text-std-16N-170">{t('setup.lead')}</p>
      <form noValidate onSubmit={submit} className="mt-8 flex flex-col gap-10">
        <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
        {banner && <NotificationBanner kind="error">{banner}</NotificationBanner>}

        <Fieldset legend={t('setup.tenantSection')}>
          <TextField
            id={fieldId('tenant.name')}
            label={t('setup.tenantName')}
            required
            help={t('setup.tenantNameHelp')}
            width="m"
            value={tenant.name}
            onChange={(v) => setTenant((s) => ({ ...s, name: v }))}
            error={err('tenant.name')}
            autoComplete="organization"
          />
          <TextField
            id={fieldId('tenant.code')}
            label={t('setup.tenantCode')}
            required
            help={t('setup.tenantCodeHelp')}
            width="xs"
            inputMode="numeric"
            maxLength={6}
            value={tenant.code}
            onChange={(v) => setTenant((s) => ({ ...s, code: v }))}
            error={err('tenant.code')}
            autoComplete="off"
          />
          <TextField
            id={fieldId('tenant.committeeName')}
            label={t('setup.committeeName')}
            required
            help={t('setup.committeeNameHelp')}
            width="l"
            value={tenant.committeeName}
            onChange={(v) => setTenant((s) => ({ ...s, committeeName: v }))}
            error={err('tenant.committeeName')}
          />
        </Fieldset>

        <Fieldset legend={t('setup.bodiesSection')} lead={t('setup.bodiesLead')}>
          <ol className="flex flex-col gap-4">
            {bodies.map((b, i) => (
              <li key={b.key} className="rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-5">
                <fieldset className="flex flex-col gap-4">
                  <legend className="mb-2 text-std-17B-170">{t('setup.bodyRow', { n: i + 1 })}</legend>
                  <div className="flex flex-wrap items-start gap-6">
                    <Select
                      id={fieldId(`tenant.bodies.${i}.kind`)}
                      label={t('setup.bodyKind')}
                      required
                      width="s"
                      options={kindOptions}
                      value={b.kind}
                      onChange={(v) =>
                        setBodies((rows) => rows.map((r) => (r.key === b.key ? { ...r, kind: v as BodyKind } : r)))
                      }
                      error={err(`tenant.bodies.${i}.kind`)}
                    />
                    <TextField
                      id={fieldId(`tenant.bodies.${i}.name`)}
                      label={t('setup.bodyName')}
                      required
                      width="m"
                      className="min-w-[18rem]"
                      value={b.name}
                      onChange={(v) => setBodies((rows) => rows.map((r) => (r.key === b.key ? { ...r, name: v } : r)))}
                      error={err(`tenant.bodies.${i}.name`)}
                    />
                    {bodies.length > 1 && (
                      <Button
                        variant="tertiary"
                        size="sm"
                        className="mt-[2.7rem]"
                        onPress={() => setBodies((rows) => rows.filter((r) => r.key !== b.key))}
                      >
                        {t('common.delete')}
                        <span className="sr-only">：{t('setup.bodyRow', { n: i + 1 })}</span>
                      </Button>
                    )}
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          <div>
            <Button
              variant="secondary"
              size="sm"
              onPress={() =>
                setBodies((rows) => [
                  ...rows,
                  { key: Math.max(0, ...rows.map((r) => r.key)) + 1, kind: 'ADMIN_COMMITTEE', name: '' },
                ])
              }
            >
              ＋ {t('setup.addBody')}
            </Button>
          </div>
        </Fieldset>

        <Fieldset legend={t('setup.adminSection')} lead={t('setup.adminLead')}>
          <div className="grid max-w-[44rem] grid-cols-2 gap-x-8 gap-y-6">
            <TextField
              label={t('setup.familyName')}
              required
              width="s"
              autoComplete="family-name"
              {...adminField('familyName')}
            />
            <TextField
              label={t('setup.givenName')}
              required
              width="s"
              autoComplete="given-name"
              {...adminField('givenName')}
            />
            <TextField
              label={t('setup.familyKana')}
              required
              width="s"
              help={t('setup.kanaHelp')}
              {...adminField('familyKana')}
            />
            <TextField
              label={t('setup.givenKana')}
              required
              width="s"
              help={t('setup.kanaHelp')}
              {...adminField('givenKana')}
            />
            <TextField
              label={t('setup.staffNumber')}
              required
              width="s"
              help={t('setup.staffNumberHelp')}
              {...adminField('staffNumber')}
            />
            <TextField label={t('setup.jobTitle')} width="m" help={t('setup.jobTitleHelp')} {...adminField('title')} />
          </div>
          <TextField
            label={t('setup.loginId')}
            required
            width="m"
            help={t('setup.loginIdHelp')}
            autoComplete="username"
            {...adminField('loginId')}
          />
          <TextField
            label={t('setup.password')}
            required
            width="m"
            type="password"
            help={t('setup.passwordHelp')}
            autoComplete="new-password"
            {...adminField('password')}
          />
          <TextField
            id={fieldId('admin.passwordConfirm')}
            label={t('setup.passwordConfirm')}
            required
            width="m"
            type="password"
            autoComplete="new-password"
            value={passwordConfirm}
            onChange={setPasswordConfirm}
            error={err('admin.passwordConfirm')}
          />
        </Fieldset>

        <div className="border-t border-solid-gray-200 pt-8">
          <Button type="submit" isPending={setup.isPending}>
            {t('setup.submit')}
          </Button>
        </div>
      </form>
    </PublicLayout>
  );
}
