/**
 * 構成図: systems grouped by tier as boxes, every open tier pair of the latest import as an arrow coloured by its
 * verdict AND labelled in words (違反 / 許可の可能性 / 許可). Arrows are buttons: click or Enter shows the witness.
 * The same arrows are listed as a table below for those who do not use the picture.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { InstantText, Loaded, PageSection } from '../../components/PageParts.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type Diagram, type DiagramArrow, networkKeys, STATUS_WORDS, tierName } from './types.ts';
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
const STYLE = {
  violation: { stroke: '#c50000', width: 5, dash: undefined, marker: 'url(#arrow-violation)' },
  possible: { stroke: '#8a5300', width: 3, dash: '10 6', marker: 'url(#arrow-possible)' },
  allowed: { stroke: '#1d6b2f', width: 2, dash: undefined, marker: 'url(#arrow-allowed)' },
} as const;

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

export function TierDiagram({
  data,
  selected,
  onSelect,
}: {
  data: Diagram;
  selected: string | null;
  onSelect: (cell: string) => void;
}) {
  const tiers = ['mynumber', 'lgwan', 'internet', 'lgwan-wan', 'internet-external'];
  const others = data.systems.filter((s) => !tiers.includes(s.tier));
  return (
    <svg
      viewBox="0 0 1000 560"
      className="w-full max-w-[1000px] rounded-8 border border-solid-gray-420 bg-white"
      role="group"
      aria-label="三層の構成図"
    >
      <defs>
        {(['violation', 'possible', 'allowed'] as const).map((k) => (
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
              {tier === 'other' ? 'その他' : tierName(tier)}
            </text>
            {systems.slice(0, max).map((s, i) => (
              <text key={s.id} x={b.x + 16} y={b.y + 52 + i * 22} fontSize={14} fill="#1a1a1a">
                ・{s.name.length > 17 ? `${s.name.slice(0, 16)}…` : s.name}
              </text>
            ))}
            {systems.length > max && (
              <text x={b.x + 16} y={b.y + 52 + max * 22} fontSize={14} fill="#333">
                ほか{systems.length - max}件
              </text>
            )}
          </g>
        );
      })}
      {data.arrows.map((a) => {
        const g = arrowGeometry(a);
        const st = STYLE[a.status];
        const label = `${tierName(a.from)} → ${tierName(a.to)}：${STATUS_WORDS[a.status]}`;
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
            className="cursor-pointer focus:outline-none [&:focus>line.focus]:stroke-[#ffd43d]"
            onClick={() => onSelect(a.cell)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(a.cell);
              }
            }}
          >
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
            {a.status !== 'allowed' && (
              <text
                x={(g.x1 + g.x2) / 2 + 6}
                y={(g.y1 + g.y2) / 2 - 6}
                fontSize={14}
                fontWeight="bold"
                fill={st.stroke}
              >
                {STATUS_WORDS[a.status]}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-6 text-std-16N-170" aria-label="凡例">
      {(['violation', 'possible', 'allowed'] as const).map((k) => (
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
          <span>
            {k === 'violation' && '違反：赤の太い実線。三層の対策に反する通信が許可されている'}
            {k === 'possible' && '許可の可能性：茶色の破線。FQDN・NAT等で確定できない'}
            {k === 'allowed' && '許可（適合）：緑の細い実線。登録済みの経路として許可'}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function DiagramPage() {
  const query = useQuery({ queryKey: networkKeys.diagram, queryFn: () => get<Diagram>('/network/diagram') });
  const [selected, setSelected] = useState<string | null>(null);
  const words = useNetworkWords();
  const msg = useBilingual();
  return (
    <Loaded query={query}>
      {(data) => {
        const names = new Map(data.systems.map((s) => [s.id, s.name]));
        const arrow = data.arrows.find((a) => a.cell === selected) ?? null;
        const violations = data.arrows.filter((a) => a.status === 'violation').length;
        return (
          <div className="flex flex-col gap-6">
            {data.import ? (
              <p className="text-std-16N-170">
                最新の取込：
                <InstantText instant={data.import.createdAt} />
                （判定日 {words.date(data.import.checkedOn)}、{data.import.files.map((f) => f.file).join('、')}
                ）。違反のある区分：
                {violations}件。 経路（ルーティング）・NAT・複数機器の連鎖は評価していません。
              </p>
            ) : (
              <NotificationBanner kind="info" live={false} title="ファイアウォール設定がまだ取り込まれていません">
                「ファイアウォール設定の取込」から設定ファイルを取り込むと、セグメント間の通信が矢印で表示されます。
              </NotificationBanner>
            )}
            <Legend />
            <TierDiagram data={data} selected={selected} onSelect={setSelected} />
            <section aria-live="polite" aria-labelledby="witness-title" className="flex flex-col gap-3">
              <h2 id="witness-title" className="text-std-24B-150">
                {arrow
                  ? `${tierName(arrow.from)} → ${tierName(arrow.to)}（${STATUS_WORDS[arrow.status]}）`
                  : '通信の詳細'}
              </h2>
              {!arrow && (
                <p>構成図の矢印又は下の一覧から区分を選ぶと、証拠となる通信（具体的なパケット）を表示します。</p>
              )}
              {arrow?.witness && <WitnessText witness={arrow.witness} names={names} />}
              {arrow?.findings.map((f) => (
                <p key={f.id} className="text-std-16N-170">
                  <strong>{words.code(f.code)}</strong>：{msg(f.message)}（{words.t('network.common.clause')}：
                  {words.clause(f.clause)}）
                </p>
              ))}
            </section>
            <PageSection id="arrows-title" title="セグメント間の通信の一覧">
              <table className="w-full border-collapse text-left text-std-16N-170">
                <thead>
                  <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                    <th scope="col" className="px-4 py-2">
                      通信元 → 通信先
                    </th>
                    <th scope="col" className="px-4 py-2">
                      判定
                    </th>
                    <th scope="col" className="px-4 py-2">
                      詳細
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.arrows.map((a) => (
                    <tr key={a.cell} className="border-b border-solid-gray-200">
                      <td className="px-4 py-2">{`${tierName(a.from)} → ${tierName(a.to)}`}</td>
                      <td className="px-4 py-2">{STATUS_WORDS[a.status]}</td>
                      <td className="px-4 py-2">
                        <Button
                          size="sm"
                          variant="tertiary"
                          onPress={() => setSelected(a.cell)}
                          aria-label={`${tierName(a.from)} → ${tierName(a.to)} の証拠を表示`}
                        >
                          証拠を表示
                        </Button>
                      </td>
                    </tr>
                  ))}
                  {data.arrows.length === 0 && (
                    <tr>
                      <td colSpan={3} className="px-4 py-4 text-solid-gray-700">
                        セグメント間で許可されている通信はありません。
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
