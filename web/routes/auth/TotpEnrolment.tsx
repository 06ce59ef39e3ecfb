import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, post, queryClient, type TotpSetup } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';

const TOTP_SETUP_KEY = ['account', 'totp-setup'] as const;

/** Groups a base32 secret in fours so it can be typed without losing one's place: "JBSW Y3DP …". */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * Registers an authenticator app: the QR code, the key in text for manual entry, then the 6-digit code.
 * Calls onEnrolled with the recovery codes the server issues.
 */
export function TotpEnrolment({ onEnrolled }: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [missing, setMissing] = useState<string | undefined>();

  // Starting TOTP stores a new pending secret, so it runs once (the query cache dedupes it and keeps the same QR
  // code while the user switches tabs); it is forgotten once the app is registered.
  const setup = useQuery({
    queryKey: TOTP_SETUP_KEY,
    queryFn: () => post<TotpSetup>('/account/totp/setup'),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: () => post<{ recoveryCodes: string[] }>('/account/totp/confirm', { code: code.trim() }),
    onSuccess: (r) => {
      queryClient.removeQueries({ queryKey: TOTP_SETUP_KEY });
      onEnrolled(r.recoveryCodes);
    },
    onError: (e) => setFieldErrors(e instanceof ApiError ? e.fields : []),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim()) {
      setMissing(t('mfa.codeMissing'));
      document.getElementById(fieldId('code'))?.focus();
      return;
    }
    setMissing(undefined);
    confirm.mutate();
  }

  if (setup.isPending) return <p role="status">{t('common.loading')}</p>;
  if (setup.isError)
    return (
      <NotificationBanner kind="error">
        {setup.error instanceof ApiError ? msg(setup.error.bilingual) : t('common.loadError')}
      </NotificationBanner>
    );

  const codeError = missing ?? msg(errorsByField(fieldErrors).get('code'));
  const otherError =
    confirm.error && !codeError
      ? confirm.error instanceof ApiError
        ? msg(confirm.error.bilingual)
        : t('common.networkError')
      : null;
  return (
    <div className="flex flex-col gap-6">
      {otherError && <NotificationBanner kind="error">{otherError}</NotificationBanner>}
      <ol className="flex flex-col gap-8">
        <li className="flex flex-col gap-4">
          <p className="text-std-17B-170">1. {t('enrol.step1')}</p>
          <img
            src={setup.data.qrDataUrl}
            alt={t('enrol.qrAlt')}
            width={220}
            height={220}
            className="rounded-8 border border-solid-gray-200"
          />
          <div className="flex flex-col gap-1">
            <p className="text-std-16N-170">{t('enrol.manual')}</p>
            <p className="flex flex-wrap items-baseline gap-3">
              <span className="text-std-16B-170">{t('enrol.secretLabel')}：</span>
              <code
                data-testid="totp-secret"
                data-secret={setup.data.secret}
                className="rounded-6 bg-solid-gray-50 px-3 py-1 text-[1.125rem] tracking-[0.08em] text-solid-gray-900"
              >
                {grouped(setup.data.secret)}
              </code>
            </p>
          </div>
        </li>
        <li>
          <form noValidate onSubmit={submit} className="flex flex-col gap-6">
            <TextField
              id={fieldId('code')}
              label={`2. ${t('enrol.step2')}`}
              required
              hideMarker
              width="s"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              inputClassName="font-mono tracking-[0.2em]"
              value={code}
              onChange={setCode}
              error={codeError || undefined}
            />
            <div>
              <Button type="submit" isPending={confirm.isPending}>
                {t('enrol.confirm')}
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
