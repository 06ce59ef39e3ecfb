/**
 * One message as the gateway processed it: the facts (who sent it to whom, verdict, delivery, policy version), the
 * body findings (URLs disabled, hidden text, links whose text and target differ), each attachment with its declared
 * and detected type, action, result and SHA-256 before and after, the originals kept in quarantine, the versions made
 * from it, the requests for its original, and the 無害化レポート as the recipient received it.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { defangUrl } from '../../../src/sanitizer/body/defang.ts';
import { get } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, Loaded, PageSection } from '../../components/PageParts.tsx';
import { PrintButton } from '../../components/PrintButton.tsx';
import { Table } from '../../components/Table.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { useSanitizerWords } from './labels.ts';
import { PartVerdictBadge, VerdictBadge } from './parts.tsx';
import { ReleasePanel } from './ReleasePanel.tsx';
import { formatBytes, type MessageDetail, sanitizerKeys } from './types.ts';

type Part = MessageDetail['parts'][number];
/** roles with their own wording of who approves (others: "承認する方") */
const ROLES_NAMED: string[] = ['SEC_MANAGER', 'SEC_RESPONSIBLE'];
type Item = MessageDetail['quarantine'][number];

function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>;
  return <code className="break-all font-mono text-dns-14N-130">{value}</code>;
}

function Detail({ m }: { m: MessageDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const words = useSanitizerWords();
  const subject = m.headers.subject || t('sanitizer.list.noSubject');
  usePageTitle(`${subject}（${t('sanitizer.title')}）`);
  const delivered = m.disposition === 'delivered';
  // The server names who may decide each recipient's request, never the recipient (SOD-4): the unit's 管理者, or the
  // next one up (the 部局's 責任者) when the recipient is the 管理者.
  const deciderNote = (r: MessageDetail['recipients'][number]) => {
    if (!r.person) return t('sanitizer.detail.notMapped');
    const lines = [...new Set(r.approvers.map((x) => x.role))].map((role) =>
      t(`sanitizer.detail.approvers.${ROLES_NAMED.includes(role) ? role : 'other'}`, {
        names: r.approvers
          .filter((x) => x.role === role)
          .map((x) => x.name)
          .join('、'),
      }),
    );
    if (lines.length) return lines.join(lang === 'ja' ? '　' : '; ');
    return r.recipientIsApprover ? t('sanitizer.detail.noOtherApprover') : t('sanitizer.detail.noManager');
  };
  const partColumns: ColumnDef<Part, unknown>[] = [
    { id: 'part', header: t('sanitizer.detail.partNo'), cell: ({ row }) => row.original.part },
    {
      id: 'name',
      header: t('sanitizer.detail.name'),
      cell: ({ row }) => (
        <span className="break-all" style={{ paddingLeft: `${row.original.depth * 1.5}rem` }}>
          {row.original.name ?? t('sanitizer.detail.unnamed')}
        </span>
      ),
    },
    {
      id: 'types',
      header: t('sanitizer.detail.types'),
      cell: ({ row }) => (
        <span className="flex flex-col gap-1">
          <span className="break-all font-mono text-dns-14N-130 text-solid-gray-700">{row.original.declared}</span>
          <span>{words.fileType(row.original.sniffed)}</span>
          <span className="break-all font-mono text-dns-14N-130 text-solid-gray-700">{row.original.sniffed}</span>
        </span>
      ),
    },
    { id: 'size', header: t('sanitizer.detail.partSize'), cell: ({ row }) => formatBytes(row.original.size) },
    {
      id: 'action',
      header: t('sanitizer.detail.action'),
      cell: ({ row }) => (
        <span className="flex flex-col gap-1">
          <span>{t(`sanitizer.partActions.${row.original.action}`, { defaultValue: row.original.action })}</span>
          <PartVerdictBadge verdict={row.original.verdict} />
        </span>
      ),
    },
    {
      id: 'reason',
      header: t('sanitizer.detail.partReason'),
      cell: ({ row }) => {
        const p = row.original;
        const det = p.detections.filter((d) => d.object !== 'converter-error');
        return (
          <span className="flex flex-col gap-1">
            <span>{p.reason}</span>
            {det.length > 0 && (
              <span className="text-dns-14N-130 text-solid-gray-800">
                {t('sanitizer.detail.detections', {
                  list: det
                    .map((d) =>
                      t('sanitizer.detail.detectionItem', { name: words.detection(d.object), count: d.count }),
                    )
                    .join(lang === 'ja' ? '、' : ', '),
                })}
              </span>
            )}
            <span className="text-dns-14N-130 text-solid-gray-700">
              {t('sanitizer.detail.in')}：<Hash value={p.sha256} />
            </span>
            {p.out && (
              <span className="text-dns-14N-130 text-solid-gray-700">
                {t('sanitizer.detail.out')}：{p.out.name}（{formatBytes(p.out.size)}）
                <Hash value={p.out.sha256} />
              </span>
            )}
          </span>
        );
      },
    },
  ];
  const itemColumns: ColumnDef<Item, unknown>[] = [
    {
      id: 'kind',
      header: t('sanitizer.detail.kind'),
      cell: ({ row }) =>
        row.original.kind === 'message'
          ? t('sanitizer.detail.kindMessage')
          : `${t('sanitizer.detail.kindPart')} ${row.original.part ?? ''}`,
    },
    {
      id: 'name',
      header: t('sanitizer.detail.name'),
      cell: ({ row }) => row.original.name ?? (row.original.kind === 'message' ? '—' : t('sanitizer.detail.unnamed')),
    },
    { id: 'size', header: t('sanitizer.detail.partSize'), cell: ({ row }) => formatBytes(row.original.size) },
    { id: 'reason', header: t('sanitizer.detail.reason'), cell: ({ row }) => row.original.reason },
    { id: 'ref', header: t('sanitizer.detail.ref'), cell: ({ row }) => <Hash value={row.original.ref} /> },
  ];

  return (
    <div className="flex flex-col gap-8">
      <div>
        <Breadcrumb
          items={[
            { label: t('sanitizer.title'), href: '/sanitizer' },
            { label: t('sanitizer.detail.back'), href: '/sanitizer/messages' },
            { label: subject },
          ]}
        />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <h1 className="break-all text-std-32B-150 text-solid-gray-900">{subject}</h1>
          <PrintButton />
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <VerdictBadge verdict={m.verdict} reason={m.reason} />
          <span>{t(`sanitizer.dispositions.${m.disposition}`, { defaultValue: m.disposition })}</span>
        </div>
      </div>

      {m.verdict === 'quarantined' && m.reason !== 'ppap-hold' && (
        <NotificationBanner kind="error" live={false} title={t('sanitizer.verdicts.quarantined')}>
          {m.reason}
        </NotificationBanner>
      )}

      <PageSection id="san-facts" title={t('sanitizer.detail.facts')}>
        <Facts
          items={[
            { label: t('sanitizer.detail.id'), value: <code className="font-mono">{m.id}</code> },
            { label: t('sanitizer.detail.receivedAt'), value: formatDateTime(m.receivedAt, lang) },
            { label: t('sanitizer.detail.from'), value: <span className="break-all">{m.headers.from || '—'}</span> },
            {
              label: t('sanitizer.detail.envelopeFrom'),
              value: <span className="break-all">{m.envelope.from || '—'}</span>,
            },
            ...(m.envelope.peer ? [{ label: t('sanitizer.detail.peer'), value: m.envelope.peer }] : []),
            {
              label: t('sanitizer.detail.recipients'),
              value: (
                <ul className="flex flex-col gap-2">
                  {m.recipients.map((r) => (
                    <li key={r.address} className="flex flex-col">
                      <span className="break-all">
                        {r.person ? `${r.person.name}（${r.address}）` : r.address}
                        {r.unit ? `　${r.unit.path}` : ''}
                      </span>
                      <span className="text-dns-14N-130 text-solid-gray-700">{deciderNote(r)}</span>
                    </li>
                  ))}
                </ul>
              ),
            },
            { label: t('sanitizer.detail.verdict'), value: <VerdictBadge verdict={m.verdict} reason={m.reason} /> },
            ...(m.reason ? [{ label: t('sanitizer.detail.reason'), value: m.reason }] : []),
            {
              label: t('sanitizer.detail.disposition'),
              value: `${t(`sanitizer.dispositions.${m.disposition}`, { defaultValue: m.disposition })}${
                m.deliveredAt ? `（${formatDateTime(m.deliveredAt, lang)}）` : ''
              }${m.deliveryError ? `：${m.deliveryError}` : ''}`,
            },
            {
              label: t('sanitizer.detail.origin'),
              value: t(`sanitizer.origins.${m.origin}`, { defaultValue: m.origin }),
            },
            ...(m.supersedesId
              ? [
                  {
                    label: t('sanitizer.detail.supersedes'),
                    value: <Link to={`/sanitizer/messages/${m.supersedesId}`}>{m.supersedesId}</Link>,
                  },
                ]
              : []),
            { label: t('sanitizer.detail.policy'), value: m.policyVersion },
            {
              label: t('sanitizer.detail.actions'),
              value: m.actions.length
                ? m.actions.map((a) => t(`sanitizer.markerActions.${a}`, { defaultValue: a })).join('、')
                : '—',
            },
            ...(m.timings.totalMs !== undefined
              ? [{ label: t('sanitizer.detail.time'), value: t('sanitizer.detail.ms', { ms: m.timings.totalMs }) }]
              : []),
          ]}
        />
      </PageSection>

      <PageSection id="san-body" title={t('sanitizer.detail.body')}>
        <ul className="list-disc pl-6">
          <li>
            {m.body.sourceType === 'html'
              ? t('sanitizer.detail.bodyHtml')
              : m.body.sourceType === 'text'
                ? t('sanitizer.detail.bodyText')
                : t('sanitizer.detail.bodyNone')}
          </li>
          {m.body.urls > 0 && <li>{t('sanitizer.detail.urls', { count: m.body.urls })}</li>}
          {m.body.hiddenTextDropped > 0 && <li>{t('sanitizer.detail.hidden', { count: m.body.hiddenTextDropped })}</li>}
        </ul>
        {m.body.mismatches.length > 0 && (
          <NotificationBanner kind="warning" live={false} title={t('sanitizer.detail.mismatches')}>
            <ul className="flex flex-col gap-1">
              {m.body.mismatches.map((x) => (
                <li key={`${x.text}|${x.href}`} className="break-all">
                  {t('sanitizer.detail.mismatchText', {
                    text: defangUrl(x.text),
                    href: defangUrl(x.href),
                  })}
                </li>
              ))}
            </ul>
          </NotificationBanner>
        )}
      </PageSection>

      <PageSection id="san-parts" title={t('sanitizer.detail.parts')}>
        <Table
          caption={t('sanitizer.detail.partsCaption')}
          captionHidden
          columns={partColumns}
          data={m.parts}
          rowKey={(p) => p.part}
          empty={t('sanitizer.detail.noParts')}
        />
      </PageSection>

      <PageSection id="san-hashes" title={t('sanitizer.detail.hashes')}>
        <Facts
          items={[
            {
              label: t('sanitizer.detail.rawHash'),
              value: (
                <span className="flex flex-col">
                  <Hash value={m.raw.sha256} />
                  <span>{formatBytes(m.raw.size)}</span>
                </span>
              ),
            },
            {
              label: t(delivered ? 'sanitizer.detail.outHash' : 'sanitizer.detail.outHashNotDelivered'),
              value: m.out ? (
                <span className="flex flex-col">
                  <Hash value={m.out.sha256} />
                  <span>{formatBytes(m.out.size)}</span>
                </span>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </PageSection>

      {m.quarantine.length > 0 && (
        <PageSection id="san-quarantine" title={t('sanitizer.detail.quarantine')}>
          <Table
            caption={t('sanitizer.detail.quarantineCaption')}
            captionHidden
            columns={itemColumns}
            data={m.quarantine}
            rowKey={(i) => `${i.kind}:${i.ref}:${i.part ?? ''}`}
          />
        </PageSection>
      )}

      {m.versions.length > 0 && (
        <PageSection id="san-versions" title={t('sanitizer.detail.versions')}>
          <ul className="flex flex-col gap-1">
            {m.versions.map((v) => (
              <li key={v.id}>
                <Link to={`/sanitizer/messages/${v.id}`}>
                  {t('sanitizer.detail.version', {
                    origin: t(`sanitizer.origins.${v.origin}`, { defaultValue: v.origin }),
                    date: formatDateTime(v.receivedAt, lang),
                  })}
                </Link>{' '}
                <VerdictBadge verdict={v.verdict} />
              </li>
            ))}
          </ul>
        </PageSection>
      )}

      <PageSection id="san-releases" title={t('sanitizer.detail.releases')}>
        <ReleasePanel message={m} />
      </PageSection>

      <PageSection
        id="san-report"
        title={t('sanitizer.detail.report')}
        lead={t(delivered ? 'sanitizer.detail.reportLead' : 'sanitizer.detail.reportLeadNotDelivered')}
      >
        <pre className="whitespace-pre-wrap break-all rounded-8 border border-solid-gray-200 bg-solid-gray-50 px-6 py-4 font-sans text-std-16N-170">
          {m.report}
        </pre>
      </PageSection>
    </div>
  );
}

export default function MessagePage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: sanitizerKeys.message(id),
    queryFn: () => get<MessageDetail>(`/sanitizer/messages/${id}`),
  });
  return <Loaded query={query}>{(m) => <Detail m={m} />}</Loaded>;
}
