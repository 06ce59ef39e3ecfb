/**
 * 原本提供の申請: the requests waiting for the caller's decision (情報セキュリティ管理者・責任者), the caller's own
 * requests, or all they may see. Each opens on its message's page, where it is decided.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, may, queryString, useMe } from '../../api.ts';
import { InstantText, Loaded, useCursorPager } from '../../components/PageParts.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { Select } from '../../components/Select.tsx';
import { Table } from '../../components/Table.tsx';
import { fieldId } from '../../lib/forms.ts';
import { ReleaseStatusBadge } from './parts.tsx';
import { type ReleaseItem, type ReleasePage, sanitizerKeys } from './types.ts';

const LIMIT = 50;

export default function RequestsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const decider = may(me ?? undefined, 'sanitizer', 'decide');
  const [params, setParams] = useSearchParams();
  const views = decider ? (['toDecide', 'mine', 'all'] as const) : (['mine', 'all'] as const);
  const requested = params.get('view') ?? '';
  const view = (views as readonly string[]).includes(requested) ? requested : views[0];
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: sanitizerKeys.releases(view, pager.cursor),
    queryFn: () =>
      get<ReleasePage>(
        `/sanitizer/release-requests${queryString({
          toDecide: view === 'toDecide' ? 'true' : undefined,
          mine: view === 'mine' ? 'true' : undefined,
          limit: LIMIT,
          cursor: pager.cursor ?? undefined,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnDef<ReleaseItem, unknown>[] = [
    {
      id: 'at',
      header: t('sanitizer.requests.requestedAt'),
      cell: ({ row }) => <InstantText instant={row.original.createdAt} />,
    },
    {
      id: 'subject',
      header: t('sanitizer.requests.subject'),
      cell: ({ row }) => (
        <Link to={`/sanitizer/messages/${row.original.messageId}`}>
          {row.original.message.subject || t('sanitizer.list.noSubject')}
        </Link>
      ),
    },
    { id: 'requester', header: t('sanitizer.requests.requester'), cell: ({ row }) => row.original.requester.label },
    { id: 'unit', header: t('sanitizer.requests.unit'), cell: ({ row }) => row.original.unit.name ?? '—' },
    {
      id: 'status',
      header: t('sanitizer.requests.status'),
      cell: ({ row }) => <ReleaseStatusBadge status={row.original.status} />,
    },
  ];
  return (
    <div className="flex flex-col gap-6">
      <p className="text-std-16N-170">{t('sanitizer.requests.lead')}</p>
      <div className="no-print">
        <Select
          id={fieldId('view')}
          label={t('sanitizer.requests.filter')}
          value={view}
          onChange={(v) => {
            pager.reset();
            setParams({ view: v });
          }}
          options={views.map((v) => ({ value: v, label: t(`sanitizer.requests.${v}`) }))}
        />
      </div>
      <Loaded query={query}>
        {(data) => (
          <>
            <Table
              caption={t('sanitizer.requests.caption')}
              columns={columns}
              data={data.items}
              rowKey={(r) => r.id}
              empty={t('sanitizer.requests.empty')}
            />
            <Pagination
              from={pager.pageIndex * LIMIT + 1}
              shown={data.items.length}
              hasPrevious={pager.pageIndex > 0}
              hasNext={!!data.nextCursor}
              onPrevious={pager.previous}
              onNext={() => data.nextCursor && pager.next(data.nextCursor)}
            />
          </>
        )}
      </Loaded>
    </div>
  );
}
