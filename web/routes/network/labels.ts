/** Words of the network area in the current language: tiers, models, channels, finding kinds, clauses. */
import { useTranslation } from 'react-i18next';
import { type RuleRef, ruleWords } from '../../../src/domain/flows/findings.ts';
import type { TierClause } from '../../../src/domain/tiers.ts';
import { formatDate, formatDateTime } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';

export function useNetworkWords() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tier = (x: string) => t(`network.tiers.${x}`, { defaultValue: x });
  return {
    t,
    lang,
    tier,
    cell: (cell: string | null) => {
      if (!cell) return '—';
      const [a, b] = cell.split('->');
      return `${tier(a)} → ${tier(b)}`;
    },
    model: (m: string) => t(`network.models.${m}`, { defaultValue: m }),
    mechanism: (m: string) => t(`network.mechanisms.${m}`, { defaultValue: m }),
    list: (l: string) => t(`network.lists.${l}`, { defaultValue: l }),
    /** A system role (`lgwan-mail`) by name; a free-text role the town typed itself is shown as typed. */
    role: (r: string) => t(`network.roles.${r}`, { defaultValue: r }),
    severity: (s: string) => t(`network.severity.${s}`, { defaultValue: s }),
    certainty: (c: string) => t(`network.certainty.${c}`, { defaultValue: c }),
    /** A finding kind in words (the code itself goes in a tooltip, for people who search the manual by it). */
    code: (c: string) => t(`network.codes.${c}`, { defaultValue: c }),
    /** The evidence label of a clause in words: 出典確認済み / ガイドラインの例文 / 要確認の既定値. */
    evidence: (label: string) => t(`network.evidence.${label}`, { defaultValue: label }),
    clause: (c: TierClause) =>
      `${c.document} ${c.ref}：${c.summary}（${t(`network.evidence.${c.label}`, { defaultValue: c.label })}）`,
    /** A firewall rule in words with its line: 「FORWARD チェーン 9番目のルール（15行目）」; never the file name. */
    rule: (r: Pick<RuleRef, 'id' | 'chain' | 'line'>) =>
      t('network.findings.ruleAt', { rule: ruleWords(r)[lang === 'en' ? 'en' : 'ja'], line: r.line }),
    date: (iso: string) => formatDate(iso, lang),
    instant: (iso: string) => formatDateTime(iso, lang),
    /** 令和8年11月26日（2026年11月26日）14時32分 — a point in time written out, for running text. */
    instantWords: (iso: string) => {
      const s = formatDateTime(iso, lang);
      return lang === 'ja' ? s.replace(/ (\d{2}):(\d{2})$/, (_, h: string, m: string) => `${Number(h)}時${m}分`) : s;
    },
  };
}
