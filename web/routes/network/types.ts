/** Response types of the network area, taken from the server's services (type-only imports). */
import type { Tier } from '../../../src/domain/tiers.ts';
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
/** An organisation unit as GET /units lists it (for the 所管課 select). */
export interface UnitOption {
  id: string;
  name: string;
  path: string;
  validTo: string | null;
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
  units: ['network', 'units'] as const,
};

/** TCP/UDP with the port; other protocols by number (`other` words the number in the reader's language). */
export const protoText = (proto: number, port: number | undefined, other: (n: number) => string) =>
  `${proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : proto === 1 ? 'ICMP' : other(proto)}${port !== undefined && (proto === 6 || proto === 17) ? `/${port}` : ''}`;
