import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, keys, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { Section } from './Section.tsx';

export function PasswordSection() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <Section id="password-title" title={t('account.passwordSection')}>
      {done && <NotificationBanner kind="success">{t('account.passwordChanged')}</NotificationBanner>}
      <PasswordChangeForm
        onSubmitting={() => setDone(false)}
        onChanged={() => {
          setDone(true);
          void queryClient.invalidateQueries({ queryKey: keys.sessions });
        }}
      />
    </Section>
  );
}

/**
 * Current password, new password twice. Used on the account page and on the page that makes a user replace a
 * password an administrator issued (web/routes/auth/ChangePasswordPage.tsx).
 */
export function PasswordChangeForm({
  onChanged,
  onSubmitting,
  currentLabel,
  submitLabel,
  variant = 'secondary',
}: {
  onChanged: () => void;
  onSubmitting?: () => void;
  currentLabel?: string;
  submitLabel?: string;
  variant?: 'primary' | 'secondary';
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const change = useMutation({
    mutationFn: () => post('/account/password', { current, next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      setErrors([]);
      onChanged();
    },
    onError: (e) => {
      setErrors(
        e instanceof ApiError && e.fields.length > 0
          ? e.fields
          : [
              {
                field: 'current',
                message:
                  e instanceof ApiError ? e.bilingual : { ja: t('common.networkError'), en: t('common.networkError') },
              },
            ],
      );
      setAttempt((n) => n + 1);
    },
  });

  const labels = {
    current: currentLabel ?? t('account.current'),
    next: t('account.next'),
    nextConfirm: t('account.nextConfirm'),
  };
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmitting?.();
    const problems: FieldError[] = [];
    if (!current) problems.push({ field: 'current', message: bi('account.currentMissing') });
    if ([...next].length < 12) problems.push({ field: 'next', message: bi('setup.passwordTooShort') });
    if (next && confirm !== next) problems.push({ field: 'nextConfirm', message: bi('setup.passwordMismatch') });
    if (problems.length > 0) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    change.mutate();
  }

  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6">
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      <TextField
        id={fieldId('current')}
        label={labels.current}
        required
        width="m"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        error={err('current')}
      />
      <TextField
        id={fieldId('next')}
        label={labels.next}
        required
        width="m"
        type="password"
        help={t('account.nextHelp')}
        autoComplete="new-password"
        value={next}
        onChange={setNext}
        error={err('next')}
      />
      <TextField
        id={fieldId('nextConfirm')}
        label={labels.nextConfirm}
        required
        width="m"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
        error={err('nextConfirm')}
      />
      <div>
        <Button type="submit" variant={variant} isPending={change.isPending}>
          {submitLabel ?? t('account.changePassword')}
        </Button>
      </div>
    </form>
  );
}
