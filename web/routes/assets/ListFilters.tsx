/**
 * 絞り込み of the register: search, 所管課室, 媒体, 系, C/I/A levels, personal-data flags, unclassified, review overdue,
 * status, and 並べ替え. The filters live in the address (?unitId=…), so a filtered list can be bookmarked and shared.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSET_SORTS } from '../../../src/modules/assets/contract.ts';
import { Button } from '../../components/Button.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { AXIS_KEYS, levelOptionsAcrossSchemes, useSchemes, useUnits } from './hooks.ts';
import { ASSET_MEDIA, ASSET_MEDIUM_LABELS, ASSET_TIER_LABELS, ASSET_TIERS } from './types.ts';

export const FILTER_KEYS = [
  'q',
  'unitId',
  'medium',
  'tier',
  'confidentiality',
  'integrity',
  'availability',
  'personal',
  'specificPersonal',
  'sensitivePersonal',
  'unclassified',
  'reviewOverdue',
  'status',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;
export interface Sorting {
  sort: string;
  order: string;
}

export const FLAG_KEYS = ['personal', 'specificPersonal', 'sensitivePersonal'] as const;
/** Filters behind 「詳細な条件」; the panel opens by itself when one of them is in force. */
const ADVANCED: FilterKey[] = [
  'confidentiality',
  'integrity',
  'availability',
  ...FLAG_KEYS,
  'unclassified',
  'reviewOverdue',
  'status',
];

export function ListFilters({
  filters,
  sorting,
  onApply,
}: {
  filters: Filters;
  sorting: Sorting;
  onApply: (f: Filters, s: Sorting) => void;
}) {
  const { t } = useTranslation();
  const schemes = useSchemes();
  const units = useUnits();
  const [draft, setDraft] = useState<Filters>(filters);
  const [sort, setSort] = useState(sorting);
  const advancedOpen = ADVANCED.some((k) => !!filters[k]) || !!sorting.order || sorting.sort !== 'ref';
  const set = (k: FilterKey) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const all = { value: '', label: t('assets.list.all') };
  const yesNo = [all, { value: 'true', label: t('assets.list.yes') }, { value: 'false', label: t('assets.list.no') }];

  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(draft, sort);
  }

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="asset-filter-title"
      className="no-print flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h2 id="asset-filter-title" className="text-std-20B-150">
        {t('assets.list.filterTitle')}
      </h2>
      <TextField
        id="asset-filter-q"
        label={t('assets.list.q')}
        help={t('assets.list.qHelp')}
        hideMarker
        value={draft.q ?? ''}
        onChange={set('q')}
        maxLength={100}
        type="search"
      />
      <div className="grid grid-cols-1 gap-x-6 gap-y-4 md:grid-cols-2 lg:grid-cols-3">
        <Select
          id="asset-filter-unitId"
          label={t('assets.fields.unit')}
          hideMarker
          width="full"
          value={draft.unitId ?? ''}
          onChange={set('unitId')}
          options={[
            all,
            ...(units.data?.items ?? []).filter((u) => !u.validTo).map((u) => ({ value: u.id, label: u.path })),
          ]}
        />
        <Select
          id="asset-filter-medium"
          label={t('assets.fields.medium')}
          hideMarker
          width="full"
          value={draft.medium ?? ''}
          onChange={set('medium')}
          options={[all, ...ASSET_MEDIA.map((m) => ({ value: m, label: ASSET_MEDIUM_LABELS[m] }))]}
        />
        <Select
          id="asset-filter-tier"
          label={t('assets.fields.tier')}
          hideMarker
          width="full"
          value={draft.tier ?? ''}
          onChange={set('tier')}
          options={[all, ...ASSET_TIERS.map((m) => ({ value: m, label: ASSET_TIER_LABELS[m] }))]}
        />
      </div>
      <details open={advancedOpen} className="flex flex-col gap-4">
        <summary className="min-h-11 cursor-pointer py-2 text-std-16B-170 text-blue-1000 underline">
          {t('assets.list.moreFilters')}
        </summary>
        <div className="mt-2 grid grid-cols-1 gap-x-6 gap-y-4 md:grid-cols-2 lg:grid-cols-3">
          {AXIS_KEYS.map((axis) => (
            <Select
              key={axis}
              id={`asset-filter-${axis}`}
              label={t(`assets.fields.${axis}`)}
              hideMarker
              width="full"
              value={draft[axis] ?? ''}
              onChange={set(axis)}
              options={[all, ...levelOptionsAcrossSchemes(schemes.data, axis)]}
            />
          ))}
          {FLAG_KEYS.map((k) => (
            <Select
              key={k}
              id={`asset-filter-${k}`}
              label={t(`assets.fields.${k}`)}
              hideMarker
              width="full"
              value={draft[k] ?? ''}
              onChange={set(k)}
              options={yesNo}
            />
          ))}
          <Select
            id="asset-filter-unclassified"
            label={t('assets.list.classification')}
            hideMarker
            width="full"
            value={draft.unclassified ?? ''}
            onChange={set('unclassified')}
            options={[
              all,
              { value: 'true', label: t('assets.list.unclassifiedOnly') },
              { value: 'false', label: t('assets.list.classifiedOnly') },
            ]}
          />
          <Select
            id="asset-filter-reviewOverdue"
            label={t('assets.list.review')}
            hideMarker
            width="full"
            value={draft.reviewOverdue ?? ''}
            onChange={set('reviewOverdue')}
            options={[all, { value: 'true', label: t('assets.list.reviewOverdue') }]}
          />
          <Select
            id="asset-filter-status"
            label={t('assets.fields.status')}
            hideMarker
            width="full"
            value={draft.status ?? ''}
            onChange={set('status')}
            options={[
              { value: '', label: t('assets.list.statusActive') },
              { value: 'DISPOSED', label: t('assets.list.statusDisposed') },
              { value: 'ALL', label: t('assets.list.statusAll') },
            ]}
          />
        </div>
        <fieldset className="mt-4 flex flex-col gap-2">
          <legend className="text-std-17B-170">{t('assets.list.sortTitle')}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            <Select
              id="asset-filter-sort"
              label={t('assets.list.sortBy')}
              hideMarker
              value={sort.sort}
              onChange={(v) => setSort((s) => ({ ...s, sort: v }))}
              options={ASSET_SORTS.map((s) => ({ value: s, label: t(`assets.list.sorts.${s}`) }))}
            />
            <Select
              id="asset-filter-order"
              label={t('assets.list.order')}
              hideMarker
              width="s"
              value={sort.order}
              onChange={(v) => setSort((s) => ({ ...s, order: v }))}
              options={[
                { value: '', label: t('assets.list.orderDefault') },
                { value: 'asc', label: t('assets.list.asc') },
                { value: 'desc', label: t('assets.list.desc') },
              ]}
            />
          </div>
        </fieldset>
      </details>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="primary">
          {t('assets.list.apply')}
        </Button>
      </div>
    </form>
  );
}
