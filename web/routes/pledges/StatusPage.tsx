/**
 * 提出状況: how many people in post have a valid pledge, by 部局・課室 (a table with a simple bar), and who has not
 * pledged yet (a page at a time, exportable as CSV in UTF-8 with BOM or Shift_JIS). Each reader sees the units
 * their role covers.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EMPLOYMENT_TYPE_LABELS, type EmploymentType } from '../../../src/modules/organisation/contract.ts';
import { AUDIENCES, type Audience } from '../../../src/modules/pledges/contract.ts';
import { get, queryString } from '../../api.ts';
import { DateText, Loaded, PageSection, useCursorPager } from '../../components/PageParts.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Select } from '../../components/Select.tsx';
import { Table } from '../../components/Table.tsx';
import { cx } from '../../lib/cx.ts';
import { type MissingPerson, type MissingPledges, type PledgeCounts, type PledgeStatus, pledgeKeys } from './types.ts';

const LIMIT = 50;
const nf = new Intl.NumberFormat('ja-JP');
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** 完了率 as a number and a bar (the bar is decoration: the number says it). */
export function RateBar({ counts, large = false }: { counts: PledgeCounts; large?: boolean }) {
  const { t } = useTranslation();
  const p = percent(counts.rate);
  if (p === null) return <span className="text-solid-gray-700">{t('pledges.status.noStaff')}</span>;
  return (
    <span className="flex items-center gap-3">
      <span className={cx('shrink-0 text-right tabular-nums', large ? 'w-20 text-std-24B-150' : 'w-14 font-bold')}>
        {p}%
      </span>
      <span
        aria-hidden="true"
        className={cx(
          'rate-bar block overflow-hidden rounded-full [print-color-adjust:exact] border border-solid-gray-600 bg-solid-gray-50',
          large ? 'h-5 w-72' : 'h-3 w-36',
        )}
      >
        <span className="rate-bar-fill block h-full bg-blue-900" style={{ width: `${p}%` }} />
      </span>
    </span>
  );
}

type UnitRow = PledgeStatus['units'][number];

function UnitTable({ status }: { status: PledgeStatus }) {
  const { t } = useTranslation();
  const rows: Array<UnitRow | { unitId: ''; unitPath: string; level: 'NONE'; withSubunits: PledgeCounts }> = [
    ...status.units,
    ...(status.unassigned
      ? [
          {
            unitId: '' as const,
            unitPath: t('pledges.status.unassigned'),
            level: 'NONE' as const,
            withSubunits: status.unassigned,
          },
        ]
      : []),
  ];
  type Row = (typeof rows)[number];
  // Filtered to one unit, that unit is the top of the tree shown.
  const topDepth = status.units.length ? Math.min(...status.units.map((u) => u.unitPath.split(' > ').length - 1)) : 0;
  const columns: ColumnDef<Row, unknown>[] = [
    {
      header: t('pledges.status.unit'),
      cell: ({ row }) => {
        // The tree shows as indentation: each unit by its own name, under its parent; the full path on hover.
        const parts = row.original.unitPath.split(' > ');
        const depth = Math.max(0, Math.min(parts.length - 1 - topDepth, 3));
        return (
          <span
            title={row.original.unitPath}
            className={cx(
              'block',
              depth === 0 && 'font-bold',
              depth === 1 && 'pl-5',
              depth === 2 && 'pl-10',
              depth >= 3 && 'pl-14',
            )}
          >
            {parts[parts.length - 1]}
          </span>
        );
      },
    },
    {
      header: t('pledges.status.active'),
      cell: ({ row }) => t('pledges.people', { count: row.original.withSubunits.active }),
    },
    {
      header: t('pledges.status.signed'),
      cell: ({ row }) => t('pledges.people', { count: row.original.withSubunits.signed }),
    },
    {
      header: t('pledges.status.missing'),
      cell: ({ row }) =>
        t('pledges.people', { count: row.original.withSubunits.active - row.original.withSubunits.signed }),
    },
    { header: t('pledges.status.rate'), cell: ({ row }) => <RateBar counts={row.original.withSubunits} /> },
  ];
  return (
    <Table
      caption={t('pledges.status.byUnit')}
      captionHidden
      columns={columns}
      data={rows}
      rowKey={(r) => r.unitId || 'none'}
      empty={t('pledges.status.noUnits')}
    />
  );
}

function MissingList({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: pledgeKeys.missing(unitId, pager.cursor),
    queryFn: () =>
      get<MissingPledges>(
        `/pledges/missing${queryString({ unitId, limit: LIMIT, cursor: pager.cursor ?? undefined })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnDef<MissingPerson, unknown>[] = [
    { header: t('pledges.status.staffNumber'), cell: ({ row }) => row.original.staffNumber },
    {
      header: t('pledges.status.name'),
      cell: ({ row }) => (
        <span className="flex flex-col leading-150">
          <span className="font-bold">{row.original.name}</span>
          <span className="text-dns-14N-130 text-solid-gray-700">{row.original.kana}</span>
        </span>
      ),
    },
    {
      header: t('pledges.status.employment'),
      cell: ({ row }) =>
        EMPLOYMENT_TYPE_LABELS[row.original.employmentType as EmploymentType] ?? row.original.employmentType,
    },
    { header: t('pledges.status.unitPath'), cell: ({ row }) => row.original.unitPath || '—' },
    { header: t('pledges.status.jobTitle'), cell: ({ row }) => row.original.title || '—' },
    {
      header: t('pledges.status.required'),
      cell: ({ row }) =>
        row.original.requiredVersion ? t('pledges.versionLabel', { version: row.original.requiredVersion }) : '—',
    },
    {
      header: t('pledges.status.last'),
      cell: ({ row }) =>
        row.original.lastPledge ? (
          <>
            <DateText iso={row.original.lastPledge.signedOn} />（
            {t('pledges.versionLabel', { version: row.original.lastPledge.version })}）
          </>
        ) : (
          t('pledges.status.never')
        ),
    },
  ];
  const exportHref = (encoding: 'utf8' | 'sjis') =>
    `/api/v1/pledges/missing/export${queryString({ unitId, encoding })}`;
  return (
    <PageSection
      id="pledge-missing"
      title={t('pledges.status.missingTitle')}
      lead={query.data ? t('pledges.status.missingCount', { count: nf.format(query.data.total) }) : undefined}
      actions={
        <>
          <a href={exportHref('utf8')} download className="inline-flex min-h-11 items-center text-std-16B-170">
            {t('pledges.status.exportUtf8')}
          </a>
          <a href={exportHref('sjis')} download className="inline-flex min-h-11 items-center text-std-16B-170">
            {t('pledges.status.exportSjis')}
          </a>
        </>
      }
    >
      <Loaded query={query}>
        {(data) => (
          <div className="flex flex-col">
            <Table
              caption={t('pledges.status.missingTitle')}
              captionHidden
              columns={columns}
              data={data.items}
              rowKey={(p) => p.personId}
              empty={t('pledges.status.missingEmpty')}
            />
            <Pagination
              total={data.total}
              from={pager.pageIndex * LIMIT + 1}
              shown={data.items.length}
              hasPrevious={pager.pageIndex > 0}
              hasNext={!!data.nextCursor}
              onPrevious={pager.previous}
              onNext={() => data.nextCursor && pager.next(data.nextCursor)}
            />
          </div>
        )}
      </Loaded>
    </PageSection>
  );
}

export default function StatusPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unit') ?? '';
  const all = useQuery({ queryKey: pledgeKeys.status(''), queryFn: () => get<PledgeStatus>('/pledges/status') });
  const scoped = useQuery({
    queryKey: pledgeKeys.status(unitId),
    queryFn: () => get<PledgeStatus>(`/pledges/status${queryString({ unitId })}`),
    enabled: unitId !== '',
    placeholderData: keepPreviousData,
  });
  const status = unitId ? scoped : all;
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <p className="max-w-[44rem] text-std-16N-170">{t('pledges.status.lead')}</p>
        <PrintButton />
      </div>
      {all.data && (
        <div className="no-print">
          <Select
            id="pledge-unit-filter"
            label={t('pledges.status.filter')}
            width="l"
            value={unitId}
            onChange={(v) => setParams(v ? { unit: v } : {}, { replace: true })}
            options={[
              { value: '', label: t('pledges.status.allUnits') },
              ...all.data.units.map((u) => ({ value: u.unitId, label: u.unitPath })),
            ]}
          />
        </div>
      )}
      <Loaded query={status}>
        {(s) => (
          <>
            <section
              aria-labelledby="pledge-total"
              className="flex flex-wrap items-center justify-between gap-6 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
            >
              <div className="flex flex-col gap-1">
                <h2 id="pledge-total" className="text-std-20B-150">
                  {unitId
                    ? t('pledges.status.totalOf', {
                        unit: all.data?.units.find((u) => u.unitId === unitId)?.unitPath ?? '',
                      })
                    : t('pledges.status.total')}
                </h2>
                <p className="text-std-16N-170">
                  {t('pledges.status.totalCounts', {
                    signed: nf.format(s.total.signed),
                    active: nf.format(s.total.active),
                  })}
                  {'　'}
                  {t('pledges.status.asOf')}
                  <DateText iso={s.on} />
                </p>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {t('pledges.status.inForce')}
                  {[...s.textsInForce]
                    .sort(
                      (a, b) => AUDIENCES.indexOf(a.audience as Audience) - AUDIENCES.indexOf(b.audience as Audience),
                    )
                    .map(
                      (x) =>
                        `${t(`pledges.audiences.${x.audience}`)} ${t('pledges.versionLabel', { version: x.version })}`,
                    )
                    .join('、')}
                </p>
              </div>
              <RateBar counts={s.total} large />
            </section>
            <PageSection id="pledge-by-unit" title={t('pledges.status.byUnit')} lead={t('pledges.status.byUnitLead')}>
              <UnitTable status={s} />
            </PageSection>
          </>
        )}
      </Loaded>
      <MissingList key={unitId} unitId={unitId} />
    </div>
  );
}
