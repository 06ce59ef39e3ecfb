/**
 * 新旧対照表: two versions side by side (旧 | 新, as municipal documents and the .xlsx have it), one row per clause. Changed wording is marked by more than colour:
 * added text underlined in bold (傍線) on the 新 side, removed text struck through on the 旧 side, and each row says
 * 「改正」「新設」「削除」 or 「番号変更」 in words. Prints on A4 landscape; the same table downloads as .xlsx.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { get, queryString } from '../../api.ts';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { cx } from '../../lib/cx.ts';
import { useLandscapePrint } from '../../lib/print-orientation.ts';
import { usePolicyHeading } from './heading.tsx';
import { usePolicyWords } from './labels.ts';
import { type Comparison, type ComparisonRow, policyKeys } from './types.ts';

type Side = NonNullable<ComparisonRow['new']>;
type Segment = Side['marks']['text'][number];

function Marked({ segments, side }: { segments: Segment[]; side: 'new' | 'old' }) {
  const { t } = useTranslation();
  return (
    <>
      {segments.map((s, i) =>
        !s.changed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of one text have no identity but their order
          <span key={i}>{s.text}</span>
        ) : side === 'new' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <ins key={i} className="font-bold text-solid-gray-900 no-underline" data-mark="added">
            <span className="sr-only">{t('policies.compare.srAdded')}</span>
            <span className="underline decoration-2 underline-offset-4">{s.text}</span>
            <span className="sr-only">{t('policies.compare.srEnd')}</span>
          </ins>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <del key={i} className="text-solid-gray-900 decoration-2" data-mark="removed">
            <span className="sr-only">{t('policies.compare.srRemoved')}</span>
            {s.text}
            <span className="sr-only">{t('policies.compare.srEnd')}</span>
          </del>
        ),
      )}
    </>
  );
}

function SideCell({ side, which, missing }: { side: Side | null; which: 'new' | 'old'; missing: string }) {
  if (!side) return <p className="text-solid-gray-700">{missing}</p>;
  return (
    <div className="flex flex-col gap-1" style={{ paddingLeft: `${Math.max(0, side.depth - 1)}em` }}>
      <p className="font-bold">
        <Marked segments={side.marks.label} side={which} />
        {side.marks.heading.length > 0 && (
          <>
            {'　'}
            <Marked segments={side.marks.heading} side={which} />
          </>
        )}
      </p>
      {side.marks.text.length > 0 && (
        <p className="whitespace-pre-wrap">
          <Marked segments={side.marks.text} side={which} />
        </p>
      )}
    </div>
  );
}

const CHANGE_KEY: Record<string, string> = { modified: 'modified', inserted: 'inserted', deleted: 'deleted' };

function ChangeLabel({ row }: { row: ComparisonRow }) {
  const { t } = useTranslation();
  const labels = [
    ...(CHANGE_KEY[row.change] ? [t(`policies.compare.change.${row.change}`)] : []),
    ...(row.renumbered ? [t('policies.compare.change.renumbered')] : []),
  ];
  if (labels.length === 0) return null;
  return (
    <p className="mb-1 flex flex-wrap gap-1">
      {labels.map((l) => (
        <span key={l} className="print-badge rounded-4 border border-solid-gray-900 px-2 text-dns-14B-130">
          {l}
        </span>
      ))}
    </p>
  );
}

export function CompareTable({ data, showAll }: { data: Comparison; showAll: boolean }) {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const rows = showAll ? data.rows : data.rows.filter((r) => r.change !== 'unchanged' || r.renumbered);
  const versionText = (v: Comparison['from']) =>
    `${w.number(v.number)}（${w.status(v.status)}${v.effectiveOn ? `・${t('policies.fields.effectiveOn')} ${w.date(v.effectiveOn)}` : ''}）`;
  return (
    <table className="w-full table-fixed border-collapse text-left text-std-16N-170" data-testid="comparison">
      <caption className="pb-2 text-left text-std-17B-170">
        {t('policies.compare.caption', { title: data.document.title })}
      </caption>
      <thead>
        <tr className="border-y border-solid-gray-900 bg-solid-gray-50">
          <th scope="col" className="w-1/2 border-x border-solid-gray-420 px-3 py-2">
            {t('policies.compare.old')}
            <div className="font-normal">{versionText(data.from)}</div>
          </th>
          <th scope="col" className="w-1/2 border-x border-solid-gray-420 px-3 py-2">
            {t('policies.compare.new')}
            <div className="font-normal">{versionText(data.to)}</div>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={`${r.old?.path ?? ''}>${r.new?.path ?? ''}`}
            data-change={r.change}
            className={cx(
              'border-b border-solid-gray-420 align-top',
              r.change !== 'unchanged' && 'bg-yellow-50 print:bg-white',
            )}
          >
            <td className="border-x border-solid-gray-420 px-3 py-2">
              {!r.new && <ChangeLabel row={r} />}
              <SideCell side={r.old} which="old" missing={t('policies.compare.missingOld')} />
            </td>
            <td className="border-x border-solid-gray-420 px-3 py-2">
              {r.new && <ChangeLabel row={r} />}
              <SideCell side={r.new} which="new" missing={t('policies.compare.missingNew')} />
            </td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={2} className="px-3 py-4">
              {t('policies.compare.noChanges')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export default function ComparePage() {
  useLandscapePrint();
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const showAll = params.get('rows') === 'all';
  const query = useQuery({
    queryKey: policyKeys.compare(id, from, to),
    queryFn: () => get<Comparison>(`/policies/${id}/compare${queryString({ from, to })}`),
  });
  const doc = query.data?.document;
  usePolicyHeading(
    doc ? t('policies.compare.title', { title: doc.title }) : null,
    doc ? [{ label: doc.title, href: `/policies/documents/${doc.id}` }] : [],
  );
  return (
    <Loaded query={query}>
      {(data) => {
        const qs = queryString({ from: data.from.id, to: data.to.id, rows: showAll ? 'all' : 'changed' });
        return (
          <div className="flex flex-col gap-6">
            <p className="text-std-16B-170" aria-live="polite">
              {t('policies.compare.summary', {
                modified: data.summary.modified,
                inserted: data.summary.inserted,
                deleted: data.summary.deleted,
                renumbered: data.summary.renumbered,
              })}
            </p>
            <p className="text-std-16N-170 text-solid-gray-800">{t('policies.compare.legend')}</p>
            <div className="no-print flex flex-wrap items-center justify-between gap-4">
              <Checkbox
                id="compare-show-all"
                isSelected={showAll}
                onChange={(on) =>
                  setParams(
                    (p) => {
                      const next = new URLSearchParams(p);
                      if (on) next.set('rows', 'all');
                      else next.delete('rows');
                      return next;
                    },
                    { replace: true },
                  )
                }
              >
                {t('policies.compare.showAll')}
              </Checkbox>
              <div className="flex flex-wrap items-center gap-3">
                <a
                  href={`/api/v1/policies/${id}/compare/export${qs}`}
                  download
                  className="inline-flex min-h-11 items-center text-std-16B-170 text-blue-1000 underline"
                >
                  {t('policies.compare.export')}
                </a>
                <PrintButton what={t('policies.compare.title', { title: data.document.title })} />
              </div>
            </div>
            <CompareTable data={data} showAll={showAll} />
          </div>
        );
      }}
    </Loaded>
  );
}
