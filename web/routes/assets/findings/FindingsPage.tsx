/**
 * 情報資産の指摘事項 (/assets/findings): what breaks a register rule (未分類, 所管なし, 機密性2以上 in a forbidden tier,
 * 特定個人情報 outside マイナンバー利用事務系, overdue reviews, carry-outs and disposals without permission …), each with
 * the clause it comes from and the owning 課室 whose 情報セキュリティ管理者 answers for it. Filters by kind and unit
 * run on the server; the same filters select what the export writes.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { listFindings } from '../../../../src/modules/assets/findings.service.ts';
import { get, queryString } from '../../../api.ts';
import { FilterChips } from '../../../components/FilterChips.tsx';
import { Loaded } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { formatDate } from '../../../lib/dates.ts';
import { useBilingual, useLanguage } from '../../../lib/i18n-hooks.ts';
import { SeverityBadge } from '../../dashboard/FindingsCard.tsx';
import { ClauseSource } from '../ClauseCitation.tsx';
import { useUnits } from '../hooks.ts';
import { lifecycleKeys } from '../lifecycle/types.ts';

type FindingList = Awaited<ReturnType<typeof listFindings>>;
type AssetFinding = FindingList['items'][number];

export const FINDING_CODES = [
  'ASSET-UNCLASSIFIED',
  'ASSET-NO-OWNER',
  'ASSET-TIER-FORBIDDEN',
  'ASSET-MYNUMBER-OUTSIDE',
  'ASSET-REVIEW-OVERDUE',
  'ASSET-RETENTION-PASSED',
  'CLASS-BELOW-DERIVED',
  'ASSET-UNPERMITTED',
  'ASSET-CARRY-OVERDUE',
  'ASSET-DISPOSAL-INCOMPLETE',
] as const;

const exportLink =
  'inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 bg-white px-4 py-2 font-bold text-blue-900 underline-offset-[3px] hover:bg-blue-50 hover:underline';

export default function FindingsPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const lang = useLanguage();
  const [params, setParams] = useSearchParams();
  const filters = { code: params.get('code') ?? '', unitId: params.get('unitId') ?? '' };
  const qs = queryString(filters);
  const query = useQuery({
    queryKey: lifecycleKeys.findings(qs),
    queryFn: () => get<FindingList>(`/findings/assets${qs}`),
  });
  const units = useUnits();
  const unitItems = units.data?.items ?? [];
  const unitPath = (id: string | null) => (id ? (unitItems.find((u) => u.id === id)?.path ?? '') : '');
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const codeName = (c: string) => t(`assets.findings.code.${c}`, { defaultValue: c });
  const chips = [
    ...(filters.code ? [{ id: 'code', label: `${t('assets.findings.kind')}：${codeName(filters.code)}` }] : []),
    ...(filters.unitId ? [{ id: 'unitId', label: `${t('assets.findings.unit')}：${unitPath(filters.unitId)}` }] : []),
  ];

  const columns: ColumnDef<AssetFinding, unknown>[] = [
    {
      id: 'severity',
      header: t('assets.findings.severity'),
      cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
    },
    {
      id: 'asset',
      header: t('assets.findings.asset'),
      cell: ({ row }) => (
        <span className="flex flex-col">
          <Link to={`/assets/${encodeURIComponent(row.original.subject.id)}`}>{row.original.subject.label}</Link>
          <span className="text-dns-14N-130 text-solid-gray-700">
            {unitPath(row.original.unitId) || t('assets.findings.noUnit')}
          </span>
        </span>
      ),
    },
    {
      id: 'finding',
      header: t('assets.findings.finding'),
      cell: ({ row }) => (
        <span className="flex flex-col gap-1" data-finding={row.original.code}>
          <span className="font-bold">{codeName(row.original.code)}</span>
          <span>{msg(row.original.message)}</span>
        </span>
      ),
    },
    {
      id: 'clause',
      header: t('assets.findings.clause'),
      cell: ({ row }) => {
        const c = row.original.clause;
        return (
          <span className="flex flex-col gap-1 text-std-16N-170">
            <span className="font-bold">
              <ClauseSource clause={c} />
            </span>
            <span className="text-dns-14N-130 text-solid-gray-800">{c.summary}</span>
          </span>
        );
      },
    },
  ];

  return (
    <div className="flex flex-col gap-6">
      <p className="text-std-16N-170 text-solid-gray-800">{t('assets.findings.lead')}</p>
      <form
        className="no-print flex flex-wrap items-end gap-6"
        aria-label={t('assets.findings.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Select
          id="findings-code"
          label={t('assets.findings.kind')}
          hideMarker
          width="m"
          value={filters.code}
          onChange={(v) => set('code', v)}
          options={[
            { value: '', label: t('assets.findings.all') },
            ...FINDING_CODES.map((c) => ({
              value: c,
              label: `${codeName(c)}${query.data ? `（${query.data.counts[c] ?? 0}）` : ''}`,
            })),
          ]}
        />
        <Select
          id="findings-unit"
          label={t('assets.findings.unit')}
          hideMarker
          width="m"
          value={filters.unitId}
          onChange={(v) => set('unitId', v)}
          options={[
            { value: '', label: t('assets.findings.all') },
            ...unitItems.map((u) => ({ value: u.id, label: u.path })),
          ]}
        />
      </form>
      <FilterChips
        chips={chips}
        onRemove={(id) => set(id, '')}
        onClear={() => setParams(new URLSearchParams(), { replace: true })}
        label={t('assets.findings.chips')}
        removeLabel={(chip) => t('assets.findings.removeChip', { chip })}
        clearLabel={t('assets.findings.clearChips')}
      />
      <div className="no-print flex flex-wrap items-center gap-3">
        <a
          href={`/api/v1/findings/assets/export${queryString({ ...filters, format: 'xlsx' })}`}
          download
          className={exportLink}
        >
          {t('assets.findings.exportXlsx')}
        </a>
        <a
          href={`/api/v1/findings/assets/export${queryString({ ...filters, format: 'csv' })}`}
          download
          className={exportLink}
        >
          {t('assets.findings.exportCsv')}
        </a>
        <a
          href={`/api/v1/findings/assets/export${queryString({ ...filters, format: 'csv', encoding: 'sjis' })}`}
          download
          className={exportLink}
        >
          {t('assets.findings.exportSjis')}
        </a>
        <PrintButton />
      </div>
      <Loaded query={query}>
        {(data) => (
          <>
            <p role="status">
              {t('assets.findings.count', {
                count: data.total,
                shown: data.items.length,
                date: formatDate(data.on, lang),
              })}
            </p>
            <Table
              caption={t('assets.findings.caption')}
              captionHidden
              columns={columns}
              data={data.items}
              rowKey={(f) => `${f.code}:${f.subject.id}:${f.eventId ?? ''}`}
              empty={t('assets.findings.empty')}
            />
          </>
        )}
      </Loaded>
    </div>
  );
}
