/**
 * The default pledge texts (誓約書), created as version 1 for each audience the first time a tenant uses pledges.
 * They follow the 基本方針: §5 (comply with the policy and the 実施手順, also after leaving the post), §11 (follow
 * the laws) and §12 (sanctions and damages). A tenant revises them as new versions.
 */
import type { Clause } from '../../domain/duties.ts';
import type { Audience } from './contract.ts';

const POLICY = '情報セキュリティ基本方針';

export const PLEDGE_CLAUSES: Clause[] = [
  {
    document: POLICY,
    ref: '5',
    summary:
      '職員等及び委託事業者は、情報セキュリティポリシー及び情報セキュリティ実施手順を遵守しなければならない。また、その職を退いた後も同様とする。',
  },
  {
    document: POLICY,
    ref: '11',
    summary: '職員等及び委託事業者は、業務遂行において、関連法令等に従わなければならない。',
  },
  {
    document: POLICY,
    ref: '12',
    summary:
      '違反した職員等及び委託事業者は、関連法令等の規定により懲戒処分、訓告又は注意の対象となり、損害を与えたときは損害額の補てんを請求される。',
  },
];

function staffText(town: string): string {
  return `${town}長　様

私は、${town}の職員等として、情報資産を守ることが住民の信頼と事務の安定した運営に欠かせないことを理解し、次の事項を守ることを誓約します。

1　業務の遂行に当たっては、${town}情報セキュリティポリシー（情報セキュリティ基本方針及び情報セキュリティ対策基準）及び情報セキュリティ実施手順を遵守します。（基本方針5）

2　業務上知り得た情報を、許可なく他に漏らし、又は業務以外の目的に利用しません。情報資産を許可なく庁外に持ち出しません。

3　前2項の義務は、異動、退職等によりその職を退いた後も同様に守ります。（基本方針5）

4　業務の遂行に当たっては、個人情報の保護に関する法律、行政手続における特定の個人を識別するための番号の利用等に関する法律、地方公務員法その他の関連法令等に従います。（基本方針11）

5　情報セキュリティに関する事故又は違反を発見し、又はそのおそれを知ったときは、直ちに情報セキュリティ管理者に報告し、その指示に従います。

6　情報セキュリティポリシーに違反した場合には、関連法令等の規定により懲戒処分、訓告又は注意を受けること、及び違反により${town}に損害を与えたときは損害額の補てんを請求されることを承知します。（基本方針12）`;
}

function contractorText(town: string): string {
  return `${town}長　様

私は、${town}から委託を受けた業務に従事する者として、${town}の情報資産を守ることの重要性を理解し、次の事項を守ることを誓約します。

1　委託業務の遂行に当たっては、${town}情報セキュリティポリシー及び情報セキュリティ実施手順のうち委託業務に関係する事項、並びに委託契約に定める情報セキュリティ要件を遵守します。（基本方針5、6(8)）

2　委託業務により知り得た情報を、許可なく第三者に漏らし、又は委託業務以外の目的に利用しません。委託業務で扱う情報資産を、許可なく複製し、又は持ち出しません。

3　前2項の義務は、委託業務から離れた後及び委託契約が終了した後も同様に守ります。（基本方針5）

4　委託業務の遂行に当たっては、個人情報の保護に関する法律、行政手続における特定の個人を識別するための番号の利用等に関する法律その他の関連法令等に従います。（基本方針11）

5　情報セキュリティに関する事故又は違反を発見し、又はそのおそれを知ったときは、直ちに${town}の担当課及び所属する事業者の責任者に報告し、その指示に従います。

6　情報セキュリティポリシーに違反した場合には、関連法令等及び委託契約の定めにより必要な措置を受けること、並びに違反により${town}に損害を与えたときは損害額の補てんを請求されることを承知します。（基本方針12）`;
}

export function defaultPledgeText(audience: Audience, town: string): { title: string; body: string } {
  return audience === 'CONTRACTOR'
    ? { title: '情報セキュリティに関する誓約書（委託事業者）', body: contractorText(town) }
    : { title: '情報セキュリティに関する誓約書', body: staffText(town) };
}
