import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, keys, type Me, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog, Dialog } from '../../components/Dialog.tsx';
import { CheckIcon, InfoIcon } from '../../components/Icons.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { RecoveryCodes } from '../auth/RecoveryCodes.tsx';
import { TotpEnrolment } from '../auth/TotpEnrolment.tsx';
import { Section } from './Section.tsx';

const refreshMe = () => queryClient.invalidateQueries({ queryKey: keys.me });

function Status({ on, onText, offText }: { on: boolean; onText: string; offText: string }) {
  return on ? (
    <span className="inline-flex items-center gap-1 text-std-16B-170 text-green-900">
      <CheckIcon size={20} />
      {onText}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-std-16B-170 text-solid-gray-700">
      <InfoIcon size={20} />
      {offText}
    </span>
  );
}

/** 認証アプリ (set up / remove) and 回復コード (count, regenerate). */
export function MfaSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [settingUp, setSettingUp] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [removeOpen, setRemoveOpen] = useState(false);
  const [regenOpen, setRegenOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [removeErrors, setRemoveErrors] = useState<FieldError[]>([]);

  const remove = useMutation({
    mutationFn: () => post('/account/totp/remove', { password }),
    onSuccess: () => {
      setRemoveOpen(false);
      setPassword('');
      setRemoveErrors([]);
      setNotice(t('account.totpRemoved'));
      void refreshMe();
    },
    onError: (e) => setRemoveErrors(e instanceof ApiError ? e.fields : []),
  });
  const regenerate = useMutation({
    mutationFn: () => post<{ recoveryCodes: string[] }>('/account/recovery-codes'),
    onSuccess: (r) => {
      setRegenOpen(false);
      setNotice(null);
      setCodes(r.recoveryCodes);
      void refreshMe();
    },
  });

  const removeFieldError = msg(errorsByField(removeErrors).get('password')) || undefined;
  const removeOtherError =
    remove.error && !removeFieldError
      ? remove.error instanceof ApiError
        ? msg(remove.error.bilingual)
        : t('common.networkError')
      : null;

  if (codes) {
    return (
      <Section id="mfa-title" title={t('account.mfaSection')}>
        <RecoveryCodes codes={codes} onDone={() => setCodes(null)} doneLabel={t('recovery.done')} />
      </Section>
    );
  }

  return (
    <Section id="mfa-title" title={t('account.mfaSection')}>
      {notice && <NotificationBanner kind="success">{notice}</NotificationBanner>}
      {regenerate.error && (
        <NotificationBanner kind="error">
          {regenerate.error instanceof ApiError ? msg(regenerate.error.bilingual) : t('common.networkError')}
        </NotificationBanner>
      )}
      <dl className="grid grid-cols-[12rem_1fr] gap-x-6 gap-y-3 text-std-16N-170">
        <dt className="font-bold">{t('account.totpStatus')}</dt>
        <dd>
          <Status on={me.mfa.totp} onText={t('account.enabled')} offText={t('account.disabled')} />
        </dd>
        <dt className="font-bold">{t('account.passkeySection')}</dt>
        <dd>{t('common.count', { count: me.mfa.passkeys })}</dd>
        <dt className="font-bold">{t('account.recoverySection')}</dt>
        <dd>{t('account.recoveryLeftShort', { count: me.mfa.recoveryCodesLeft })}</dd>
      </dl>

      {settingUp && !me.mfa.totp ? (
        <div className="rounded-8 border border-solid-gray-200 p-6">
          <TotpEnrolment
            onEnrolled={(c) => {
              setSettingUp(false);
              setNotice(t('account.totpEnabled'));
              setCodes(c);
              void refreshMe();
            }}
          />
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          {me.mfa.totp ? (
            <Button variant="danger" size="sm" onPress={() => setRemoveOpen(true)}>
              {t('account.totpRemove')}
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onPress={() => setSettingUp(true)}>
              {t('account.totpSetup')}
            </Button>
          )}
          {(me.mfa.totp || me.mfa.passkeys > 0) && (
            <Button variant="secondary" size="sm" onPress={() => setRegenOpen(true)}>
              {t('account.recoveryRegenerate')}
            </Button>
          )}
        </div>
      )}

      <Dialog
        isOpen={removeOpen}
        onClose={() => {
          setRemoveOpen(false);
          setPassword('');
          setRemoveErrors([]);
          remove.reset();
        }}
        title={t('account.totpRemoveTitle')}
        role="alertdialog"
        actions={
          <>
            <Button variant="secondary" onPress={() => setRemoveOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" isPending={remove.isPending} onPress={() => remove.mutate()}>
              {t('account.totpRemove')}
            </Button>
          </>
        }
      >
        <p>{t('account.totpRemoveBody')}</p>
        {removeOtherError && <NotificationBanner kind="error">{removeOtherError}</NotificationBanner>}
        <TextField
          id={fieldId('removePassword')}
          label={t('login.password')}
          required
          width="full"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={removeFieldError}
        />
      </Dialog>

      <ConfirmDialog
        isOpen={regenOpen}
        onClose={() => setRegenOpen(false)}
        onConfirm={() => regenerate.mutate()}
        isPending={regenerate.isPending}
        title={t('account.recoveryRegenerateTitle')}
        confirmLabel={t('account.recoveryRegenerateConfirm')}
      >
        <p>{t('account.recoveryRegenerateBody')}</p>
      </ConfirmDialog>
    </Section>
  );
}
