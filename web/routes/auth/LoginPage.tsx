import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiError, keys, type LoginResponse, post, queryClient, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { clearFlash, peekFlash } from '../../lib/flash.ts';
import { fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { PublicLayout } from '../PublicLayout.tsx';
import { SecondFactor } from './SecondFactor.tsx';

/** The notice carried from the previous page (signed out, session expired, setup done), shown once. */
function useFlashNotice(): string | null {
  const { t } = useTranslation();
  const [flash] = useState(() => peekFlash());
  useEffect(() => clearFlash(), []);
  if (!flash) return null;
  if (flash.text) return flash.text;
  return t(`common.${flash.key}`);
}

function PasswordStep({ notice }: { notice: string | null }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  usePageTitle(t('login.title'));
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ loginId?: string; password?: string }>({});

  const login = useMutation({
    mutationFn: () => post<LoginResponse>('/auth/login', { loginId: loginId.trim(), password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const m = {
      loginId: loginId.trim() ? undefined : t('login.loginIdMissing'),
      password: password ? undefined : t('login.passwordMissing'),
    };
    setMissing(m);
    if (m.loginId || m.password) {
      document.getElementById(fieldId(m.loginId ? 'loginId' : 'password'))?.focus();
      return;
    }
    login.mutate();
  }

  const error =
    login.error instanceof ApiError ? msg(login.error.bilingual) : login.error ? t('common.networkError') : null;
  return (
    <>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('login.title')}</h1>
      <p className="mt-3 text-std-16N-170">{t('login.lead')}</p>
      <div className="mt-6 flex flex-col gap-4">
        {notice && !login.error && <NotificationBanner kind="success">{notice}</NotificationBanner>}
        {error && (
          <NotificationBanner kind="error" title={t('login.failed')}>
            {error}
          </NotificationBanner>
        )}
      </div>
      <form noValidate onSubmit={submit} className="mt-6 flex flex-col gap-6">
        <TextField
          id={fieldId('loginId')}
          label={t('login.loginId')}
          required
          hideMarker
          width="full"
          autoComplete="username"
          value={loginId}
          onChange={setLoginId}
          error={missing.loginId}
        />
        <TextField
          id={fieldId('password')}
          label={t('login.password')}
          required
          hideMarker
          width="full"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={missing.password}
        />
        <div>
          <Button type="submit" isPending={login.isPending} className="w-full">
            {t('login.submit')}
          </Button>
        </div>
      </form>
      <p className="mt-8 border-t border-solid-gray-200 pt-6 text-std-16N-170 text-solid-gray-700">
        {t('login.forgot')}
      </p>
    </>
  );
}

/** Sign-in: the password, then the second factor when the account has one; enrolment when the role needs one. */
export default function LoginPage() {
  const { data: me } = useMe();
  const location = useLocation();
  const notice = useFlashNotice();
  const from = (location.state as { from?: string } | null)?.from;
  if (me && me.mfaState !== 'pending' && me.passwordChangeRequired) return <Navigate to="/change-password" replace />;
  if (me?.mfaState === 'full') return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  if (me?.mfaState === 'enrol') return <Navigate to="/enrol" replace />;
  return (
    <PublicLayout>
      {me?.mfaState === 'pending' ? <SecondFactor me={me} /> : <PasswordStep notice={notice} />}
    </PublicLayout>
  );
}
