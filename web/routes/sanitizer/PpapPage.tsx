/**
 * パスワード付き ZIP の受け取り (/ppap/:token): the Internet-side page a recipient reaches from the notice's one-time
 * link, without signing in. It shows the held message and files; the password is sent once, used in memory by the
 * gateway and never stored; the result is delivered to the recipient's address. Wrong passwords are throttled.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, type FieldError, get, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, useErrorText } from '../../components/PageParts.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { PublicLayout } from '../PublicLayout.tsx';
import { type PpapInfo, type PpapReleased, sanitizerKeys } from './types.ts';

function PasswordForm({ token, info }: { token: string; info: PpapInfo }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const send = useMutation({
    mutationFn: () => post<PpapReleased>(`/sanitizer/ppap/${encodeURIComponent(token)}`, { password }),
    onSuccess: () => setPassword(''),
    onError: (e) => {
      setPassword('');
      if (e instanceof ApiError && e.fields.length) {
        setErrors(e.fields.map((f) => ({ ...f, message: e.bilingual })));
        setAttempt((n) => n + 1);
        setFailure(null);
      } else {
        setErrors([]);
        setFailure(errorText(e));
      }
    },
  });
  if (send.isSuccess)
    return (
      <NotificationBanner kind="success" title={t('sanitizer.ppap.doneTitle')}>
        {t('sanitizer.ppap.done', { to: info.recipient })}
      </NotificationBanner>
    );
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      setErrors([{ field: 'password', message: bi('sanitizer.ppap.passwordMissing') }]);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    setFailure(null);
    send.mutate();
  }
  const byField = errorsByField(errors);
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4">
      <ErrorSummary items={summaryItems(errors, { password: t('sanitizer.ppap.password') }, msg)} focusKey={attempt} />
      {failure && <NotificationBanner kind="error">{failure}</NotificationBanner>}
      <TextField
        id={fieldId('password')}
        label={t('sanitizer.ppap.password')}
        help={t('sanitizer.ppap.passwordHelp')}
        type="password"
        autoComplete="off"
        required
        value={password}
        onChange={setPassword}
        maxLength={200}
        width="m"
        error={msg(byField.get('password')) || undefined}
      />
      <div>
        <Button type="submit" isPending={send.isPending}>
          {t('sanitizer.ppap.submit')}
        </Button>
      </div>
    </form>
  );
}

export default function PpapPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const errorText = useErrorText();
  const { token = '' } = useParams();
  usePageTitle(t('sanitizer.ppap.title'));
  const query = useQuery({
    queryKey: sanitizerKeys.ppap(token),
    queryFn: () => get<PpapInfo>(`/sanitizer/ppap/${encodeURIComponent(token)}`),
    retry: false,
  });
  const info = query.data;
  return (
    <PublicLayout wide>
      <div className="flex flex-col gap-6">
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('sanitizer.ppap.title')}</h1>
        {query.isPending && <p role="status">{t('common.loading')}</p>}
        {query.isError && (
          <NotificationBanner kind="error">
            {query.error instanceof ApiError && query.error.status === 404
              ? t('sanitizer.ppap.notFound')
              : errorText(query.error)}
          </NotificationBanner>
        )}
        {info && (
          <>
            <p>{t('sanitizer.ppap.lead')}</p>
            <section aria-labelledby="ppap-facts" className="flex flex-col gap-3">
              <h2 id="ppap-facts" className="text-std-20B-150">
                {t('sanitizer.ppap.facts')}
              </h2>
              <Facts
                items={[
                  { label: t('sanitizer.ppap.subject'), value: info.subject || t('sanitizer.list.noSubject') },
                  { label: t('sanitizer.ppap.from'), value: <span className="break-all">{info.from}</span> },
                  { label: t('sanitizer.ppap.receivedAt'), value: formatDateTime(info.receivedAt, lang) },
                  { label: t('sanitizer.ppap.recipient'), value: <span className="break-all">{info.recipient}</span> },
                  {
                    label: t('sanitizer.ppap.files'),
                    value: (
                      <ul className="flex flex-col gap-1">
                        {info.files.map((f) => (
                          <li key={f.name}>
                            {f.name}
                            {f.entries.length > 0 && (
                              <span className="block text-dns-14N-130 text-solid-gray-700">
                                {t('sanitizer.ppap.entries', { list: f.entries.join('、') })}
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                  { label: t('sanitizer.ppap.expires'), value: formatDateTime(info.expiresAt, lang) },
                ]}
              />
            </section>
            {info.state === 'open' ? (
              <PasswordForm token={token} info={info} />
            ) : (
              <NotificationBanner kind={info.state === 'used' ? 'success' : 'warning'} live={false}>
                {t(info.state === 'used' ? 'sanitizer.ppap.used' : 'sanitizer.ppap.expired')}
              </NotificationBanner>
            )}
          </>
        )}
      </div>
    </PublicLayout>
  );
}
