/**
 * One information asset: every register field, its classification with the scheme it was classified under, the
 * 取扱制限 that follow from its levels (each with its clause), declared against required levels (high-watermark,
 * with the path that explains it), its links both ways, the 表示 text for marking (printable on its own), findings,
 * and the lifecycle panel (records and permission requests).
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { FullInstant } from '../../components/FullInstant.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { DateText, Facts, Loaded, PageSection } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { ClauseSource } from './ClauseCitation.tsx';
import './assets.css';
import { AXIS_KEYS, type AxisKey } from './hooks.ts';
import { LifecyclePanel } from './lifecycle/LifecyclePanel.tsx';
import { type AssetDetail, assetKeys } from './types.ts';

const AXIS_OF: Record<AxisKey, 'C' | 'I' | 'A'> = { confidentiality: 'C', integrity: 'I', availability: 'A' };

/** Prints only the 表示 box (a sticker or stamp text): the page is marked while the print dialog is open. */
function printLabel() {
  document.body.classList.add('asset-label-printing');
  const done = () => {
    document.body.classList.remove('asset-label-printing');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

function ClassificationSection({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  const rows = AXIS_KEYS.map((axis) => {
    const declared = a[axis];
    const required = a.required[AXIS_OF[axis]];
    const short = !!required && (declared?.rank ?? 0) < required.rank;
    return { axis, declared, required, short };
  });
  return (
    <PageSection id="asset-classification" title={t('assets.detail.classification')}>
      <p className="text-std-16N-170">
        {t('assets.detail.scheme')}：{a.scheme ? <strong>{a.scheme.name}</strong> : t('assets.detail.noScheme')}
      </p>
      {a.belowRequired && (
        <NotificationBanner kind="error" live={false} title={t('assets.detail.mismatchTitle')}>
          <p>{t('assets.detail.mismatchLead')}</p>
          <ul className="mt-2 list-disc pl-6">
            {a.watermark?.explanations.map((e) => (
              <li key={e.axis}>
                {t(`assets.axes.${e.axis}`)}：{t('assets.detail.requiredAtLeast', { level: e.required })}（{e.text}）
              </li>
            ))}
          </ul>
        </NotificationBanner>
      )}
      <div className="w-full overflow-x-auto">
        <table className="w-full border-collapse text-left text-std-16N-170" data-testid="declared-vs-required">
          <caption className="pb-2 text-left text-std-17B-170">{t('assets.detail.declaredVsRequired')}</caption>
          <thead>
            <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
              <th scope="col" className="px-4 py-3">
                {t('assets.detail.axis')}
              </th>
              <th scope="col" className="px-4 py-3">
                {t('assets.detail.declared')}
              </th>
              <th scope="col" className="px-4 py-3">
                {t('assets.detail.required')}
              </th>
              <th scope="col" className="px-4 py-3">
                {t('assets.detail.verdict')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.axis} className="border-b border-solid-gray-200">
                <th scope="row" className="px-4 py-3 text-left font-bold">
                  {t(`assets.fields.${r.axis}`)}
                </th>
                <td className="px-4 py-3">{r.declared?.name ?? t('assets.unclassified')}</td>
                <td className="px-4 py-3">{r.required?.name ?? '—'}</td>
                <td className="px-4 py-3">
                  {r.short ? (
                    <strong className="text-red-900">✕ {t('assets.detail.short')}</strong>
                  ) : r.declared ? (
                    <span>✓ {t('assets.detail.ok')}</span>
                  ) : (
                    <strong className="text-red-900">✕ {t('assets.detail.notClassified')}</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {a.proposal && (
        <NotificationBanner
          kind="info"
          live={false}
          title={t('assets.detail.proposalTitle', { scheme: a.proposal.schemeName })}
        >
          <p>
            {t('assets.detail.proposal', {
              proposed: a.proposal.confidentiality.proposed,
              alternatives: a.proposal.confidentiality.alternatives.join('・') || '—',
            })}
          </p>
          <p>{a.proposal.note}</p>
        </NotificationBanner>
      )}
    </PageSection>
  );
}

function LabelSection({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  return (
    <PageSection
      id="asset-label"
      title={t('assets.detail.label')}
      lead={t('assets.detail.labelLead')}
      actions={
        <Button variant="secondary" size="sm" onPress={printLabel}>
          {t('assets.detail.printLabel')}
        </Button>
      }
    >
      <div className="asset-label-box flex flex-col gap-2 rounded-8 border-4 border-double border-solid-gray-900 px-6 py-4">
        <p className="text-std-24B-150" data-testid="asset-label">
          {a.label.short}
        </p>
        <p className="text-std-16N-170">
          {a.ref}　{a.name}
          {a.unitPath ? `（${a.unitPath}）` : ''}
        </p>
        {a.label.full !== a.label.short && (
          <p className="text-std-16N-170">{a.label.full.slice(a.label.short.length).trim()}</p>
        )}
      </div>
    </PageSection>
  );
}

function RestrictionsSection({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  return (
    <PageSection
      id="asset-restrictions"
      title={t('assets.detail.restrictions')}
      lead={t('assets.detail.restrictionsLead')}
    >
      {a.restrictions.length === 0 ? (
        <p className="text-std-16N-170">
          {a.classified ? t('assets.detail.noRestrictions') : t('assets.detail.restrictionsUnclassified')}
        </p>
      ) : (
        <div className="w-full overflow-x-auto">
          <table className="w-full border-collapse text-left text-std-16N-170" data-testid="restrictions">
            <caption className="sr-only">{t('assets.detail.restrictions')}</caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                <th scope="col" className="px-4 py-3">
                  {t('assets.detail.restriction')}
                </th>
                <th scope="col" className="px-4 py-3">
                  {t('assets.detail.triggeredBy')}
                </th>
                <th scope="col" className="px-4 py-3">
                  {t('assets.detail.clause')}
                </th>
              </tr>
            </thead>
            <tbody>
              {a.restrictions.map((r) => (
                <tr key={r.code} className="border-b border-solid-gray-200 align-top">
                  <td className="px-4 py-3 font-bold">{r.name}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{r.triggeredBy.join('、')}</td>
                  <td className="px-4 py-3">
                    <span className="block">
                      <ClauseSource clause={r.clause} />
                    </span>
                    <span className="block text-solid-gray-800">{r.clause.summary}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PageSection>
  );
}

function LinksSection({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  const out = a.links.filter((l) => l.direction === 'outgoing');
  const inc = a.links.filter((l) => l.direction === 'incoming');
  const item = (l: AssetDetail['links'][number]) => (
    <li key={l.id}>
      <span className="font-bold">
        {l.direction === 'outgoing' ? l.kindLabel : t(`assets.detail.incoming.${l.kind}`)}
      </span>
      ：
      <Link to={`/assets/${l.other.id}`} className="text-blue-1000 underline underline-offset-[3px]">
        {l.other.ref} {l.other.name}
      </Link>
    </li>
  );
  return (
    <PageSection id="asset-links" title={t('assets.detail.links')} lead={t('assets.detail.linksLead')}>
      {a.links.length === 0 ? (
        <p className="text-std-16N-170">{t('assets.detail.noLinks')}</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <h3 className="text-std-17B-170">{t('assets.detail.outgoing')}</h3>
            {out.length ? <ul className="list-disc pl-6">{out.map(item)}</ul> : <p>—</p>}
          </div>
          <div>
            <h3 className="text-std-17B-170">{t('assets.detail.incomingTitle')}</h3>
            {inc.length ? <ul className="list-disc pl-6">{inc.map(item)}</ul> : <p>—</p>}
          </div>
        </div>
      )}
    </PageSection>
  );
}

function RegisterSection({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  const yes = (v: boolean) => (v ? t('assets.detail.has') : t('assets.detail.hasNot'));
  const text = (v: string | null | undefined): ReactNode => v || '—';
  const managers = a.owner.managers.map((m) => m.name).join('、');
  return (
    <PageSection id="asset-register" title={t('assets.detail.register')}>
      <Facts
        items={[
          { label: t('assets.fields.ref'), value: a.ref },
          { label: t('assets.fields.name'), value: a.name },
          { label: t('assets.fields.kind'), value: a.kindLabel },
          { label: t('assets.fields.business'), value: text(a.business) },
          {
            label: t('assets.fields.unit'),
            value: a.unitPath ?? <strong className="text-red-900">{t('assets.noOwner')}</strong>,
          },
          {
            label: t('assets.detail.manager'),
            value: managers || <strong className="text-red-900">{t('assets.detail.noManager')}</strong>,
          },
          { label: t('assets.fields.medium'), value: a.mediumLabel },
          { label: t('assets.fields.location'), value: text(a.location) },
          { label: t('assets.fields.tier'), value: a.tierLabel },
          { label: t('assets.fields.personal'), value: yes(a.hasPersonal) },
          { label: t('assets.fields.specificPersonal'), value: yes(a.hasSpecificPersonal) },
          { label: t('assets.fields.sensitivePersonal'), value: yes(a.hasSensitivePersonal) },
          { label: t('assets.fields.personCount'), value: text(a.personCountLabel) },
          { label: t('assets.fields.retention'), value: text(a.retention) },
          { label: t('assets.fields.retentionUntil'), value: <DateText iso={a.retentionUntil} /> },
          { label: t('assets.fields.userScope'), value: text(a.userScope) },
          { label: t('assets.fields.contractor'), value: text(a.contractor) },
          {
            label: t('assets.fields.nextReviewOn'),
            value: (
              <>
                <DateText iso={a.reviewDueOn} />
                {!a.nextReviewOn && (
                  <span className="ml-2 text-solid-gray-700">{t('assets.detail.reviewDefault')}</span>
                )}
                {a.reviewOverdue && <strong className="ml-2 text-red-900">⚠ {t('assets.list.overdue')}</strong>}
              </>
            ),
          },
          { label: t('assets.fields.lastReviewedOn'), value: <DateText iso={a.lastReviewedOn} /> },
          { label: t('assets.fields.note'), value: <span className="whitespace-pre-wrap">{text(a.note)}</span> },
          {
            label: t('assets.fields.status'),
            value: (
              <>
                {a.statusLabel}
                {a.disposedAt && (
                  <span className="ml-2">
                    （<FullInstant instant={a.disposedAt} />）
                  </span>
                )}
              </>
            ),
          },
          { label: t('assets.detail.updatedAt'), value: <FullInstant instant={a.updatedAt} /> },
        ]}
      />
    </PageSection>
  );
}

function Findings({ a }: { a: AssetDetail }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  if (a.findings.length === 0) return null;
  return (
    <NotificationBanner kind="warning" live={false} title={t('assets.detail.findings', { count: a.findings.length })}>
      <ul className="flex list-disc flex-col gap-1 pl-6" data-testid="asset-findings">
        {a.findings.map((f) => (
          <li key={`${f.code}:${f.eventId ?? ''}:${f.message.ja}`}>
            {msg(f.message)}
            <span className="block text-dns-14N-130 text-solid-gray-800">
              {t(`assets.findings.code.${f.code}`, { defaultValue: f.code })}・<ClauseSource clause={f.clause} />
            </span>
          </li>
        ))}
      </ul>
    </NotificationBanner>
  );
}

export function AssetDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: assetKeys.detail(id), queryFn: () => get<AssetDetail>(`/assets/${id}`) });
  usePageTitle(query.data ? `${query.data.name}（${t('assets.title')}）` : t('assets.title'));
  return (
    <Loaded query={query}>
      {(a) => (
        <>
          <div>
            <Breadcrumb items={[{ label: t('assets.title'), href: '/assets' }, { label: a.name }]} />
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <p className="text-std-16N-170 text-solid-gray-800">
                  {t('assets.fields.ref')} {a.ref}
                </p>
                <h1 className="text-std-32B-150 text-solid-gray-900">{a.name}</h1>
                <p className="text-std-20B-150">{a.label.short}</p>
              </div>
              <div className="no-print flex flex-wrap gap-3">
                {a.can.edit && a.status === 'ACTIVE' && (
                  <ButtonLink to={`/assets/${a.id}/edit`} variant="primary" size="md">
                    {t('assets.detail.edit')}
                  </ButtonLink>
                )}
                <PrintButton what={a.name} />
              </div>
            </div>
          </div>
          {a.status === 'DISPOSED' && (
            <NotificationBanner kind="info" live={false}>
              {t('assets.detail.disposed')}
            </NotificationBanner>
          )}
          <Findings a={a} />
          <ClassificationSection a={a} />
          <RestrictionsSection a={a} />
          <LabelSection a={a} />
          <RegisterSection a={a} />
          <LinksSection a={a} />
          <LifecyclePanel assetId={a.id} />
        </>
      )}
    </Loaded>
  );
}
