import { startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, keys, type Me, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { useSignOut } from '../Shell.tsx';

type Method = 'totp' | 'passkey' | 'recovery';

/** Step two of sign-in: a code from the authenticator app, a passkey, or a one-time recovery code. */
export function SecondFactor({ me }: { me: Me }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  usePageTitle(t('mfa.title'));
  const signOut = useSignOut();

  const available: Method[] = [
    ...(me.mfa.totp ? (['totp'] as const) : []),
    ...(me.mfa.passkeys > 0 ? (['passkey'] as const) : []),
    ...(me.mfa.recoveryCodesLeft > 0 ? (['recovery'] as const) : []),
  ];
  const [method, setMethod] = useState<Method>(available[0] ?? 'totp');
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const [passkeyProblem, setPasskeyProblem] = useState(false);

  const done = () => queryClient.invalidateQueries({ queryKey: keys.me });
  const verifyCode = useMutation({
    mutationFn: () => post(method === 'totp' ? '/auth/mfa/totp' : '/auth/mfa/recovery', { code: code.trim() }),
    onSuccess: done,
  });
  const verifyPasskey = useMutation({
    mutationFn: async () => {
      setPasskeyProblem(false);
      const optionsJSON =
        await post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/auth/mfa/passkey/options');
      let response: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        response = await startAuthentication({ optionsJSON });
      } catch {
        setPasskeyProblem(true);
        return null;
      }
      return post('/auth/mfa/passkey/verify', { response });
    },
    onSuccess: (r) => r && done(),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim()) {
      setMissing(t(method === 'totp' ? 'mfa.codeMissing' : 'mfa.recoveryMissing'));
      document.getElementById(fieldId('code'))?.focus();
      return;
    }
    setMissing(undefined);
    verifyCode.mutate();
  }

  const failure = verifyCode.error ?? verifyPasskey.error;
  const failureText = failure instanceof ApiError ? msg(failure.bilingual) : failure ? t('common.networkError') : null;

  return (
    <>
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('mfa.title')}</h1>
      <p className="mt-3 text-std-16N-170">{t('mfa.lead')}</p>
      <div className="mt-6 flex flex-col gap-4">
        {failureText && (
          <NotificationBanner kind="error" title={t('mfa.failed')}>
            {failureText}
          </NotificationBanner>
        )}
        {passkeyProblem && <NotificationBanner kind="warning">{t('mfa.passkeyCancelled')}</NotificationBanner>}
      </div>
      {available.length > 1 && (
        <RadioGroup
          id={fieldId('method')}
          className="mt-6"
          label={t('mfa.method')}
          required
          value={method}
          onChange={(v) => {
            setMethod(v as Method);
            setCode('');
            setMissing(undefined);
            verifyCode.reset();
            verifyPasskey.reset();
          }}
          options={available.map((m) => ({ value: m, label: t(`mfa.${m}`) }))}
        />
      )}
      {method === 'passkey' ? (
        <div className="mt-6 flex flex-col gap-4">
          <p className="text-std-16N-170">{t('mfa.passkeyHelp')}</p>
          <div>
            <Button onPress={() => verifyPasskey.mutate()} isPending={verifyPasskey.isPending} className="w-full">
              {t('mfa.passkeyButton')}
            </Button>
          </div>
        </div>
      ) : (
        <form noValidate onSubmit={submit} className="mt-6 flex flex-col gap-6">
          <TextField
            id={fieldId('code')}
            label={method === 'totp' ? t('mfa.code') : t('mfa.recoveryCode')}
            help={method === 'totp' ? t('mfa.codeHelp') : t('mfa.recoveryHelp')}
            required
            hideMarker
            width={method === 'totp' ? 's' : 'm'}
            inputMode={method === 'totp' ? 'numeric' : 'text'}
            autoComplete="one-time-code"
            maxLength={method === 'totp' ? 6 : 20}
            inputClassName="font-mono tracking-[0.2em]"
            value={code}
            onChange={setCode}
            error={missing}
          />
          <div>
            <Button type="submit" isPending={verifyCode.isPending} className="w-full">
              {t('mfa.submit')}
            </Button>
          </div>
        </form>
      )}
      <div className="mt-8 border-t border-solid-gray-200 pt-6">
        <Button variant="tertiary" size="sm" onPress={() => signOut.mutate()}>
          {t('mfa.cancel')}
        </Button>
      </div>
    </>
  );
}
