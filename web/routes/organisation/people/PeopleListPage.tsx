/**
 * 職員等: search by name, ふりがな or 職員番号; filter by unit, status and 雇用区分 (chips); sort; cursor pages with
 * the count of results. Everything is asked of the server page by page — 5,000 people are never fetched at once
 * (the export alone walks every page of the current result, on request).
 */

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EMPLOYMENT_TYPES, PERSON_STATUSES } from '../../../../src/modules/organisation/contract.ts';
import { get, may, queryString, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { ExportMenu, exportFormatQuery } from '../../../components/ExportMenu.tsx';
import { FilterChips } from '../../../components/FilterChips.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Pagination } from '../../../components/Pagination.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useLandscapePrint } from '../../../lib/print-orientation.ts';
import { unitOptions, useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { orgKeys, type PeoplePage, type Person } from '../shared/types.ts';
import { Loaded, PageHead, TABLE } from '../shared/ui.tsx';
import { PersonStatusBadge } from './PersonStatusBadge.tsx';

const PAGE_SIZE = 50;

/** The list's state lives in the address (shareable, kept on 戻る); status defaults to 在職, "ALL" shows everyone. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'ACTIVE';
  const state = {
    q: params.get('q') ?? '',
    unitId: params.get('unitId') ?? '',
    status,
    employmentType: params.get('employmentType') ?? '',
    sort: params.get('sort') === 'staffNumber' ? 'staffNumber' : 'kana',
  };
  const set = (changes: Partial<typeof state>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (k === 'status') {
        if (v === 'ACTIVE') next.delete('status');
        else next.set('status', v || 'ALL');
      } else if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: false });
  };
  const apiParams = {
    q: state.q || undefined,
    unitId: state.unitId || undefined,
    status: state.status === 'ALL' ? undefined : state.status,
    employmentType: state.employmentType || undefined,
    sort: state.sort,
  };
  return { state, set, apiParams };
}

export async function fetchAllPeople(params: Record<string, string | undefined>): Promise<Person[]> {
  const all: Person[] = [];
  let cursor: string | null = null;
  do {
    const page: PeoplePage = await get<PeoplePage>(`/people${queryString({ ...params, limit: 200, cursor })}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export default function PeopleListPage() {
  useLandscapePrint();
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const { data: me } = useMe();
  const canCreate = may(me ?? undefined, 'person', 'create');
  const { state, set, apiParams } = useListParams();
  const units = useUnits({ includeClosed: true });
  const [query, setQuery] = useState(state.q);
  useEffect(() => setQuery(state.q), [state.q]);

  // Cursor pages: a stack of the cursors that led here, so 前へ goes back; any change of filters starts again.
  const filterKey = JSON.stringify(apiParams);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a change of filters only
  useEffect(() => setCursors([null]), [filterKey]);
  const cursor = cursors[cursors.length - 1];
  const params = { ...apiParams, limit: String(PAGE_SIZE), cursor: cursor ?? undefined };
  const people = useQuery({
    queryKey: orgKeys.people(params),
    queryFn: () => get<PeoplePage>(`/people${queryString(params)}`),
    placeholderData: keepPreviousData,
  });

  const unitLabel = (id: string) => units.data?.items.find((u) => u.id === id)?.path ?? id;
  const chips = [
    state.q && { id: 'q', label: t('org.people.chipQ', { value: state.q }) },
    state.unitId && { id: 'unitId', label: t('org.people.chipUnit', { value: unitLabel(state.unitId) }) },
    state.status !== 'ALL' && {
      id: 'status',
      label: t('org.people.chipStatus', { value: labels.status(state.status) }),
    },
    state.employmentType && {
      id: 'employmentType',
      label: t('org.people.chipType', { value: labels.employment(state.employmentType) }),
    },
  ].filter((c): c is { id: string; label: string } => !!c);

  const search = (e: FormEvent) => {
    e.preventDefault();
    set({ q: query.trim() });
  };

  const columns: ColumnDef<Person, unknown>[] = [
    {
      id: 'staffNumber',
      header: t('org.people.staffNumber'),
      cell: ({ row }) => <span className="font-mono">{row.original.staffNumber}</span>,
    },
    {
      id: 'name',
      header: t('org.people.nameKana'),
      cell: ({ row }) => (
        <span className="flex flex-col">
          <Link to={`/organisation/people/${row.original.id}`} className="font-bold">
            {row.original.name}
          </Link>
          <span className="text-dns-14N-130 text-solid-gray-700">
            {row.original.familyKana} {row.original.givenKana}
          </span>
        </span>
      ),
    },
    { id: 'unit', header: t('org.people.unit'), cell: ({ row }) => row.original.unitPath || t('org.people.noUnit') },
    { id: 'title', header: t('org.people.jobTitle'), cell: ({ row }) => row.original.title },
    {
      id: 'employment',
      header: t('org.people.employmentType'),
      cell: ({ row }) => labels.employment(row.original.employmentType),
    },
    { id: 'status', header: t('org.people.status'), cell: ({ row }) => <PersonStatusBadge person={row.original} /> },
  ];

  const filtered = chips.length > 0 && !(chips.length === 1 && state.status === 'ACTIVE');

  return (
    <div className="print-landscape flex flex-col gap-6">
      <PageHead
        title={t('org.people.title')}
        crumbs={[{ label: t('org.people.title') }]}
        lead={t('org.people.lead')}
        actions={
          canCreate && (
            <>
              <ButtonLink to="/organisation/people/import" variant="secondary" size="md">
                {t('org.people.import')}
              </ButtonLink>
              <ButtonLink to="/organisation/people/new" variant="primary" size="md">
                {t('org.people.add')}
              </ButtonLink>
            </>
          )
        }
      />

      <div className="no-print flex flex-col gap-4 rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-5">
        {/* biome-ignore lint/a11y/useSemanticElements: a search form is the landmark here; <search> is not yet announced everywhere */}
        <form
          role="search"
          aria-label={t('org.people.searchLabel')}
          onSubmit={search}
          className="flex flex-wrap items-end gap-3"
        >
          <TextField
            id="people-q"
            label={t('org.people.search')}
            help={t('org.people.searchHelp')}
            type="search"
            value={query}
            onChange={setQuery}
            width="l"
            hideMarker
          />
          <Button type="submit">{t('org.people.searchButton')}</Button>
        </form>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-4">
          <Select
            id="people-unit"
            hideMarker
            label={t('org.people.unit')}
            value={state.unitId}
            onChange={(v) => set({ unitId: v })}
            options={[{ value: '', label: t('org.people.allUnits') }, ...unitOptions(units.data?.items ?? [])]}
            width="full"
          />
          <Select
            id="people-status"
            hideMarker
            label={t('org.people.status')}
            value={state.status}
            onChange={(v) => set({ status: v })}
            options={[
              ...PERSON_STATUSES.map((s) => ({ value: s, label: labels.status(s) })),
              { value: 'ALL', label: t('org.people.allStatuses') },
            ]}
            width="full"
          />
          <Select
            id="people-type"
            hideMarker
            label={t('org.people.employmentType')}
            value={state.employmentType}
            onChange={(v) => set({ employmentType: v })}
            options={[
              { value: '', label: t('org.people.allTypes') },
              ...EMPLOYMENT_TYPES.map((e) => ({ value: e, label: labels.employment(e) })),
            ]}
            width="full"
          />
          <Select
            id="people-sort"
            hideMarker
            label={t('org.people.sort')}
            value={state.sort}
            onChange={(v) => set({ sort: v })}
            options={[
              { value: 'kana', label: t('org.people.sortKana') },
              { value: 'staffNumber', label: t('org.people.sortStaffNumber') },
            ]}
            width="full"
          />
        </div>
        <FilterChips
          chips={chips}
          label={t('org.people.chipsLabel')}
          onRemove={(id) => set({ [id]: id === 'status' ? 'ALL' : '' } as Partial<typeof state>)}
          onClear={() => set({ q: '', unitId: '', status: 'ALL', employmentType: '' })}
          removeLabel={(label) => t('org.people.chipRemove', { label })}
          clearLabel={t('org.people.chipsClear')}
        />
      </div>

      <Loaded query={people}>
        {(page) => (
          <div className="flex flex-col gap-3" aria-busy={people.isFetching || undefined}>
            <div className="flex flex-wrap items-end justify-between gap-3">
              <h2 className="text-std-20B-150 text-solid-gray-900" aria-live="polite">
                {t('org.people.resultCount', { count: page.total, formatted: page.total.toLocaleString('ja-JP') })}
              </h2>
              <div className="flex gap-3">
                <ExportMenu
                  what={t('org.people.listName')}
                  isDisabled={page.total === 0}
                  download={(f) => `/people/export${queryString({ ...apiParams, ...exportFormatQuery(f) })}`}
                />
                <PrintButton what={t('org.people.listName')} />
              </div>
            </div>
            {chips.length > 0 && <p className="print-only">{chips.map((c) => c.label).join('　')}</p>}
            {page.total === 0 ? (
              <NotificationBanner
                kind="info"
                live={false}
                title={filtered ? t('org.people.noMatch') : t('org.people.emptyTitle')}
              >
                {filtered ? (
                  t('org.people.noMatchLead')
                ) : canCreate ? (
                  <span>
                    {t('org.people.emptyManage')} <Link to="/organisation/people/new">{t('org.people.add')}</Link>
                    {' ／ '}
                    <Link to="/organisation/people/import">{t('org.people.import')}</Link>
                  </span>
                ) : (
                  t('org.people.empty')
                )}
              </NotificationBanner>
            ) : (
              <>
                <Table
                  caption={t('org.people.caption')}
                  captionHidden
                  columns={columns}
                  data={page.items}
                  rowKey={(p) => p.id}
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
              </>
            )}
          </div>
        )}
      </Loaded>
    </div>
  );
}
