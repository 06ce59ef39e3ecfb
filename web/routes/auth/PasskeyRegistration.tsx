import { startRegistration } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';

type RegistrationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];

/**
 * Registers a passkey on this device (WebAuthn through @simplewebauthn/browser). Calls onRegistered with the
 * recovery codes when the server issued them (the first MFA method), or null.
 */
export function PasskeyRegistration({
  onRegistered,
  buttonLabel,
  buttonVariant = 'primary',
}: {
  onRegistered: (recoveryCodes: string[] | null) => void;
  buttonLabel: string;
  buttonVariant?: 'primary' | 'secondary';
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [label, setLabel] = useState('');
  const [browserFailed, setBrowserFailed] = useState(false);

  const register = useMutation({
    mutationFn: async () => {
      setBrowserFailed(false);
      const optionsJSON = await post<RegistrationOptions>('/account/passkeys/options');
      let response: Awaited<ReturnType<typeof startRegistration>>;
      try {
        response = await startRegistration({ optionsJSON });
      } catch {
        setBrowserFailed(true);
        return undefined;
      }
      return post<{ id: string; recoveryCodes: string[] | null }>('/account/passkeys', {
        response,
        ...(label.trim() ? { label: label.trim() } : {}),
      });
    },
    onSuccess: (r) => {
      if (r) {
        setLabel('');
        onRegistered(r.recoveryCodes);
      }
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    register.mutate();
  }

  const error =
    register.error instanceof ApiError
      ? msg(register.error.bilingual)
      : register.error
        ? t('common.networkError')
        : null;
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6">
      {error && <NotificationBanner kind="error">{error}</NotificationBanner>}
      {browserFailed && <NotificationBanner kind="warning">{t('enrol.passkeyFailed')}</NotificationBanner>}
      <TextField
        id={fieldId('passkeyLabel')}
        label={t('enrol.passkeyLabel')}
        help={t('enrol.passkeyLabelHelp')}
        width="m"
        maxLength={40}
        value={label}
        onChange={setLabel}
      />
      <div>
        <Button type="submit" variant={buttonVariant} isPending={register.isPending}>
          {buttonLabel}
        </Button>
      </div>
    </form>
  );
}
