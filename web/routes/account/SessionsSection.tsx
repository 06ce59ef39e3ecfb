import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, forgetSignedInData, get, keys, post, queryClient, type SessionInfo } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Table } from '../../components/Table.tsx';
import { formatDateTimeCompact } from '../../lib/dates.ts';
import { setFlash } from '../../lib/flash.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { Section } from './Section.tsx';

/** "Chrome 156 / Linux" from a user-agent string: enough to recognise one's own devices. */
export function describeAgent(ua: string | null): string {
  if (!ua) return '—';
  const browser =
    /Edg\/(\d+)/.exec(ua)?.[1] !== undefined
      ? `Edge ${/Edg\/(\d+)/.exec(ua)?.[1]}`
      : /Firefox\/(\d+)/.exec(ua)
        ? `Firefox ${/Firefox\/(\d+)/.exec(ua)?.[1]}`
        : /Chrom(?:e|ium)\/(\d+)/.exec(ua)
          ? `Chrome ${/Chrom(?:e|ium)\/(\d+)/.exec(ua)?.[1]}`
          : /Version\/(\d+).*Safari/.exec(ua)
            ? `Safari ${/Version\/(\d+)/.exec(ua)?.[1]}`
            : '';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Android/.test(ua)
          ? 'Android'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, os].filter(Boolean).join(' / ') || ua.slice(0, 40);
}

function When({ instant }: { instant: string }) {
  const f = formatDateTimeCompact(instant);
  return (
    <time dateTime={instant} title={f.full}>
      {f.short}
    </time>
  );
}

export function SessionsSection() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [notice, setNotice] = useState<string | null>(null);
  const [allOpen, setAllOpen] = useState(false);

  const list = useQuery({ queryKey: keys.sessions, queryFn: () => get<SessionInfo[]>('/account/sessions') });
  const end = useMutation({
    mutationFn: (id: string) => del(`/account/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setNotice(t('account.sessionEnded'));
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });
  const logoutAll = useMutation({
    mutationFn: () => post('/auth/logout-all'),
    onSuccess: () => {
      setFlash('loggedOutAll');
      forgetSignedInData();
    },
  });

  const columns: ColumnDef<SessionInfo, unknown>[] = [
    { header: t('account.sessionStarted'), cell: ({ row }) => <When instant={row.original.createdAt} /> },
    { header: t('account.sessionLastSeen'), cell: ({ row }) => <When instant={row.original.lastSeenAt} /> },
    { header: t('account.sessionIp'), cell: ({ row }) => row.original.clientIp ?? '—' },
    { header: t('account.sessionAgent'), cell: ({ row }) => describeAgent(row.original.userAgent) },
    {
      header: t('account.actions'),
      id: 'actions',
      cell: ({ row }) =>
        row.original.current ? (
          <span className="text-std-16B-170 text-green-900">{t('account.sessionCurrent')}</span>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            onPress={() => end.mutate(row.original.id)}
            isPending={end.isPending && end.variables === row.original.id}
          >
            {t('account.sessionEnd')}
          </Button>
        ),
    },
  ];

  const error = end.error ?? logoutAll.error;
  return (
    <Section id="sessions-title" title={t('account.sessionsSection')} lead={t('account.sessionsLead')}>
      {notice && <NotificationBanner kind="success">{notice}</NotificationBanner>}
      {error && (
        <NotificationBanner kind="error">
          {error instanceof ApiError ? msg(error.bilingual) : t('common.networkError')}
        </NotificationBanner>
      )}
      {list.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.isError ? (
        <NotificationBanner kind="error">{t('common.loadError')}</NotificationBanner>
      ) : (
        <Table
          caption={t('account.sessionsSection')}
          captionHidden
          columns={columns}
          data={list.data}
          rowKey={(s) => s.id}
        />
      )}
      <div>
        <Button variant="danger" size="sm" onPress={() => setAllOpen(true)}>
          {t('account.logoutAll')}
        </Button>
      </div>
      <ConfirmDialog
        isOpen={allOpen}
        onClose={() => setAllOpen(false)}
        onConfirm={() => logoutAll.mutate()}
        isPending={logoutAll.isPending}
        title={t('account.logoutAllTitle')}
        confirmLabel={t('account.logoutAllConfirm')}
      >
        <p>{t('account.logoutAllBody')}</p>
      </ConfirmDialog>
    </Section>
  );
}
