/** Finding codes of the flow checker (three-tier-model.md B6) with their severity and the clause they rest on. */
import type { TierClause } from '../tiers.ts';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Certainty = 'definite' | 'possible';

export type NetworkFindingCode =
  | 'TIER-FORBIDDEN'
  | 'TIER-UNSANITIZED'
  | 'TOKUTEI-UNLISTED'
  | 'LBO-UNAPPROVED'
  | 'SECURITY-CLOUD-BYPASS'
  | 'ANY-ANY-CROSS-TIER'
  | 'CHANNEL-CONDITION'
  | 'EXCEPTION-EXPIRED'
  | 'UNREGISTERED-FLOW'
  | 'BLOCKED-DECLARED-FLOW'
  | 'NO-FINAL-DENY'
  | 'SHADOWED'
  | 'REDUNDANT'
  | 'UNDEFINED-REF'
  | 'UNUSED-OBJECT'
  | 'POSSIBLE-MATCH'
  | 'LIMITATION';

export interface RuleRef {
  id: string;
  chain: string;
  file: string;
  line: number;
}

/** A protocol by name (TCP, UDP, ICMP) with the port, or by number; for finding messages and the web. */
export function serviceWords(proto: number, port?: number): { ja: string; en: string } {
  const name = proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : proto === 1 ? 'ICMP' : proto === 58 ? 'ICMPv6' : null;
  if (!name) return { ja: `プロトコル番号 ${proto}`, en: `protocol ${proto}` };
  const withPort = port !== undefined && (proto === 6 || proto === 17);
  return { ja: withPort ? `${name}/${port}` : name, en: withPort ? `${name}/${port}` : name };
}

/** A rule in words: iptables/nftables ids (`FORWARD#9`) as the chain and position, others by their own name. */
export function ruleWords(rule: { id: string; chain?: string }): { ja: string; en: string } {
  const m = /^(?:nat:)?(.+)#(\d+)$/.exec(rule.id);
  if (m) return { ja: `${m[1]} チェーン ${m[2]}番目のルール`, en: `rule ${m[2]} of chain ${m[1]}` };
  return { ja: `ルール「${rule.id}」`, en: `rule "${rule.id}"` };
}

/** A concrete packet that shows the verdict; `rule` null means the chain's default action decided. */
export interface Witness {
  srcIp: string;
  dstIp: string;
  proto: number;
  port?: number;
  srcPort?: number;
  srcZone?: string;
  dstZone?: string;
  srcSystemId?: string;
  dstSystemId?: string;
  verdict: 'allowed' | 'possibly' | 'denied';
  rule: RuleRef | null;
}

export interface NetworkFinding {
  code: NetworkFindingCode;
  severity: Severity;
  certainty: Certainty;
  message: { ja: string; en: string };
  clause: TierClause;
  /** `from->to` matrix cell for tier findings. */
  cell?: string;
  rule?: RuleRef;
  witness?: Witness;
  /** How many equivalence classes / flows the finding stands for. */
  count?: number;
}

// Network findings cite the basic policy where it says so itself (6(3) ①–③); the rest follows the guideline's model
// text for the 対策基準 (three-tier measures), which each town words in its own 対策基準.
const POLICY = '情報セキュリティ基本方針';
const STANDARD = '対策基準（三層の対策）';
const P = (ref: string, summary: string): TierClause => ({ label: '確認済', document: POLICY, ref, summary });
const S = (ref: string, summary: string, label: TierClause['label'] = '例文'): TierClause => ({
  label,
  document: STANDARD,
  ref,
  summary,
});
const TRAFFIC = '通信の管理';
const RULES = 'ファイアウォール設定の点検';

export const FINDING_CATALOGUE: Record<NetworkFindingCode, { severity: Severity; clause: TierClause }> = {
  'TIER-FORBIDDEN': { severity: 'critical', clause: P('6(3)①', '禁止区分への通信') },
  'TIER-UNSANITIZED': { severity: 'critical', clause: P('6(3)②', '無害化経路以外のLGWAN⇔インターネット通信') },
  'TOKUTEI-UNLISTED': { severity: 'critical', clause: P('6(3)①', '未登録の特定通信') },
  'LBO-UNAPPROVED': { severity: 'high', clause: S(TRAFFIC, 'α′ 未承認先へのローカルブレイクアウト') },
  'SECURITY-CLOUD-BYPASS': { severity: 'high', clause: P('6(3)③', 'セキュリティクラウドを経由しない外部通信') },
  'ANY-ANY-CROSS-TIER': { severity: 'high', clause: S(TRAFFIC, 'セグメントをまたぐ any/any 許可') },
  'CHANNEL-CONDITION': {
    severity: 'high',
    clause: S(TRAFFIC, '画面転送の条件（クリップボード・プリンタ・ドライブ無効）'),
  },
  'EXCEPTION-EXPIRED': { severity: 'high', clause: S(TRAFFIC, '期限切れの例外') },
  'UNREGISTERED-FLOW': { severity: 'medium', clause: S(TRAFFIC, '台帳に登録のない通信の許可') },
  'BLOCKED-DECLARED-FLOW': { severity: 'medium', clause: S(TRAFFIC, '登録済み通信の遮断') },
  'NO-FINAL-DENY': {
    severity: 'medium',
    clause: S(RULES, '既定許可又は最終拒否ルールなし（CIS Palo Alto 7.3）', '確認済'),
  },
  SHADOWED: { severity: 'medium', clause: S(RULES, '先行ルールに隠されたルール（Al-Shaer & Hamed）') },
  REDUNDANT: { severity: 'low', clause: S(RULES, '削除しても判定が変わらないルール（Al-Shaer & Hamed）') },
  'UNDEFINED-REF': { severity: 'medium', clause: S(RULES, '未定義オブジェクトの参照') },
  'UNUSED-OBJECT': { severity: 'info', clause: S(RULES, '未使用オブジェクト') },
  'POSSIBLE-MATCH': { severity: 'info', clause: S(RULES, 'FQDN・アプリケーション・状態に依存する一致') },
  LIMITATION: { severity: 'info', clause: S(RULES, '評価対象外（NAT、経路、未対応の構文）') },
};

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A possible violation is reported one severity lower (product rule, B4). */
export function severityFor(code: NetworkFindingCode, certainty: Certainty): Severity {
  const base = FINDING_CATALOGUE[code].severity;
  if (certainty === 'definite') return base;
  return ORDER[Math.min(ORDER.indexOf(base) + 1, ORDER.length - 1)];
}

export function finding(
  code: NetworkFindingCode,
  certainty: Certainty,
  message: { ja: string; en: string },
  extra: Partial<NetworkFinding> = {},
): NetworkFinding {
  return {
    code,
    severity: severityFor(code, certainty),
    certainty,
    message,
    clause: FINDING_CATALOGUE[code].clause,
    ...extra,
  };
}
