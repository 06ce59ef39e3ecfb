/**
 * One policy document: the version in force today as a clause tree (printable on A4), a revision scheduled to take
 * effect later (「令和X年X月X日施行予定」; the current version stays in force until then), the version history with
 * status and dates in 和暦（西暦）, and the choice of two versions for a 新旧対照表.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ROLES, type RoleCode } from '../../../src/domain/roles.ts';
import { get, post } from '../../api.ts';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Select } from '../../components/Select.tsx';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { ClauseTree } from './ClauseTree.tsx';
import { usePolicyHeading } from './heading.tsx';
import { usePolicyWords } from './labels.ts';
import { type DocumentDetail, type InForce, policyKeys, type VersionSummary } from './types.ts';

const OPEN = ['DRAFT', 'REVIEW', 'COMMITTEE', 'APPROVED'];

function History({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const until = new Map(doc.history.map((h) => [h.id, h.effectiveUntil]));
  return (
    <div className="print-table-full overflow-x-auto">
      <table className="w-full border-collapse text-left text-std-16N-170">
        <caption className="sr-only">{t('policies.document.history')}</caption>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            <th scope="col" className="px-3 py-2">
              {t('policies.fields.version')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('policies.fields.status')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('policies.fields.revisedOn')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('policies.fields.effectiveOn')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('policies.fields.changeSummary')}
            </th>
          </tr>
        </thead>
        <tbody>
          {doc.versions.map((v) => (
            <tr key={v.id} className="border-b border-solid-gray-200 align-top">
              <th scope="row" className="px-3 py-2 font-normal">
                <Link to={`/policies/versions/${v.id}`} className="text-blue-1000 underline">
                  {w.number(v.number)}
                </Link>
              </th>
              <td className="px-3 py-2">
                {w.status(v.status)}
                {v.status === 'PUBLISHED' && v.standing && (
                  <div className={v.standing === 'in_force' ? 'font-bold' : 'text-solid-gray-700'}>
                    {v.standing === 'in_force' ? '● ' : v.standing === 'scheduled' ? '◇ ' : ''}
                    {w.standing(v.standing)}
                  </div>
                )}
              </td>
              <td className="px-3 py-2">{w.date(v.revisedOn)}</td>
              <td className="px-3 py-2">
                {w.date(v.effectiveOn)}
                {until.get(v.id) && (
                  <div className="text-solid-gray-700">
                    {t('policies.document.until', { date: w.date(until.get(v.id)) })}
                  </div>
                )}
              </td>
              <td className="px-3 py-2">{v.changeSummary || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CompareChooser({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const navigate = useNavigate();
  const versions = doc.versions;
  const published = versions.filter((v) => v.status === 'PUBLISHED');
  const [to, setTo] = useState(versions[0]?.id ?? '');
  const [from, setFrom] = useState((published.find((v) => v.id !== versions[0]?.id) ?? versions[1])?.id ?? '');
  if (versions.length < 2)
    return <p className="text-std-16N-170 text-solid-gray-700">{t('policies.document.oneVersion')}</p>;
  const options = versions.map((v: VersionSummary) => ({
    value: v.id,
    label: `${w.number(v.number)}（${w.status(v.status)}${v.effectiveOn ? `・${t('policies.fields.effectiveOn')} ${w.date(v.effectiveOn)}` : ''}）`,
  }));
  return (
    <form
      className="no-print flex flex-wrap items-end gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/policies/documents/${doc.id}/compare?from=${from}&to=${to}`);
      }}
    >
      <Select
        id="compare-from"
        label={t('policies.compare.old')}
        value={from}
        onChange={setFrom}
        options={options}
        width="l"
        hideMarker
      />
      <Select
        id="compare-to"
        label={t('policies.compare.new')}
        value={to}
        onChange={setTo}
        options={options}
        width="l"
        hideMarker
      />
      <Button type="submit" variant="secondary" size="sm" isDisabled={!from || !to || from === to}>
        {t('policies.document.showCompare')}
      </Button>
    </form>
  );
}

export default function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const w = usePolicyWords();
  const lang = useLanguage();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const client = useQueryClient();
  const doc = useQuery({ queryKey: policyKeys.document(id), queryFn: () => get<DocumentDetail>(`/policies/${id}`) });
  const text = useQuery({ queryKey: policyKeys.inForce(id), queryFn: () => get<InForce>(`/policies/${id}/in-force`) });
  usePolicyHeading(doc.data?.title ?? null);
  const draft = useMutation({
    mutationFn: () => post<{ id: string }>(`/policies/${id}/versions`, {}),
    onSuccess: async (v) => {
      await client.invalidateQueries({ queryKey: policyKeys.all });
      navigate(`/policies/versions/${v.id}`);
    },
  });

  return (
    <Loaded query={doc}>
      {(d) => {
        const open = d.versions.find((v) => OPEN.includes(v.status));
        const roles = (d.visibleRoles ?? []) as RoleCode[];
        return (
          <div className="flex flex-col gap-8">
            <Facts
              items={[
                { label: t('policies.fields.kind'), value: w.kind(d.kind) },
                ...(d.establishedOn
                  ? [{ label: t('policies.fields.establishedOn'), value: w.date(d.establishedOn) }]
                  : []),
                {
                  label: t('policies.list.inForce'),
                  value: d.inForce
                    ? t('policies.document.inForceFacts', {
                        number: w.number(d.inForce.number),
                        revised: w.date(d.inForce.revisedOn),
                        effective: w.date(d.inForce.effectiveOn),
                      })
                    : t('policies.list.none'),
                },
                ...(d.scopeLabel ? [{ label: t('policies.fields.scope'), value: d.scopeLabel }] : []),
                ...(d.kind === 'PROCEDURE'
                  ? [
                      {
                        label: t('policies.fields.visibleRoles'),
                        value: roles.map((r) => (lang === 'en' ? ROLES[r]?.en : ROLES[r]?.ja) ?? r).join('、'),
                      },
                    ]
                  : [
                      {
                        label: t('policies.fields.onPortal'),
                        value: d.onPortal ? t('policies.list.onPortal') : t('policies.list.notOnPortal'),
                      },
                    ]),
              ]}
            />
            {d.scheduled.map((s) => (
              <NotificationBanner
                key={s.id}
                kind="info"
                live={false}
                title={s.effectiveOn ? w.scheduledOn(s.effectiveOn) : ''}
              >
                {t('policies.document.scheduledBody', {
                  number: w.number(s.number),
                  current: d.inForce ? w.number(d.inForce.number) : t('policies.list.none'),
                })}
              </NotificationBanner>
            ))}
            <div className="no-print flex flex-wrap gap-3">
              {open ? (
                <ButtonLink to={`/policies/versions/${open.id}`} variant="primary">
                  {t('policies.document.openVersion', { number: w.number(open.number), status: w.status(open.status) })}
                </ButtonLink>
              ) : (
                d.canEdit && (
                  <Button variant="primary" size="sm" isPending={draft.isPending} onPress={() => draft.mutate()}>
                    {t('policies.document.newDraft')}
                  </Button>
                )
              )}
              <PrintButton what={d.title} />
            </div>
            {draft.error && (
              <NotificationBanner kind="error" title={t('policies.document.draftFailed')}>
                {errorText(draft.error)}
              </NotificationBanner>
            )}
            <PageSection
              id="policy-in-force"
              title={t('policies.document.text')}
              lead={
                text.data?.version
                  ? t('policies.document.textLead', {
                      number: w.number(text.data.version.number),
                      effective: w.date(text.data.version.effectiveOn),
                    })
                  : undefined
              }
            >
              <Loaded query={text}>
                {(f) => (
                  <ClauseTree clauses={f.version?.clauses ?? []} level={3} emptyText={t('policies.document.noText')} />
                )}
              </Loaded>
            </PageSection>
            <PageSection id="policy-history" title={t('policies.document.history')}>
              <History doc={d} />
            </PageSection>
            <PageSection
              id="policy-compare"
              title={t('policies.document.compare')}
              lead={t('policies.document.compareLead')}
            >
              <CompareChooser doc={d} />
            </PageSection>
          </div>
        );
      }}
    </Loaded>
  );
}
