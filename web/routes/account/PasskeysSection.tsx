import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, keys, type PasskeyInfo, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Table } from '../../components/Table.tsx';
import { formatDateTimeCompact } from '../../lib/dates.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { PasskeyRegistration } from '../auth/PasskeyRegistration.tsx';
import { RecoveryCodes } from '../auth/RecoveryCodes.tsx';
import { Section } from './Section.tsx';

function When({ instant }: { instant: string | null }) {
  const { t } = useTranslation();
  if (!instant) return <span className="text-solid-gray-700">{t('account.never')}</span>;
  const f = formatDateTimeCompact(instant);
  return (
    <time dateTime={instant} title={f.full}>
      {f.short}
    </time>
  );
}

export function PasskeysSection() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [notice, setNotice] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<PasskeyInfo | null>(null);

  const list = useQuery({ queryKey: keys.passkeys, queryFn: () => get<PasskeyInfo[]>('/account/passkeys') });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/account/passkeys/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setRemoving(null);
      setNotice(t('account.passkeyRemoved'));
      void queryClient.invalidateQueries({ queryKey: keys.passkeys });
      void queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });

  const columns: ColumnDef<PasskeyInfo, unknown>[] = [
    { header: t('account.passkeyName'), accessorKey: 'label' },
    { header: t('account.passkeyCreated'), cell: ({ row }) => <When instant={row.original.createdAt} /> },
    { header: t('account.passkeyLastUsed'), cell: ({ row }) => <When instant={row.original.lastUsedAt} /> },
    {
      header: t('account.actions'),
      id: 'actions',
      cell: ({ row }) => (
        <Button variant="danger" size="sm" onPress={() => setRemoving(row.original)}>
          {t('common.delete')}
          <span className="sr-only">：{row.original.label}</span>
        </Button>
      ),
    },
  ];

  if (codes) {
    return (
      <Section id="passkeys-title" title={t('account.passkeySection')}>
        <RecoveryCodes codes={codes} onDone={() => setCodes(null)} doneLabel={t('recovery.done')} />
      </Section>
    );
  }

  return (
    <Section id="passkeys-title" title={t('account.passkeySection')}>
      {notice && <NotificationBanner kind="success">{notice}</NotificationBanner>}
      {remove.error && (
        <NotificationBanner kind="error">
          {remove.error instanceof ApiError ? msg(remove.error.bilingual) : t('common.networkError')}
        </NotificationBanner>
      )}
      {list.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.isError ? (
        <NotificationBanner kind="error">{t('common.loadError')}</NotificationBanner>
      ) : (
        <Table
          caption={t('account.passkeySection')}
          captionHidden
          columns={columns}
          data={list.data}
          rowKey={(p) => p.id}
          empty={t('account.passkeyEmpty')}
        />
      )}
      <div className="rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-6">
        <PasskeyRegistration
          buttonLabel={t('account.passkeyAdd')}
          buttonVariant="secondary"
          onRegistered={(c) => {
            setNotice(t('account.passkeyAdded'));
            void queryClient.invalidateQueries({ queryKey: keys.passkeys });
            void queryClient.invalidateQueries({ queryKey: keys.me });
            if (c) setCodes(c);
          }}
        />
      </div>
      <ConfirmDialog
        isOpen={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id)}
        isPending={remove.isPending}
        title={t('account.passkeyRemoveTitle', { label: removing?.label ?? '' })}
        confirmLabel={t('common.delete')}
      >
        <p>{t('account.passkeyRemoveBody')}</p>
      </ConfirmDialog>
    </Section>
  );
}
