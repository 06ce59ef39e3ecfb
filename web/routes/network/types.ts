/** Response types of the network area, taken from the server's services (type-only imports). */
import type { Tier } from '../../../src/domain/tiers.ts';
import { TIER_LABELS } from '../../../src/modules/network/contract.ts';
import type { FindingView, ImportView } from '../../../src/modules/network/import.service.ts';
import type { NetworkSystemView } from '../../../src/modules/network/register.service.ts';

export type { FindingView, ImportView, NetworkSystemView, Tier };
export interface DiagramArrow {
  from: Tier;
  to: Tier;
  cell: string;
  verdict: 'allowed' | 'possibly' | 'denied';
  status: 'violation' | 'possible' | 'allowed';
  witness: FindingView['witness'];
  findings: FindingView[];
}
export interface Diagram {
  model: string | null;
  import: ImportView | null;
  systems: Array<{ id: string; name: string; tier: Tier; roles: string[]; addresses: string[] }>;
  arrows: DiagramArrow[];
}
export interface FindingsList {
  import: ImportView | null;
  total: number;
  codes: string[];
  items: FindingView[];
}

export const networkKeys = {
  all: ['network'] as const,
  diagram: ['network', 'diagram'] as const,
  systems: ['network', 'systems'] as const,
  system: (id: string) => ['network', 'systems', id] as const,
  findings: (q: string) => ['network', 'findings', q] as const,
  imports: ['network', 'imports'] as const,
};

export const tierName = (t: string) => TIER_LABELS[t as Tier]?.ja ?? t;
export const cellName = (cell: string | null) => {
  if (!cell) return '—';
  const [a, b] = cell.split('->');
  return `${tierName(a)} → ${tierName(b)}`;
};
export const STATUS_WORDS = { violation: '違反', possible: '許可の可能性', allowed: '許可（適合）' } as const;
export const SEVERITY_WORDS: Record<string, string> = {
  critical: '重大',
  high: '高',
  medium: '中',
  low: '低',
  info: '情報',
};
export const CERTAINTY_WORDS: Record<string, string> = { definite: '確定', possible: '可能性あり' };
export const protoText = (proto: number, port?: number) =>
  `${proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : proto === 1 ? 'ICMP' : `プロトコル${proto}`}${port !== undefined && (proto === 6 || proto === 17) ? `/${port}` : ''}`;
