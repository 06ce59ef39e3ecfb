/**
 * 構成図: systems grouped by tier as boxes, every open tier pair of the latest import as an arrow coloured by its
 * verdict AND labelled in words (違反 / 許可の可能性 / 特定通信等の例外として許可 / 許可). Arrows are buttons: click
 * or Enter shows the witness. The same arrows are listed as a table below for those who do not use the picture.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  cellFor,
  type ExceptionList,
  matrixFor,
  NETWORK_MODELS,
  type NetworkModel,
} from '../../../src/domain/tiers.ts';
import type { NetworkExceptionView } from '../../../src/modules/network/register.service.ts';
import { get } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, PageSection } from '../../components/PageParts.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type Diagram, type DiagramArrow, networkKeys } from './types.ts';
import { WitnessText } from './Witness.tsx';

const BOXES: Record<string, { x: number; y: number; w: number; h: number }> = {
  mynumber: { x: 10, y: 10, w: 280, h: 300 },
  lgwan: { x: 360, y: 10, w: 280, h: 300 },
  internet: { x: 710, y: 10, w: 280, h: 300 },
  'lgwan-wan': { x: 360, y: 400, w: 280, h: 150 },
  'internet-external': { x: 710, y: 400, w: 280, h: 150 },
  other: { x: 10, y: 400, w: 280, h: 150 },
};
const boxOf = (tier: string) => BOXES[tier] ?? BOXES.other;
/** The calendar day (Japan time, UTC+9) of an instant, to compare with the import's 判定日. */
const japanDateOf = (instant: string) => new Date(Date.parse(instant) + 9 * 3600_000).toISOString().slice(0, 10);
/** Kinds differ by line pattern and on-arrow words as well as colour (never by colour alone). */
const STYLE = {
  violation: { stroke: '#c50000', width: 5, dash: undefined, marker: 'url(#arrow-violation)' },
  possible: { stroke: '#8a5300', width: 3, dash: '10 6', marker: 'url(#arrow-possible)' },
  exception: { stroke: '#0031d8', width: 3, dash: '14 5 3 5', marker: 'url(#arrow-exception)' },
  allowed: { stroke: '#1d6b2f', width: 2, dash: undefined, marker: 'url(#arrow-allowed)' },
} as const;
type ArrowKind = keyof typeof STYLE;
const KINDS = ['violation', 'possible', 'exception', 'allowed'] as const;

/** An arrow as drawn: its kind, and for an arrow allowed only by listed exceptions, the list and the entries. */
interface ShownArrow extends DiagramArrow {
  kind: ArrowKind;
  list?: ExceptionList;
  exceptions: NetworkExceptionView[];
}

/**
 * An allowed arrow on an `exact` cell (e.g. マイナンバー利用事務系 → インターネット（外部）) passes only because of
 * registered exceptions: say so, and name the entries in force whose ends lie on the arrow's two tiers.
 */
function classify(data: Diagram, exceptions: NetworkExceptionView[]): ShownArrow[] {
  const model = NETWORK_MODELS.includes(data.model as NetworkModel) ? (data.model as NetworkModel) : 'alpha';
  const matrix = matrixFor(model);
  const tierOf = new Map(data.systems.map((s) => [s.id, s.tier]));
  return data.arrows.map((a) => {
    const cell = cellFor(matrix, a.from, a.to);
    if (a.status !== 'allowed' || cell.type !== 'exact') return { ...a, kind: a.status, exceptions: [] };
    const matching = exceptions.filter((e) => {
      if (e.list !== cell.list || e.status !== 'active') return false;
      const from = e.from.tier ?? (e.from.systemId ? tierOf.get(e.from.systemId) : undefined);
      const to = e.to.systemId ? tierOf.get(e.to.systemId) : undefined;
      return (from === undefined || from === a.from) && (to === undefined || to === a.to);
    });
    return { ...a, kind: 'exception' as const, list: cell.list, exceptions: matching };
  });
}

function edgePoint(b: { x: number; y: number; w: number; h: number }, dx: number, dy: number) {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const sx = dx === 0 ? Number.POSITIVE_INFINITY : b.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Number.POSITIVE_INFINITY : b.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

function arrowGeometry(a: DiagramArrow) {
  const A = boxOf(a.from);
  const B = boxOf(a.to);
  const ax = A.x + A.w / 2;
  const ay = A.y + A.h / 2;
  const bx = B.x + B.w / 2;
  const by = B.y + B.h / 2;
  const len = Math.hypot(bx - ax, by - ay) || 1;
  const dx = (bx - ax) / len;
  const dy = (by - ay) / len;
  // Offset each direction to its own side, so A→B and B→A do not overlap.
  const ox = -dy * 14;
  const oy = dx * 14;
  const p = edgePoint(A, dx, dy);
  const q = edgePoint(B, -dx, -dy);
  return { x1: p.x + ox, y1: p.y + oy, x2: q.x + ox, y2: q.y + oy };
}

/** A band 10px either side of the arrow: something to click that is wider than the line. */
function hitArea(g: { x1: number; y1: number; x2: number; y2: number }) {
  const len = Math.hypot(g.x2 - g.x1, g.y2 - g.y1) || 1;
  const nx = (-(g.y2 - g.y1) / len) * 10;
  const ny = ((g.x2 - g.x1) / len) * 10;
  return [
    [g.x1 + nx, g.y1 + ny],
    [g.x2 + nx, g.y2 + ny],
    [g.x2 - nx, g.y2 - ny],
    [g.x1 - nx, g.y1 - ny],
  ]
    .map(([x, y]) => `${x},${y}`)
    .join(' ');
}

export function TierDiagram({
  data,
  arrows,
  selected,
  onSelect,
}: {
  data: Diagram;
  arrows: ShownArrow[];
  selected: string | null;
  onSelect: (cell: string) => void;
}) {
  const w = useNetworkWords();
  const { t } = w;
  const tiers = ['mynumber', 'lgwan', 'internet', 'lgwan-wan', 'internet-external'];
  const others = data.systems.filter((s) => !tiers.includes(s.tier));
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG picture is grouped by role; <fieldset> cannot hold SVG
    <svg
      viewBox="0 0 1000 560"
      className="w-full max-w-[1000px] rounded-8 border border-solid-gray-420 bg-white"
      role="group"
      aria-label={t('network.diagram.aria')}
    >
      <defs>
        {KINDS.map((k) => (
          <marker
            key={k}
            id={`arrow-${k}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="5"
            markerHeight="5"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={STYLE[k].stroke} />
          </marker>
        ))}
      </defs>
      {[...tiers, ...(others.length ? ['other'] : [])].map((tier) => {
        const b = boxOf(tier);
        const systems = tier === 'other' ? others : data.systems.filter((s) => s.tier === tier);
        const max = Math.floor((b.h - 50) / 22);
        return (
          <g key={tier}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} fill="#f2f2f2" stroke="#333" strokeWidth={1.5} />
            <text x={b.x + 12} y={b.y + 26} fontSize={17} fontWeight="bold" fill="#1a1a1a">
              {w.tier(tier)}
            </text>
            {systems.slice(0, max).map((s, i) => (
              <text key={s.id} x={b.x + 16} y={b.y + 52 + i * 22} fontSize={14} fill="#1a1a1a">
                ・{s.name.length > 17 ? `${s.name.slice(0, 16)}…` : s.name}
              </text>
            ))}
            {systems.length > max && (
              <text x={b.x + 16} y={b.y + 52 + max * 22} fontSize={14} fill="#333">
                {t('network.diagram.more', { count: systems.length - max })}
              </text>
            )}
          </g>
        );
      })}
      {arrows.map((a) => {
        const g = arrowGeometry(a);
        const st = STYLE[a.kind];
        const names = a.exceptions.map((e) => e.name).join(w.lang === 'ja' ? '、' : ', ');
        const label = `${w.cell(a.cell)}：${statusText(w, a)}${names ? `（${names}）` : ''}`;
        const active = selected === a.cell;
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG arrow cannot be a <button>; it behaves as one
          <g
            key={a.cell}
            role="button"
            tabIndex={0}
            aria-label={label}
            aria-pressed={active}
            data-cell={a.cell}
            data-status={a.status}
            data-basis={a.kind === 'exception' ? 'exception' : undefined}
            className="cursor-pointer focus:outline-none [&:focus>line.focus]:stroke-[#ffd43d]"
            onClick={() => onSelect(a.cell)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(a.cell);
              }
            }}
          >
            <title>{label}</title>
            <polygon points={hitArea(g)} fill="transparent" />
            <line
              className="focus"
              x1={g.x1}
              y1={g.y1}
              x2={g.x2}
              y2={g.y2}
              stroke={active ? '#ffd43d' : 'transparent'}
              strokeWidth={16}
            />
            <line
              x1={g.x1}
              y1={g.y1}
              x2={g.x2}
              y2={g.y2}
              stroke={st.stroke}
              strokeWidth={st.width}
              strokeDasharray={st.dash}
              markerEnd={st.marker}
            />
          </g>
        );
      })}
      {/* Labels come last, on a white plate, so neither a box nor another arrow can hide them. */}
      {arrows.map((a) => {
        if (a.kind === 'allowed') return null;
        const g = arrowGeometry(a);
        const st = STYLE[a.kind];
        const text = onArrowText(w, a);
        const width = textWidth(text) + 10;
        const x = Math.min(Math.max((g.x1 + g.x2) / 2, width / 2 + 2), 998 - width / 2);
        const y = (g.y1 + g.y2) / 2;
        return (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain <g> is not focusable; the arrow button already says this
          <g key={`label-${a.cell}`} aria-hidden="true" pointerEvents="none">
            <rect
              x={x - width / 2}
              y={y - 12}
              width={width}
              height={24}
              rx={4}
              fill="#fff"
              stroke={st.stroke}
              strokeWidth={1.5}
            />
            <text x={x} y={y + 5} textAnchor="middle" fontSize={14} fontWeight="bold" fill={st.stroke}>
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

type Words = ReturnType<typeof useNetworkWords>;
/** Rough width in the diagram's 14px font: full-width characters 14px, others 8px. */
const textWidth = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 8 : 14), 0);
/** The words on an arrow; an exception arrow names its entries when they are few and short (else only the tooltip). */
function onArrowText(w: Words, a: ShownArrow): string {
  const base = w.t(`network.diagram.onArrow.${a.kind}`, { list: a.list ? w.list(a.list) : '' });
  if (a.kind !== 'exception' || a.exceptions.length === 0) return base;
  const named = `${base}（${a.exceptions.map((e) => e.name).join(w.lang === 'ja' ? '、' : ', ')}）`;
  return textWidth(named) <= 220 ? named : base;
}
const statusText = (w: Words, a: ShownArrow) =>
  w.t(`network.diagram.status.${a.kind}`, { list: a.list ? w.list(a.list) : '' });

function Legend() {
  const { t } = useNetworkWords();
  return (
    <ul className="flex flex-wrap gap-x-6 gap-y-2 text-std-16N-170" aria-label={t('network.diagram.legend')}>
      {KINDS.map((k) => (
        <li key={k} className="flex items-center gap-2">
          <svg width="48" height="12" aria-hidden="true">
            <line
              x1="0"
              y1="6"
              x2="48"
              y2="6"
              stroke={STYLE[k].stroke}
              strokeWidth={STYLE[k].width}
              strokeDasharray={STYLE[k].dash}
            />
          </svg>
          <span>{t(`network.diagram.legendItems.${k}`)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Why an exception arrow is allowed: the list it relies on and the entries in force on its two tiers. */
function ExceptionBasis({ arrow }: { arrow: ShownArrow }) {
  const w = useNetworkWords();
  const { t } = w;
  const list = arrow.list ? w.list(arrow.list) : '';
  if (arrow.exceptions.length === 0) return <p>{t('network.diagram.exceptionNone', { list })}</p>;
  return (
    <div className="flex flex-col gap-1 text-std-16N-170" data-testid="exception-basis">
      <p>{t('network.diagram.exceptionLead', { list })}</p>
      <ul className="list-disc pl-6">
        {arrow.exceptions.map((e) => (
          <li key={e.id}>{t('network.diagram.exceptionItem', { name: e.name, until: w.date(e.expiresOn) })}</li>
        ))}
      </ul>
    </div>
  );
}

export default function DiagramPage() {
  const query = useQuery({ queryKey: networkKeys.diagram, queryFn: () => get<Diagram>('/network/diagram') });
  const exceptionsQuery = useQuery({
    queryKey: ['network', 'exceptions'],
    queryFn: () => get<{ items: NetworkExceptionView[] }>('/network/exceptions'),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const words = useNetworkWords();
  const { t } = words;
  const msg = useBilingual();
  return (
    <Loaded query={query}>
      {(data) => {
        const names = new Map(data.systems.map((s) => [s.id, s.name]));
        const arrows = classify(data, exceptionsQuery.data?.items ?? []);
        const arrow = arrows.find((a) => a.cell === selected) ?? null;
        const violations = arrows.filter((a) => a.status === 'violation').length;
        return (
          <div className="flex flex-col gap-6">
            {data.import ? (
              <p className="text-std-16N-170">
                {t('network.diagram.latest', { at: words.instantWords(data.import.createdAt) })}
                {data.import.checkedOn === japanDateOf(data.import.createdAt)
                  ? t('network.diagram.checkedSameDay')
                  : t('network.diagram.checkedOn', { on: words.date(data.import.checkedOn) })}
                {t('network.diagram.latestDetail', { count: violations })}
              </p>
            ) : (
              <NotificationBanner kind="info" live={false} title={t('network.diagram.noImportTitle')}>
                {t('network.diagram.noImportBody')}
              </NotificationBanner>
            )}
            <Legend />
            <TierDiagram data={data} arrows={arrows} selected={selected} onSelect={setSelected} />
            <section aria-live="polite" aria-labelledby="witness-title" className="flex flex-col gap-3">
              <h2 id="witness-title" className="text-std-24B-150">
                {arrow ? `${words.cell(arrow.cell)}（${statusText(words, arrow)}）` : t('network.diagram.detailTitle')}
              </h2>
              {!arrow && <p>{t('network.diagram.detailHint')}</p>}
              {arrow?.kind === 'exception' && <ExceptionBasis arrow={arrow} />}
              {arrow?.witness && <WitnessText witness={arrow.witness} names={names} />}
              {arrow?.findings.map((f) => (
                <div key={f.id} className="text-std-16N-170">
                  <p>
                    <strong title={f.code}>{words.code(f.code)}</strong>：{msg(f.message)}
                  </p>
                  <p className="text-std-14N-170 text-solid-gray-700">
                    {t('network.common.clause')}：{words.clause(f.clause)}
                  </p>
                </div>
              ))}
            </section>
            <PageSection id="arrows-title" title={t('network.diagram.listTitle')}>
              <table className="w-full border-collapse text-left text-std-16N-170">
                <thead>
                  <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                    <th scope="col" className="px-4 py-2">
                      {t('network.diagram.colPair')}
                    </th>
                    <th scope="col" className="px-4 py-2">
                      {t('network.diagram.colVerdict')}
                    </th>
                    <th scope="col" className="px-4 py-2">
                      {t('network.diagram.colDetail')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {arrows.map((a) => (
                    <tr key={a.cell} className="border-b border-solid-gray-200" data-cell={a.cell}>
                      <td className="px-4 py-2">{words.cell(a.cell)}</td>
                      <td className="px-4 py-2">{statusText(words, a)}</td>
                      <td className="px-4 py-2">
                        <Button
                          size="sm"
                          variant="tertiary"
                          onPress={() => setSelected(a.cell)}
                          aria-label={t('network.diagram.showLabel', { pair: words.cell(a.cell) })}
                        >
                          {t('network.diagram.show')}
                        </Button>
                      </td>
                    </tr>
                  ))}
                  {arrows.length === 0 && (
                    <tr>
                      <td colSpan={3} className="px-4 py-4 text-solid-gray-700">
                        {t('network.diagram.empty')}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </PageSection>
          </div>
        );
      }}
    </Loaded>
  );
}
