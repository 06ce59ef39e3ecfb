/**
 * Where a rule comes from, in words a town uses: the document and its section (「情報セキュリティ対策基準　人的セキュリティ
 * （情報資産の持ち出し）」), then once, small and muted, how sure the wording is (「ガイドラインの例文」) — or
 * 「Mamoriの点検項目」 when the rule is Mamori's own check rather than a clause of the policy. Mamori's internal ids
 * (AC-1, H-02, P-04) are only a tooltip.
 */
import { useTranslation } from 'react-i18next';
import type { AssetClause } from '../../../src/domain/classification.ts';

export function ClauseSource({ clause }: { clause: AssetClause }) {
  const { t } = useTranslation();
  const kind = clause.origin === 'mamori' ? 'mamori' : clause.label;
  return (
    <span title={clause.code ? t('assets.clause.code', { code: clause.code }) : undefined}>
      {clause.origin === 'mamori' ? clause.ref : `${clause.document}　${clause.ref}`}
      <span className="ml-2 text-dns-14N-130 font-normal text-solid-gray-700 whitespace-nowrap">
        （{t(`assets.clause.label.${kind}`)}）
      </span>
    </span>
  );
}
