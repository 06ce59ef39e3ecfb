/**
 * 確認事項: mandatory roles without a holder and 兼務 (segregation of duties) to watch, each with the clause it rests
 * on, and — for those who appoint — a button that opens the appointment with the role and unit filled in.
 */
import { useTranslation } from 'react-i18next';
import type { AppointedRole } from '../../../../src/domain/roles.ts';
import type { Finding, OrganisationFindings } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { SeverityBadge, useClauseLabel } from '../../dashboard/FindingsCard.tsx';

/** Which appointment fills the gap a finding reports. */
const ROLE_FOR: Record<string, AppointedRole> = {
  'ORG-NO-CISO': 'CISO',
  'ORG-NO-TOTAL-RESPONSIBLE': 'TOTAL_SEC_RESPONSIBLE',
  'ORG-NO-CSIRT-LEAD': 'CSIRT_LEAD',
  'ORG-UNIT-NO-RESPONSIBLE': 'SEC_RESPONSIBLE',
  'ORG-UNIT-NO-MANAGER': 'SEC_MANAGER',
};

const ORDER: Record<Finding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function FindingsPanel({
  data,
  onAppoint,
}: {
  data: OrganisationFindings;
  onAppoint?: (role: AppointedRole, scopeId?: string) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const clauseLabel = useClauseLabel();
  const findings = [...data.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const total = findings.length + data.conflicts.length;
  // Each clause is quoted once, under the list, rather than on every line.
  const clauses = [...new Map(findings.map((f) => [clauseLabel(f.clause), f.clause])).entries()];
  if (total === 0) {
    return (
      <NotificationBanner kind="success" live={false} title={t('org.appt.findingsNone')}>
        {t('org.appt.findingsNoneLead')}
      </NotificationBanner>
    );
  }
  return (
    <section
      aria-labelledby="appt-findings"
      className="flex flex-col rounded-8 border-2 border-yellow-900 bg-white"
      data-testid="org-findings"
    >
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-solid-gray-200 bg-yellow-50 px-6 py-3">
        <h2 id="appt-findings" className="text-std-22B-150 text-solid-gray-900">
          {t('org.appt.findingsTitle', { count: total })}
        </h2>
        <p className="text-std-16N-170">{t('org.appt.findingsLead')}</p>
      </div>
      <ul className="flex flex-col">
        {findings.map((f) => {
          const role = ROLE_FOR[f.code];
          return (
            <li
              key={`${f.code}:${f.subject?.id ?? ''}`}
              data-finding={f.code}
              className="flex items-start gap-4 border-b border-solid-gray-200 px-6 py-3 last:border-b-0"
            >
              <SeverityBadge severity={f.severity} />
              <div className="flex min-w-0 flex-1 flex-col">
                <p className="text-std-16B-170 text-solid-gray-900">{msg(f.message)}</p>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {t('org.appt.clause')}：{clauseLabel(f.clause)}
                </p>
              </div>
              {onAppoint && role && (
                <Button
                  variant="secondary"
                  size="sm"
                  className="shrink-0"
                  onPress={() => onAppoint(role, f.subject?.id)}
                >
                  {t('org.appt.appointFor')}
                  <span className="sr-only">：{msg(f.message)}</span>
                </Button>
              )}
            </li>
          );
        })}
        {data.conflicts.map((c) => (
          <li
            key={`${c.rule}:${c.personId}`}
            data-finding={c.rule}
            className="flex items-start gap-4 border-b border-solid-gray-200 px-6 py-3 last:border-b-0"
          >
            <SeverityBadge severity="medium" />
            <div className="flex min-w-0 flex-1 flex-col">
              <p className="text-std-16B-170 text-solid-gray-900">
                {t('org.appt.conflictOf', { name: c.personName })}　{msg(c.message)}
              </p>
              <p className="text-dns-14N-130 text-solid-gray-700">
                {t('org.appt.clause')}：{t('org.appt.sodClause', { rule: c.rule })}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {clauses.length > 0 && (
        <div className="border-t border-solid-gray-200 px-6 py-3 text-std-16N-170 text-solid-gray-800">
          {clauses.map(([label, clause]) => (
            <p key={label}>{t('org.appt.clauseSummary', { clause: label, summary: clause.summary })}</p>
          ))}
        </div>
      )}
    </section>
  );
}
