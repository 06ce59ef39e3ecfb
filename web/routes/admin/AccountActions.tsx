/** What an administrator may do to one account; each change is confirmed with what it means for the user. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, patch, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { FormDialog } from '../organisation/shared/FormDialog.tsx';
import { useFormErrors } from '../organisation/shared/ui.tsx';
import { type Account, adminKeys } from './types.ts';

type Action = 'disable' | 'enable' | 'unlock' | 'resetMfa' | 'password';

const refresh = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: adminKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['org'] }),
  ]);

function PasswordDialog({
  account,
  onClose,
  onDone,
}: {
  account: Account;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const errors = useFormErrors();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const save = useMutation({
    mutationFn: () => post(`/accounts/${account.id}/password`, { password }),
    onSuccess: async () => {
      await refresh();
      onDone(t('admin.done.password', { loginId: account.loginId }));
    },
    onError: errors.fromError,
  });
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  function submit() {
    const problems: FieldError[] = [];
    if ([...password].length < 12) problems.push({ field: 'password', message: bi('setup.passwordTooShort') });
    if (password && confirm !== password)
      problems.push({ field: 'passwordConfirm', message: bi('setup.passwordMismatch') });
    if (problems.length) return errors.local(problems);
    save.mutate();
  }
  return (
    <FormDialog
      isOpen
      onClose={onClose}
      title={t('admin.password.title', { loginId: account.loginId })}
      submitLabel={t('admin.password.submit')}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <p>{t('admin.password.lead')}</p>
      <TextField
        id={fieldId('password')}
        label={t('admin.password.new')}
        required
        type="password"
        autoComplete="new-password"
        help={t('setup.passwordHelp')}
        value={password}
        onChange={setPassword}
        error={errors.err('password')}
        width="m"
      />
      <TextField
        id={fieldId('passwordConfirm')}
        label={t('admin.password.confirm')}
        required
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
        error={errors.err('passwordConfirm')}
        width="m"
      />
    </FormDialog>
  );
}

export function AccountActions({
  account,
  self,
  onDone,
}: {
  account: Account;
  self: boolean;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [action, setAction] = useState<Action | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (a: Action) => {
      switch (a) {
        case 'disable':
          return patch(`/accounts/${account.id}`, { disabled: true });
        case 'enable':
          return patch(`/accounts/${account.id}`, { disabled: false });
        case 'unlock':
          return post(`/accounts/${account.id}/unlock`);
        default:
          return post(`/accounts/${account.id}/reset-mfa`);
      }
    },
    onSuccess: async (_r, a) => {
      await refresh();
      setAction(null);
      onDone(t(`admin.done.${a}`, { loginId: account.loginId }));
    },
    onError: (e) => setFailure(e instanceof ApiError ? msg(e.bilingual) : t('common.networkError')),
  });
  const items: Array<{ id: Action; label: string }> = [
    !self &&
      (account.disabled
        ? { id: 'enable' as const, label: t('admin.action.enable') }
        : { id: 'disable' as const, label: t('admin.action.disable') }),
    account.lockedUntil && { id: 'unlock' as const, label: t('admin.action.unlock') },
    !self && { id: 'resetMfa' as const, label: t('admin.action.resetMfa') },
    !self && { id: 'password' as const, label: t('admin.action.password') },
  ].filter((i): i is { id: Action; label: string } => !!i);
  if (items.length === 0) return <span className="text-dns-14N-130 text-solid-gray-700">{t('admin.selfNote')}</span>;

  return (
    <>
      <MenuTrigger>
        <Button variant="secondary" size="sm" aria-label={t('admin.actionsFor', { loginId: account.loginId })}>
          {t('org.common.actions')}
          <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-current">
            <path d="M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z" />
          </svg>
        </Button>
        <Popover
          placement="bottom end"
          className="min-w-[14rem] rounded-8 border border-solid-gray-420 bg-white py-2 shadow-2"
        >
          <Menu
            aria-label={t('admin.actionsFor', { loginId: account.loginId })}
            onAction={(key) => {
              setFailure(null);
              setAction(key as Action);
            }}
            className="flex flex-col outline-none"
          >
            {items.map((i) => (
              <MenuItem
                key={i.id}
                id={i.id}
                className="flex min-h-11 cursor-pointer items-center px-4 py-2 text-std-16N-170 text-solid-gray-900 outline-none data-[focused]:bg-blue-50 data-[focused]:text-blue-1000 data-[focused]:underline"
              >
                {i.label}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      {action === 'password' && (
        <PasswordDialog
          account={account}
          onClose={() => setAction(null)}
          onDone={(text) => {
            setAction(null);
            onDone(text);
          }}
        />
      )}
      {action && action !== 'password' && (
        <ConfirmDialog
          isOpen
          onClose={() => setAction(null)}
          onConfirm={() => run.mutate(action)}
          isPending={run.isPending}
          danger={action === 'disable' || action === 'resetMfa'}
          title={t(`admin.confirm.${action}.title`, { loginId: account.loginId, name: account.personName ?? '' })}
          confirmLabel={t(`admin.confirm.${action}.submit`)}
        >
          {failure && <NotificationBanner kind="error">{failure}</NotificationBanner>}
          <p>{t(`admin.confirm.${action}.body`)}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
