/** アカウント管理: every sign-in account of the 団体 — state, second factor, last sign-in — and what may be done. */

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { get, may, queryString, useMe } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { FilterChips } from '../../components/FilterChips.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Table } from '../../components/Table.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDateTimeCompact } from '../../lib/dates.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { useLandscapePrint } from '../../lib/print-orientation.ts';
import { Badge, Loaded, TABLE } from '../organisation/shared/ui.tsx';
import { AccountActions } from './AccountActions.tsx';
import { type Account, type AccountPage, adminKeys } from './types.ts';

const PAGE_SIZE = 50;

function AccountState({ a }: { a: Account }) {
  const { t } = useTranslation();
  return (
    <span className="flex flex-col items-start gap-1">
      {a.disabled ? (
        <Badge tone="off">{t('admin.state.disabled')}</Badge>
      ) : (
        <Badge tone="ok">{t('admin.state.enabled')}</Badge>
      )}
      {a.lockedUntil && <Badge tone="bad">{t('admin.state.locked')}</Badge>}
      {!a.disabled && a.passwordChangeRequired && (
        <span className="text-dns-14N-130 text-solid-gray-700">{t('admin.state.issuedPassword')}</span>
      )}
      {a.disabled && a.disabledReason && (
        <span className="text-dns-14N-130 text-solid-gray-700">{a.disabledReason}</span>
      )}
    </span>
  );
}

function mfaText(a: Account, t: (k: string, o?: Record<string, unknown>) => string): string {
  const parts = [
    a.mfa.totp ? t('admin.mfa.totp') : '',
    a.mfa.passkeys ? t('admin.mfa.passkeys', { count: a.mfa.passkeys }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join('・') : t('admin.mfa.none');
}

function When({ at }: { at: string | null }) {
  const { t } = useTranslation();
  if (!at) return <>{t('admin.never')}</>;
  const d = formatDateTimeCompact(at);
  return (
    <span title={d.full} className="whitespace-nowrap">
      <span aria-hidden="true" className="print:hidden">
        {d.short}
      </span>
      <span className="sr-only print:not-sr-only">{d.full}</span>
    </span>
  );
}

async function fetchAll(q: string | undefined): Promise<Account[]> {
  const all: Account[] = [];
  let cursor: string | null = null;
  do {
    const page: AccountPage = await get<AccountPage>(`/accounts${queryString({ q, limit: 200, cursor })}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export default function AccountsPage() {
  useLandscapePrint();
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('admin.title'));
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [input, setInput] = useState(q);
  useEffect(() => setInput(q), [q]);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts at the first page
  useEffect(() => setCursors([null]), [q]);
  const [done, setDone] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const apiParams = { q: q || undefined, limit: String(PAGE_SIZE), cursor: cursors[cursors.length - 1] ?? undefined };
  const accounts = useQuery({
    queryKey: adminKeys.accounts(apiParams),
    queryFn: () => get<AccountPage>(`/accounts${queryString(apiParams)}`),
    placeholderData: keepPreviousData,
  });
  const canCreate = may(me ?? undefined, 'account', 'create');

  const search = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (input.trim()) next.set('q', input.trim());
    else next.delete('q');
    setParams(next);
  };

  const columns: ColumnDef<Account, unknown>[] = [
    {
      id: 'loginId',
      header: t('admin.loginId'),
      cell: ({ row }) => <span className="font-mono">{row.original.loginId}</span>,
    },
    {
      id: 'person',
      header: t('admin.person'),
      cell: ({ row }) =>
        row.original.personId ? (
          <Link to={`/organisation/people/${row.original.personId}`}>{row.original.personName}</Link>
        ) : (
          t('admin.noPerson')
        ),
    },
    { id: 'state', header: t('admin.state.label'), cell: ({ row }) => <AccountState a={row.original} /> },
    { id: 'mfa', header: t('admin.mfa.label'), cell: ({ row }) => mfaText(row.original, t) },
    {
      id: 'admin',
      header: t('admin.platformAdmin'),
      cell: ({ row }) => (row.original.isPlatformAdmin ? <Badge tone="info">{t('admin.platformAdminYes')}</Badge> : ''),
    },
    { id: 'last', header: t('admin.lastLogin'), cell: ({ row }) => <When at={row.original.lastLoginAt} /> },
    {
      id: 'actions',
      header: t('org.common.actions'),
      cell: ({ row }) => (
        <span className="no-print">
          <AccountActions account={row.original} self={row.original.id === me?.user.id} onDone={setDone} />
        </span>
      ),
    },
  ];

  return (
    <div className="print-landscape flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Breadcrumb items={[{ label: t('admin.title') }]} />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <h1 className="text-std-32B-150 text-solid-gray-900">{t('admin.title')}</h1>
          {canCreate && (
            <ButtonLink to="/admin/accounts/new" variant="primary" size="md" className="no-print">
              {t('admin.create')}
            </ButtonLink>
          )}
        </div>
        <p className="max-w-[56rem] text-std-16N-170 text-solid-gray-800">{t('admin.lead')}</p>
      </div>
      {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
      <div className="no-print flex flex-col gap-4 rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-5">
        {/* biome-ignore lint/a11y/useSemanticElements: a search form is the landmark here; <search> is not yet announced everywhere */}
        <form
          role="search"
          aria-label={t('admin.searchLabel')}
          onSubmit={search}
          className="flex flex-wrap items-end gap-3"
        >
          <TextField
            id="accounts-q"
            label={t('admin.search')}
            help={t('admin.searchHelp')}
            type="search"
            value={input}
            onChange={setInput}
            width="m"
            hideMarker
          />
          <Button type="submit">{t('org.people.searchButton')}</Button>
        </form>
        <FilterChips
          chips={q ? [{ id: 'q', label: t('admin.chipQ', { value: q }) }] : []}
          label={t('org.people.chipsLabel')}
          onRemove={() => setParams(new URLSearchParams())}
          onClear={() => setParams(new URLSearchParams())}
          removeLabel={(label) => t('org.people.chipRemove', { label })}
          clearLabel={t('org.people.chipsClear')}
        />
      </div>
      <Loaded query={accounts}>
        {(page) => (
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <h2 className="text-std-20B-150 text-solid-gray-900" aria-live="polite">
                {t('admin.count', { count: page.total })}
              </h2>
              <div className="flex gap-3">
                <ExportMenu
                  what={t('admin.listName')}
                  isDisabled={page.total === 0}
                  build={async () => {
                    const all = await fetchAll(q || undefined);
                    return {
                      name: t('admin.title'),
                      header: [
                        t('admin.loginId'),
                        t('admin.person'),
                        t('admin.state.label'),
                        t('admin.state.locked'),
                        t('admin.mfa.label'),
                        t('admin.platformAdmin'),
                        t('admin.lastLogin'),
                        t('admin.createdAt'),
                      ],
                      rows: all.map((a) => [
                        a.loginId,
                        a.personName ?? '',
                        a.disabled ? t('admin.state.disabled') : t('admin.state.enabled'),
                        a.lockedUntil ? t('admin.state.locked') : '',
                        mfaText(a, t),
                        a.isPlatformAdmin ? t('admin.platformAdminYes') : '',
                        a.lastLoginAt ? formatDateTimeCompact(a.lastLoginAt).full : '',
                        formatDateTimeCompact(a.createdAt).full,
                      ]),
                      widths: [18, 16, 10, 10, 22, 14, 30, 30],
                    };
                  }}
                />
                <PrintButton what={t('admin.listName')} />
              </div>
            </div>
            <Table
              caption={t('admin.caption')}
              captionHidden
              columns={columns}
              data={page.items}
              rowKey={(a) => a.id}
              empty={q ? t('admin.noMatch') : t('admin.empty')}
              className={TABLE}
            />
            <Pagination
              total={page.total}
              from={(cursors.length - 1) * PAGE_SIZE + 1}
              shown={page.items.length}
              hasPrevious={cursors.length > 1}
              hasNext={!!page.nextCursor}
              onPrevious={() => setCursors((c) => c.slice(0, -1))}
              onNext={() => page.nextCursor && setCursors((c) => [...c, page.nextCursor])}
            />
          </div>
        )}
      </Loaded>
    </div>
  );
}
