/**
 * 三層の対策: segments (tiers), network models α/α′/β/β′, the allowed-flow matrix as data, listed exceptions and
 * `verdictForFlow`. Pure; every cell cites its source with an evidence label (../shared/domain/README.md):
 * [確認済] default, [例文] preset, [要確認] must stay configurable (see `matrixFor` overrides).
 */
import type { Clause } from './duties.ts';
import { parseAddress, parseCidr } from './flows/ip.ts';
import {
  ALPHA_CELLS,
  ALPHA_PRIME_BREAKOUT,
  DEFAULT_CELL,
  EXCEPTION_PRESETS,
  FILE_CHANNEL,
  INTRA_TIER,
  MAIL_CHANNEL,
  MODEL_PROFILES,
  screenChannel,
} from './flows/matrix-data.ts';
import { LIST_NAMES, pairEn, pairJa } from './tier-names.ts';

export type { ModelProfile } from './flows/matrix-data.ts';
export { TIER_NAMES } from './tier-names.ts';
export { EXCEPTION_PRESETS, INTRA_TIER, MODEL_PROFILES };

export const SEGMENT_TIERS = ['mynumber', 'lgwan', 'internet', 'lgwan-wan', 'internet-external'] as const;
export type SegmentTier = (typeof SEGMENT_TIERS)[number];
/** `security-cloud` (prefectural egress), `mgmt` and `other` are auxiliary tiers outside the policy's three. */
export type Tier = SegmentTier | 'security-cloud' | 'mgmt' | 'other';
export const ALL_TIERS: readonly Tier[] = [...SEGMENT_TIERS, 'security-cloud', 'mgmt', 'other'];

export const NETWORK_MODELS = ['alpha', 'alphaPrime', 'beta', 'betaPrime'] as const;
export type NetworkModel = (typeof NETWORK_MODELS)[number];

export type EvidenceLabel = '確認済' | '例文' | '要確認';
export interface TierClause extends Clause {
  label: EvidenceLabel;
  url?: string;
}

export type Mechanism =
  | 'direct'
  | 'sanitized-mail'
  | 'sanitized-file'
  | 'screen-transfer'
  | 'tokutei-tsushin'
  | 'lbo-cloud'
  | 'mail-relay-outbound'
  | 'file-export';
export type ChannelMechanism = 'sanitized-mail' | 'sanitized-file' | 'screen-transfer';
export type ExceptionList = 'tokuteiTsushin' | 'controlledLinks' | 'approvedCloudTenants' | 'outboundTransfers';

export type MatrixCell = { clause: TierClause } & (
  | { type: 'forbidden' }
  | { type: 'exact'; list: ExceptionList }
  /** `alsoExact`: registered pairs outside the 無害化 channels (outbound relay / export, open point of A3). */
  | { type: 'sanitized'; channels: ChannelMechanism[]; alsoExact?: ExceptionList }
  | { type: 'via'; through: 'security-cloud-egress'; registeredOnly?: boolean }
  | { type: 'allowed' }
);

/** A 無害化 channel: the only shape of flow a `sanitized` cell admits (three-tier-model.md B3). */
export interface ChannelRule {
  mechanism: ChannelMechanism;
  from: Tier;
  to: Tier;
  fromRoles: string[] | 'any';
  toRoles: string[] | 'any';
  /** 'tcp/25', 'tcp/1000-2000', 'udp/53', 'icmp', 'any'. */
  services: string[];
  clause: TierClause;
}

export interface FlowMatrix {
  model: NetworkModel;
  version: string;
  cells: Record<string, MatrixCell>;
  defaultCell: MatrixCell;
  channels: ChannelRule[];
}

export interface MatrixOverrides {
  cells?: Record<string, MatrixCell>;
  /** Replaces the channel list (e.g. other screen-transfer ports). */
  channels?: ChannelRule[];
  /** A3 open point: permit registered outbound relay / export pairs (default true). */
  allowOutboundTransfers?: boolean;
}

const cellKeys = new Map<string, Map<string, string>>();

export function cellKey(from: Tier, to: Tier): string {
  // The checker asks for the same few keys tens of thousands of times: build each string once.
  let byTo = cellKeys.get(from);
  if (!byTo) {
    byTo = new Map();
    cellKeys.set(from, byTo);
  }
  let key = byTo.get(to);
  if (key === undefined) {
    key = `${from}->${to}`;
    byTo.set(to, key);
  }
  return key;
}

/** The matrix of one model; [要確認] cells and channels may be replaced through `overrides`. */
export function matrixFor(model: NetworkModel, overrides: MatrixOverrides = {}): FlowMatrix {
  const cells: Record<string, MatrixCell> = { ...ALPHA_CELLS };
  if (model === 'alphaPrime') cells['lgwan->internet-external'] = ALPHA_PRIME_BREAKOUT;
  const st = MODEL_PROFILES[model].screenTransfer;
  const screenRoles = st.to === 'internet' ? ['virtual-browser', 'screen-transfer-gw'] : ['screen-transfer-gw', 'vdi'];
  const channels = overrides.channels ?? [MAIL_CHANNEL, FILE_CHANNEL, screenChannel(st.from, st.to, screenRoles)];
  if (overrides.allowOutboundTransfers === false) {
    const cell = cells['lgwan->internet'];
    if (cell.type === 'sanitized') cells['lgwan->internet'] = { ...cell, alsoExact: undefined };
  }
  Object.assign(cells, overrides.cells);
  return { model, version: `2026-04-01.${model}`, cells, defaultCell: DEFAULT_CELL, channels };
}

export function cellFor(matrix: FlowMatrix, from: Tier, to: Tier): MatrixCell {
  if (from === to) return INTRA_TIER;
  return matrix.cells[cellKey(from, to)] ?? matrix.defaultCell;
}

/** One registry entry of 特定通信 / controlled link / approved tenant / outbound transfer (A4). */
export interface FlowException {
  id: string;
  list: ExceptionList;
  name: string;
  from: { systemId?: string; tier?: Tier; cidrs?: string[] };
  to: { systemId?: string; cidrs?: string[]; fqdns?: string[] };
  services: string[];
  legalBasis?: string;
  approvedBy: string;
  /** ISO dates; active while approvedOn ≤ on ≤ expiresOn. */
  approvedOn: string;
  expiresOn: string;
}

export function exceptionFromPreset(
  preset: keyof typeof EXCEPTION_PRESETS,
  fields: Omit<FlowException, 'list' | 'name'> & { name?: string },
): FlowException {
  const p = EXCEPTION_PRESETS[preset];
  return { ...fields, list: p.list, name: fields.name ?? p.name, legalBasis: fields.legalBasis ?? p.clause.summary };
}

export interface ParsedService {
  proto: number | 'any';
  ports?: [number, number];
}
const PROTOS: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, icmp: 1, icmpv6: 58 };

/** 'tcp/25', 'tcp/1000-2000', 'udp/53', 'icmp', '47', 'any' → protocol and port range; null when malformed. */
export function parseServiceText(text: string): ParsedService | null {
  const m = /^(any|[a-z0-9]+)(?:\/(\d{1,5})(?:-(\d{1,5}))?)?$/i.exec(text.trim());
  if (!m) return null;
  const name = m[1].toLowerCase();
  const proto = name === 'any' ? 'any' : /^\d+$/.test(name) ? Number(name) : PROTOS[name];
  if (proto === undefined || (typeof proto === 'number' && proto > 255)) return null;
  if (m[2] === undefined) return { proto };
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  return lo <= hi && hi <= 65535 ? { proto, ports: [lo, hi] } : null;
}

const services = new Map<string, ParsedService | null>();

export function serviceMatches(text: string, proto: number | 'any', port?: number): boolean {
  if (!services.has(text)) services.set(text, parseServiceText(text));
  const s = services.get(text);
  if (!s) return false;
  if (s.proto !== 'any' && s.proto !== proto) return false;
  return !s.ports || (port !== undefined && port >= s.ports[0] && port <= s.ports[1]);
}

export interface FlowEndpoint {
  tier: Tier;
  systemId?: string;
  roles?: readonly string[];
  address?: string;
  fqdn?: string;
}

export interface TierFlow {
  from: FlowEndpoint;
  to: FlowEndpoint;
  proto: number | 'any';
  port?: number;
  /** From the declared flow, when there is one. */
  mechanism?: Mechanism;
  screenTransfer?: { clipboard: boolean; printer: boolean; drive: boolean };
}

export type TierFindingCode =
  | 'TIER-FORBIDDEN'
  | 'TIER-UNSANITIZED'
  | 'TOKUTEI-UNLISTED'
  | 'LBO-UNAPPROVED'
  | 'SECURITY-CLOUD-BYPASS'
  | 'CHANNEL-CONDITION'
  | 'EXCEPTION-EXPIRED';

export interface FlowVerdict {
  allowed: boolean;
  cell: MatrixCell;
  cellKey: string;
  /** Set when the flow breaks the cell (or a condition of the channel that admitted it). */
  code?: TierFindingCode;
  clause: TierClause;
  exceptionId?: string;
  channel?: ChannelMechanism;
  reason: { ja: string; en: string };
}

const parsed = new Map<string, [bigint, bigint] | null>();
const cidrOf = (x: string) => {
  if (!parsed.has(x)) parsed.set(x, parseCidr(x));
  return parsed.get(x) ?? null;
};
const inCidrs = (cidrs: string[] | undefined, address: string | undefined): boolean => {
  if (!cidrs?.length || !address) return false;
  const a = parseAddress(address);
  return (
    a !== null &&
    cidrs.some((x) => {
      const r = cidrOf(x);
      return r !== null && a >= r[0] && a <= r[1];
    })
  );
};

function exceptionMatches(e: FlowException, flow: TierFlow): boolean {
  const f = e.from;
  const t = e.to;
  if (!f.systemId && !f.cidrs?.length && !f.tier) return false;
  if (f.systemId && f.systemId !== flow.from.systemId) return false;
  if (f.tier && f.tier !== flow.from.tier) return false;
  if (f.cidrs?.length && !inCidrs(f.cidrs, flow.from.address)) return false;
  const toOk =
    (t.systemId !== undefined && t.systemId === flow.to.systemId) ||
    inCidrs(t.cidrs, flow.to.address) ||
    (flow.to.fqdn !== undefined && (t.fqdns ?? []).includes(flow.to.fqdn));
  return toOk && e.services.some((s) => serviceMatches(s, flow.proto, flow.port));
}

function hasRole(roles: readonly string[] | undefined, wanted: string[] | 'any'): boolean {
  if (wanted === 'any') return true;
  if (roles) for (let i = 0; i < roles.length; i++) if (wanted.includes(roles[i])) return true;
  return false;
}

function anyService(services: readonly string[], proto: number | 'any', port: number | undefined): boolean {
  for (let i = 0; i < services.length; i++) if (serviceMatches(services[i], proto, port)) return true;
  return false;
}

const UNLISTED_CODE: Record<ExceptionList, TierFindingCode> = {
  tokuteiTsushin: 'TOKUTEI-UNLISTED',
  approvedCloudTenants: 'LBO-UNAPPROVED',
  controlledLinks: 'TIER-FORBIDDEN',
  outboundTransfers: 'TIER-UNSANITIZED',
};

function verdict(
  allowed: boolean,
  cell: MatrixCell,
  key: string,
  ja: string,
  en: string,
  extra: Partial<FlowVerdict> = {},
): FlowVerdict {
  return { allowed, cell, cellKey: key, clause: cell.clause, reason: { ja, en }, ...extra };
}

/** An active exception of `list` admitting the flow, or EXCEPTION-EXPIRED for a lapsed one, or null. */
function byException(
  list: ExceptionList,
  exceptions: readonly FlowException[],
  flow: TierFlow,
  on: string,
  cell: MatrixCell,
  key: string,
): FlowVerdict | null {
  let stale: FlowException | undefined;
  for (const e of exceptions) {
    if (e.list !== list || !exceptionMatches(e, flow)) continue;
    if (e.approvedOn <= on && on <= e.expiresOn)
      return verdict(true, cell, key, `登録済みの例外「${e.name}」`, `registered exception ${e.id}`, {
        exceptionId: e.id,
      });
    stale ??= e;
  }
  if (!stale) return null;
  return verdict(
    false,
    cell,
    key,
    `例外「${stale.name}」は有効期間（${stale.approvedOn}〜${stale.expiresOn}）外です`,
    `exception ${stale.id} not in force on ${on}`,
    { code: 'EXCEPTION-EXPIRED', exceptionId: stale.id },
  );
}

/**
 * Verdicts that depend only on the cell, its key and the channel rule that admitted the flow (if any) are built
 * once and shared: callers only read them. Variants: 0 allowed/admitted, 1 the finding.
 */
const fixedVerdicts = new WeakMap<MatrixCell, Map<string, Map<ChannelRule | null, FlowVerdict[]>>>();

function fixedList(cell: MatrixCell, key: string, channel: ChannelRule | null): FlowVerdict[] {
  let byKey = fixedVerdicts.get(cell);
  if (!byKey) {
    byKey = new Map();
    fixedVerdicts.set(cell, byKey);
  }
  let byChannel = byKey.get(key);
  if (!byChannel) {
    byChannel = new Map();
    byKey.set(key, byChannel);
  }
  let list = byChannel.get(channel);
  if (!list) {
    list = [];
    byChannel.set(channel, list);
  }
  return list;
}

/** The shared verdict, if built already (then nothing is allocated). */
function fixed(cell: MatrixCell, key: string, channel: ChannelRule | null, variant: number): FlowVerdict | undefined {
  return fixedList(cell, key, channel)[variant];
}

function keep(cell: MatrixCell, key: string, channel: ChannelRule | null, variant: number, v: FlowVerdict) {
  fixedList(cell, key, channel)[variant] = v;
  return v;
}

function byChannel(
  matrix: FlowMatrix,
  cell: Extract<MatrixCell, { type: 'sanitized' }>,
  flow: TierFlow,
  key: string,
): FlowVerdict | null {
  for (const ch of matrix.channels) {
    if (!cell.channels.includes(ch.mechanism) || ch.from !== flow.from.tier || ch.to !== flow.to.tier) continue;
    if (flow.mechanism && flow.mechanism !== 'direct' && flow.mechanism !== ch.mechanism) continue;
    if (!hasRole(flow.from.roles, ch.fromRoles) || !hasRole(flow.to.roles, ch.toRoles)) continue;
    if (!anyService(ch.services, flow.proto, flow.port)) continue;
    const st = flow.screenTransfer;
    if (ch.mechanism === 'screen-transfer' && (!st || st.clipboard || st.printer || st.drive)) {
      return (
        fixed(cell, key, ch, 1) ??
        keep(
          cell,
          key,
          ch,
          1,
          verdict(
            false,
            cell,
            key,
            '画面転送でクリップボード・プリンタ・ドライブ共有の無効化が確認できません',
            'screen transfer without clipboard/printer/drive disabled',
            { channel: ch.mechanism, clause: ch.clause, code: 'CHANNEL-CONDITION' },
          ),
        )
      );
    }
    return (
      fixed(cell, key, ch, 0) ??
      keep(
        cell,
        key,
        ch,
        0,
        verdict(true, cell, key, `無害化経路（${ch.mechanism}）`, `sanitised channel ${ch.mechanism}`, {
          channel: ch.mechanism,
          clause: ch.clause,
        }),
      )
    );
  }
  return null;
}

/**
 * Is `flow` admitted by the matrix of `model` on date `on` (ISO)? Exceptions count only while approved and
 * unexpired; a flow that only an expired exception would admit gets EXCEPTION-EXPIRED. The verdict may be shared
 * with other calls: do not modify it.
 */
export function verdictForFlow(
  model: NetworkModel | FlowMatrix,
  exceptions: readonly FlowException[],
  flow: TierFlow,
  on: string,
): FlowVerdict {
  const matrix = typeof model === 'string' ? matrixFor(model) : model;
  const key = cellKey(flow.from.tier, flow.to.tier);
  const cell = flow.from.tier === flow.to.tier ? INTRA_TIER : (matrix.cells[key] ?? matrix.defaultCell);
  switch (cell.type) {
    case 'allowed':
      return (
        fixed(cell, key, null, 0) ??
        keep(cell, key, null, 0, verdict(true, cell, key, '許可された通信区分', 'allowed cell'))
      );
    case 'forbidden':
      return (
        fixed(cell, key, null, 1) ??
        keep(
          cell,
          key,
          null,
          1,
          verdict(false, cell, key, `${pairJa(flow)}の通信は禁止されています`, `${pairEn(flow)} is forbidden`, {
            code: 'TIER-FORBIDDEN',
          }),
        )
      );
    case 'exact':
      return (
        byException(cell.list, exceptions, flow, on, cell, key) ??
        fixed(cell, key, null, 1) ??
        keep(
          cell,
          key,
          null,
          1,
          verdict(
            false,
            cell,
            key,
            `${pairJa(flow)}の通信は登録済みの${LIST_NAMES[cell.list].ja}に限られます`,
            `${pairEn(flow)} needs a registered ${LIST_NAMES[cell.list].en}`,
            { code: UNLISTED_CODE[cell.list] },
          ),
        )
      );
    case 'via': {
      const through = !!flow.from.roles?.includes(cell.through) || !!flow.to.roles?.includes(cell.through);
      if (through && (!cell.registeredOnly || flow.to.systemId))
        return (
          fixed(cell, key, null, 0) ??
          keep(cell, key, null, 0, verdict(true, cell, key, 'セキュリティクラウド経由', 'via the security cloud'))
        );
      return (
        fixed(cell, key, null, 1) ??
        keep(
          cell,
          key,
          null,
          1,
          verdict(
            false,
            cell,
            key,
            'セキュリティクラウドを経由しない外部通信です',
            'egress bypasses the security cloud',
            {
              code: 'SECURITY-CLOUD-BYPASS',
            },
          ),
        )
      );
    }
    case 'sanitized':
      return (
        byChannel(matrix, cell, flow, key) ??
        (cell.alsoExact ? byException(cell.alsoExact, exceptions, flow, on, cell, key) : null) ??
        fixed(cell, key, null, 1) ??
        keep(
          cell,
          key,
          null,
          1,
          verdict(
            false,
            cell,
            key,
            `${pairJa(flow)}の通信が、登録された無害化経路を通っていません`,
            `${pairEn(flow)} outside a registered sanitising channel`,
            { code: 'TIER-UNSANITIZED' },
          ),
        )
      );
  }
}
