/**
 * Register checks that need no firewall rules (three-tier-model.md A6, A2): マイナンバー系 terminal groups must
 * enforce MFA and block export; under β/β′ Internet-side terminals need EDR. Pure.
 */
import type { NetworkModel, TierClause } from '../../domain/tiers.ts';
import type { NetworkSystemView } from './register.service.ts';

export interface RegisterFinding {
  code: 'MYNUMBER-ENDPOINT' | 'EDR-MISSING';
  severity: 'high';
  certainty: 'definite';
  message: { ja: string; en: string };
  clause: TierClause;
  systemId: string;
}

// Cite the policy as the town reads it (document and clause), never the design note behind the check.
const A6: TierClause = {
  label: '確認済',
  document: '情報セキュリティ基本方針',
  ref: '6(3)①',
  summary: 'マイナンバー利用事務系の端末は、多要素認証を導入し、情報の持ち出しができないよう設定する',
};
const A2: TierClause = {
  label: '例文',
  document: '対策基準（三層の対策）',
  ref: 'β・β′モデルの追加要件',
  summary: 'インターネット接続系の端末にウイルス対策（EPP）及び EDR を導入する',
};

export function registerFindings(model: NetworkModel, systems: NetworkSystemView[]): RegisterFinding[] {
  const out: RegisterFinding[] = [];
  for (const s of systems) {
    for (const g of s.terminalGroups) {
      if (s.tier === 'mynumber' && (g.mfa !== 'enforced' || g.exportBlocking !== 'blocked')) {
        const missing = [
          g.mfa !== 'enforced' ? '多要素認証' : '',
          g.exportBlocking !== 'blocked' ? '情報持ち出し不可設定' : '',
        ]
          .filter(Boolean)
          .join('・');
        out.push({
          code: 'MYNUMBER-ENDPOINT',
          severity: 'high',
          certainty: 'definite',
          message: {
            ja: `${s.name} の端末グループ「${g.name}」に${missing}がありません`,
            en: `terminal group "${g.name}" of ${s.name} lacks ${g.mfa !== 'enforced' ? 'MFA ' : ''}${g.exportBlocking !== 'blocked' ? 'export blocking' : ''}`.trim(),
          },
          clause: A6,
          systemId: s.id,
        });
      }
      if ((model === 'beta' || model === 'betaPrime') && s.tier === 'internet' && !g.edr) {
        out.push({
          code: 'EDR-MISSING',
          severity: 'high',
          certainty: 'definite',
          message: {
            ja: `${s.name} の端末グループ「${g.name}」に EDR がありません（${model === 'beta' ? 'β' : 'β′'}モデル）`,
            en: `terminal group "${g.name}" of ${s.name} has no EDR (${model})`,
          },
          clause: A2,
          systemId: s.id,
        });
      }
    }
  }
  return out;
}
