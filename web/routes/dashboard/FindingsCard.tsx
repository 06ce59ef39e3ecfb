import { useTranslation } from 'react-i18next';
import type { Finding, OrganisationFindings } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { ErrorIcon, InfoIcon, WarningIcon } from '../../components/Icons.tsx';
import { cx } from '../../lib/cx.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';

type Severity = Finding['severity'];
const ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const SEVERITY_STYLE: Record<Severity, { box: string; Icon: typeof InfoIcon }> = {
  critical: { box: 'border-red-900 bg-red-50 text-red-1000', Icon: ErrorIcon },
  high: { box: 'border-orange-900 bg-orange-50 text-orange-1100', Icon: WarningIcon },
  medium: { box: 'border-yellow-900 bg-yellow-50 text-yellow-1200', Icon: WarningIcon },
  low: { box: 'border-solid-gray-600 bg-solid-gray-50 text-solid-gray-800', Icon: InfoIcon },
};

/** Severity in words and an icon, never colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  const s = SEVERITY_STYLE[severity];
  return (
    <span
      className={cx(
        'inline-flex min-w-[4.5rem] shrink-0 items-center justify-center gap-1 rounded-6 border px-2 py-0.5 text-dns-14B-130',
        s.box,
      )}
    >
      <s.Icon size={16} />
      {t(`dashboard.severity.${severity}`)}
    </span>
  );
}

const DOCUMENT_SHORT: Record<string, { ja: string; en: string }> = {
  情報セキュリティ基本方針: { ja: '基本方針', en: 'Basic policy' },
  情報セキュリティ対策基準: { ja: '対策基準', en: 'Security standards' },
};

/** 基本方針 6(1): the clause a finding comes from, so a person can check it against the policy. */
export function useClauseLabel() {
  const lang = useLanguage();
  return (c: Finding['clause']) => `${DOCUMENT_SHORT[c.document]?.[lang] ?? c.document} ${c.ref}`;
}

/** Where the finding can be dealt with (pages of the organisation area). */
function linkFor(f: Finding): string {
  if (f.subject?.kind === 'org_unit') return `/organisation/units/${encodeURIComponent(f.subject.id)}`;
  return '/organisation/appointments';
}

export function OrganisationFindingsCard({ data }: { data: OrganisationFindings }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const clauseLabel = useClauseLabel();
  const findings = [...data.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const clauses = [...new Map(findings.map((f) => [clauseLabel(f.clause), f.clause])).entries()];
  const total = findings.length + data.conflicts.length;
  // A 情報セキュリティ責任者・管理者 is shown only their own units' findings; the card says so.
  const ownUnits = data.reach === 'ownUnits';

  return (
    <section aria-labelledby="org-findings-title" className="rounded-12 border border-solid-gray-200 bg-white">
      <div className="flex items-center justify-between gap-4 border-b border-solid-gray-200 px-6 py-4">
        <h2 id="org-findings-title" className="text-std-22B-150 text-solid-gray-900">
          {t('dashboard.orgCard')}
        </h2>
        <span className="rounded-full bg-solid-gray-800 px-3 py-0.5 text-dns-16B-130 text-white">
          {t('common.count', { count: total })}
        </span>
      </div>
      {total === 0 ? (
        <p className="px-6 py-6 text-std-16N-170">
          {t(ownUnits ? 'dashboard.orgEmptyOwnUnits' : 'dashboard.orgEmpty')}
        </p>
      ) : (
        <div className="flex flex-col">
          {ownUnits && (
            <p className="border-b border-solid-gray-200 px-6 py-3 text-std-16N-170 text-solid-gray-800">
              {t('dashboard.orgOwnUnits')}
            </p>
          )}
          <ul aria-label={t('dashboard.orgCard')} className="flex flex-col">
            {findings.map((f) => (
              <li
                key={`${f.code}:${f.subject?.id ?? ''}`}
                data-finding={f.code}
                className="flex items-start gap-4 border-b border-solid-gray-200 px-6 py-4 last:border-b-0"
              >
                <SeverityBadge severity={f.severity} />
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <p className="text-std-16B-170 text-solid-gray-900">{msg(f.message)}</p>
                  {f.subject && (
                    <p className="text-std-16N-170 text-solid-gray-800">
                      {t('dashboard.subject', { label: f.subject.label })}
                    </p>
                  )}
                  <p className="text-dns-14N-130 text-solid-gray-700">
                    {t('dashboard.clause')}：{clauseLabel(f.clause)}
                  </p>
                </div>
                <ButtonLink to={linkFor(f)} className="no-print shrink-0">
                  {t('dashboard.open')}
                  <span className="sr-only">：{msg(f.message)}</span>
                </ButtonLink>
              </li>
            ))}
          </ul>
          {data.conflicts.length > 0 && (
            <div className="border-t border-solid-gray-200 px-6 py-4">
              <h3 className="text-std-17B-170 text-solid-gray-900">{t('dashboard.conflicts')}</h3>
              <ul className="mt-2 flex flex-col gap-3">
                {data.conflicts.map((c) => (
                  <li key={`${c.rule}:${c.personId}`} className="flex items-start gap-4">
                    <SeverityBadge severity="medium" />
                    <p className="text-std-16N-170">
                      <span className="font-bold">{c.personName}</span>　{msg(c.message)}
                    </p>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {clauses.map(([label, clause]) => (
            <details key={label} className="border-t border-solid-gray-200 px-6 py-4 print:hidden">
              <summary className="cursor-pointer text-std-16B-170 text-blue-1000 underline underline-offset-[3px]">
                {t('dashboard.clauseDetails', { document: clause.document, ref: clause.ref })}
              </summary>
              <blockquote className="mt-2 border-l-4 border-solid-gray-300 pl-4 text-std-16N-170 text-solid-gray-800">
                {clause.summary}
              </blockquote>
            </details>
          ))}
          {clauses.map(([label, clause]) => (
            <p key={`print-${label}`} className="print-only border-t border-solid-gray-200 px-6 py-3">
              {t('dashboard.clauseDetails', { document: clause.document, ref: clause.ref })}：{clause.summary}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
