/**
 * 情報資産管理台帳の一覧: server-side filter, sort and search, a page at a time (cursor), the count in a separate
 * request, the same filters exported to .xlsx / CSV by the server, and row selection for 一括の分類変更.
 * Nothing loads more than one page, so the register can hold 100,000 assets.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, may, queryString, useMe } from '../../api.ts';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { FilterChips } from '../../components/FilterChips.tsx';
import { Loaded, useCursorPager } from '../../components/PageParts.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { todayInJapan, toWarekiShort, toWarekiWithSeireki } from '../../lib/dates.ts';
import { useLandscapePrint } from '../../lib/print-orientation.ts';
import { AXIS_KEYS, useUnits } from './hooks.ts';
import { FILTER_KEYS, type Filters, ListFilters, type Sorting } from './ListFilters.tsx';
import { ReclassifyDialog } from './ReclassifyDialog.tsx';
import { ASSET_MEDIUM_LABELS, ASSET_TIER_LABELS, type AssetItem, type AssetPage, assetKeys } from './types.ts';

const LIMIT = 50;
const nf = new Intl.NumberFormat('ja-JP');

/** The API's filter parameters from the page's (review overdue = due before today). */
function apiFilter(f: Filters): Record<string, string | undefined> {
  const { reviewOverdue, ...rest } = f;
  return { ...rest, reviewDueBefore: reviewOverdue === 'true' ? todayInJapan() : undefined };
}

function Flags({ a }: { a: AssetItem }) {
  const { t } = useTranslation();
  const flags = [
    a.hasSpecificPersonal && t('assets.fields.specificPersonalShort'),
    a.hasSensitivePersonal && t('assets.fields.sensitivePersonalShort'),
    a.hasPersonal && !a.hasSpecificPersonal && !a.hasSensitivePersonal && t('assets.fields.personalShort'),
  ].filter(Boolean);
  return flags.length ? <>{flags.join('・')}</> : <span className="text-solid-gray-700">—</span>;
}

function Levels({ a }: { a: AssetItem }) {
  const { t } = useTranslation();
  if (!a.classified)
    return (
      <strong className="print-badge rounded-4 border border-red-900 px-1 text-red-900">
        {t('assets.unclassified')}
      </strong>
    );
  return (
    <span className="whitespace-nowrap">
      {AXIS_KEYS.map((axis) => (
        <span key={axis} className="block">
          {a[axis]?.name ?? `${t(`assets.fields.${axis}`)}${t('assets.unclassified')}`}
        </span>
      ))}
      {a.belowRequired && (
        <span className="block text-std-16B-170 text-red-900">⚠ {t('assets.list.belowRequired')}</span>
      )}
    </span>
  );
}

function AssetTable({
  items,
  selectable,
  selected,
  onToggle,
  onToggleAll,
}: {
  items: AssetItem[];
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: (ids: string[], on: boolean) => void;
}) {
  const { t } = useTranslation();
  const allOn = items.length > 0 && items.every((a) => selected.has(a.id));
  return (
    <div className="print-table-full w-full overflow-x-auto">
      <table className="w-full border-collapse text-left text-std-16N-170">
        <caption className="sr-only">{t('assets.list.caption')}</caption>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            {selectable && (
              <th scope="col" className="no-print px-3 py-3">
                <input
                  type="checkbox"
                  className="size-6 accent-blue-900"
                  checked={allOn}
                  onChange={(e) =>
                    onToggleAll(
                      items.map((a) => a.id),
                      e.target.checked,
                    )
                  }
                  aria-label={t('assets.list.selectPage')}
                />
              </th>
            )}
            {['ref', 'name', 'unit', 'medium', 'tier', 'classification', 'personal', 'nextReview'].map((k) => (
              <th key={k} scope="col" className="px-3 py-3 align-bottom text-std-16B-170 text-solid-gray-900">
                {t(`assets.list.columns.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} className="border-b border-solid-gray-200 align-top">
              {selectable && (
                <td className="no-print px-3 py-3">
                  <input
                    type="checkbox"
                    className="size-6 accent-blue-900"
                    checked={selected.has(a.id)}
                    onChange={() => onToggle(a.id)}
                    aria-label={t('assets.list.selectOne', { name: a.name })}
                  />
                </td>
              )}
              <td className="px-3 py-3 whitespace-nowrap">{a.ref}</td>
              <td className="px-3 py-3">
                <Link to={`/assets/${a.id}`} className="text-blue-1000 underline underline-offset-[3px]">
                  {a.name}
                </Link>
                {a.status === 'DISPOSED' && <span className="ml-2 text-solid-gray-700">（{a.statusLabel}）</span>}
              </td>
              <td className="px-3 py-3">{a.unitPath ?? <span className="text-red-900">{t('assets.noOwner')}</span>}</td>
              <td className="px-3 py-3">
                {ASSET_MEDIUM_LABELS[a.medium as keyof typeof ASSET_MEDIUM_LABELS] ?? a.mediumLabel}
              </td>
              <td className="px-3 py-3">
                {ASSET_TIER_LABELS[a.tier as keyof typeof ASSET_TIER_LABELS] ?? a.tierLabel}
              </td>
              <td className="px-3 py-3">
                <Levels a={a} />
              </td>
              <td className="px-3 py-3">
                <Flags a={a} />
              </td>
              <td className="px-3 py-3 whitespace-nowrap">
                <time dateTime={a.reviewDueOn} title={toWarekiWithSeireki(a.reviewDueOn)}>
                  {toWarekiShort(a.reviewDueOn)}
                </time>
                {a.reviewOverdue && (
                  <span className="block text-std-16B-170 text-red-900">⚠ {t('assets.list.overdue')}</span>
                )}
              </td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr className="border-b border-solid-gray-200">
              <td colSpan={selectable ? 9 : 8} className="px-4 py-6 text-solid-gray-700">
                {t('assets.list.empty')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** One filtered list: count, export, table, paging, selection. Keyed by the filters, so a change starts again. */
function Results({ filters, sorting }: { filters: Filters; sorting: Sorting }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = may(me ?? undefined, 'asset', 'manage');
  const pager = useCursorPager();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const f = apiFilter(filters);
  const listQs = queryString({
    ...f,
    sort: sorting.sort,
    order: sorting.order,
    limit: LIMIT,
    cursor: pager.cursor ?? undefined,
  });
  const list = useQuery({
    queryKey: assetKeys.list(listQs),
    queryFn: () => get<AssetPage>(`/assets${listQs}`),
    placeholderData: keepPreviousData,
  });
  const countQs = queryString(f);
  const count = useQuery({
    queryKey: assetKeys.count(countQs),
    queryFn: () => get<{ total: number }>(`/assets/count${countQs}`),
  });
  const exportHref = (format: 'xlsx' | 'csv', encoding?: 'utf8' | 'sjis') =>
    `/api/v1/assets/export${queryString({ ...f, sort: sorting.sort, format, encoding })}`;
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const toggleAll = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      for (const id of ids)
        if (on) n.add(id);
        else n.delete(id);
      return n;
    });

  return (
    <section aria-labelledby="asset-list-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="asset-list-title" className="text-std-24B-150">
            {t('assets.list.resultsTitle')}
          </h2>
          <p className="text-std-16N-170 text-solid-gray-800" aria-live="polite" data-testid="asset-count">
            {count.data ? t('assets.list.count', { count: nf.format(count.data.total) }) : ''}
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-x-5 gap-y-1">
          <span className="text-std-16B-170">{t('assets.list.export')}</span>
          <a
            href={exportHref('xlsx')}
            download
            className="inline-flex min-h-11 items-center text-std-16N-170 text-blue-1000 underline"
          >
            {t('assets.list.exportXlsx')}
          </a>
          <a
            href={exportHref('csv', 'utf8')}
            download
            className="inline-flex min-h-11 items-center text-std-16N-170 text-blue-1000 underline"
          >
            {t('assets.list.exportCsv')}
          </a>
          <a
            href={exportHref('csv', 'sjis')}
            download
            className="inline-flex min-h-11 items-center text-std-16N-170 text-blue-1000 underline"
          >
            {t('assets.list.exportSjis')}
          </a>
        </div>
      </div>
      {canManage && (
        <div className="no-print flex flex-wrap items-center gap-4 rounded-8 border border-solid-gray-200 px-4 py-2">
          <p aria-live="polite" className="text-std-16N-170">
            {t('assets.list.selected', { count: selected.size })}
          </p>
          <Button variant="secondary" size="sm" isDisabled={selected.size === 0} onPress={() => setDialog(true)}>
            {t('assets.reclassify.open')}
          </Button>
          {selected.size > 0 && (
            <Button variant="tertiary" size="sm" onPress={() => setSelected(new Set())}>
              {t('assets.list.clearSelection')}
            </Button>
          )}
          <p role="status" className="text-std-16B-170 text-green-900">
            {done ?? ''}
          </p>
        </div>
      )}
      <Loaded query={list}>
        {(data) => (
          <>
            <AssetTable
              items={data.items}
              selectable={canManage}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
            />
            <Pagination
              total={count.data?.total}
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
      {dialog && (
        <ReclassifyDialog
          assetIds={[...selected]}
          onClose={() => setDialog(false)}
          onDone={(r) => {
            setDialog(false);
            setSelected(new Set());
            setDone(t('assets.reclassify.done', { changed: r.changed, unchanged: r.unchanged }));
          }}
        />
      )}
    </section>
  );
}

export function AssetListPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const units = useUnits();
  useLandscapePrint();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const sorting: Sorting = { sort: params.get('sort') ?? 'ref', order: params.get('order') ?? '' };
  const key = JSON.stringify([filters, sorting]);
  const apply = (next: Filters, s: Sorting) => {
    const clean: Record<string, string> = {};
    for (const k of FILTER_KEYS) if (next[k]) clean[k] = next[k] as string;
    if (s.sort && s.sort !== 'ref') clean.sort = s.sort;
    if (s.order) clean.order = s.order;
    setParams(clean);
  };
  const chipValue = (k: string, v: string): string => {
    if (k === 'unitId') return units.data?.items.find((u) => u.id === v)?.path ?? v;
    if (k === 'medium') return ASSET_MEDIUM_LABELS[v as keyof typeof ASSET_MEDIUM_LABELS] ?? v;
    if (k === 'tier') return ASSET_TIER_LABELS[v as keyof typeof ASSET_TIER_LABELS] ?? v;
    if (k === 'unclassified') return t(v === 'true' ? 'assets.list.unclassifiedOnly' : 'assets.list.classifiedOnly');
    if (k === 'reviewOverdue') return t('assets.list.reviewOverdue');
    if (k === 'status') return t(v === 'ALL' ? 'assets.list.statusAll' : 'assets.list.statusDisposed');
    if (v === 'true') return t('assets.list.yes');
    if (v === 'false') return t('assets.list.no');
    return v;
  };
  const chipLabel = (k: string) =>
    k === 'q'
      ? t('assets.list.q')
      : k === 'unclassified'
        ? t('assets.list.classification')
        : k === 'reviewOverdue'
          ? t('assets.list.review')
          : t(`assets.fields.${k === 'unitId' ? 'unit' : k}`);
  const chips = FILTER_KEYS.filter((k) => filters[k]).map((k) => ({
    id: k,
    label: `${chipLabel(k)}：${chipValue(k, filters[k] as string)}`,
  }));
  return (
    <div className="flex flex-col gap-5">
      <div className="no-print flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-[48rem] text-std-16N-170">{t('assets.list.lead')}</p>
        <div className="flex flex-wrap gap-3">
          {may(me ?? undefined, 'asset', 'manage') && (
            <ButtonLink to="/assets/new" variant="primary" size="md">
              {t('assets.list.new')}
            </ButtonLink>
          )}
          <PrintButton what={t('assets.title')} />
        </div>
      </div>
      <ListFilters key={`form:${key}`} filters={filters} sorting={sorting} onApply={apply} />
      <FilterChips
        chips={chips}
        label={t('assets.list.chips')}
        removeLabel={(c) => t('assets.list.removeChip', { label: c })}
        clearLabel={t('assets.list.clearChips')}
        onRemove={(id) => apply({ ...filters, [id]: undefined }, sorting)}
        onClear={() => apply({}, sorting)}
      />
      <Results key={`list:${key}`} filters={filters} sorting={sorting} />
    </div>
  );
}
