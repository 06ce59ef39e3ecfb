/** Words of the network area in the current language: tiers, models, channels, finding kinds, clauses. */
import { useTranslation } from 'react-i18next';
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
    /** A finding kind in words; the code follows in brackets for people who search the manual by it. */
    code: (c: string) => `${t(`network.codes.${c}`, { defaultValue: c })}（${c}）`,
    clause: (c: TierClause) => `${c.document} ${c.ref}：${c.summary}［${c.label}］`,
    date: (iso: string) => formatDate(iso, lang),
    instant: (iso: string) => formatDateTime(iso, lang),
  };
}
