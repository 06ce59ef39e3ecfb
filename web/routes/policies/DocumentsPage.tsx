/**
 * ポリシー文書の一覧: 基本方針, 対策基準 and the 実施手順 this user may read (the server leaves out the others), each
 * with the version in force, its 改訂日 and 施行日, a revision scheduled to take effect, and a version in progress.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, may, useMe } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { KIND_ORDER, usePolicyWords } from './labels.ts';
import { type DocumentList, type DocumentSummary, policyKeys } from './types.ts';

function DocumentsTable({ kind, items }: { kind: string; items: DocumentSummary[] }) {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const id = `policy-kind-${kind}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-std-24B-150 text-solid-gray-900">
        {w.kind(kind)}
      </h2>
      {kind === 'PROCEDURE' && (
        <p className="text-std-16N-170 text-solid-gray-800">{t('policies.list.procedureLead')}</p>
      )}
      {items.length === 0 ? (
        <p className="text-std-16N-170 text-solid-gray-700">{t(`policies.list.empty.${kind}`)}</p>
      ) : (
        <div className="print-table-full overflow-x-auto">
          <table className="w-full border-collapse text-left text-std-16N-170">
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                <th scope="col" className="px-3 py-2">
                  {t('policies.list.title')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('policies.list.inForce')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('policies.fields.revisedOn')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('policies.fields.effectiveOn')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('policies.list.inProgress')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => {
                const draft = d.latest && d.latest.status !== 'PUBLISHED' ? d.latest : null;
                return (
                  <tr key={d.id} className="border-b border-solid-gray-200 align-top">
                    <td className="px-3 py-2">
                      <Link to={`/policies/documents/${d.id}`} className="text-blue-1000 underline">
                        {d.title}
                      </Link>
                      {d.scopeLabel && <div className="text-solid-gray-700">{d.scopeLabel}</div>}
                      {kind === 'STANDARD' && (
                        <div className="text-solid-gray-700">
                          {d.onPortal ? t('policies.list.onPortal') : t('policies.list.notOnPortal')}
                        </div>
                      )}
                    </td>
                    <td className="px-3 py-2">{d.inForce ? w.number(d.inForce.number) : t('policies.list.none')}</td>
                    <td className="px-3 py-2">{w.date(d.inForce?.revisedOn)}</td>
                    <td className="px-3 py-2">
                      {w.date(d.inForce?.effectiveOn)}
                      {d.scheduled.map((s) => (
                        <div key={s.id} className="font-bold">
                          {w.number(s.number)}：{s.effectiveOn ? w.scheduledOn(s.effectiveOn) : ''}
                        </div>
                      ))}
                    </td>
                    <td className="px-3 py-2">
                      {draft ? (
                        <Link to={`/policies/versions/${draft.id}`} className="text-blue-1000 underline">
                          {w.number(draft.number)}（{w.status(draft.status)}）
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function DocumentsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const query = useQuery({ queryKey: policyKeys.list, queryFn: () => get<DocumentList>('/policies') });
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <p className="max-w-[48rem] text-std-16N-170 text-solid-gray-800">{t('policies.list.lead')}</p>
        {may(me ?? undefined, 'policy', 'edit') && (
          <ButtonLink to="/policies/new" variant="secondary" className="no-print">
            {t('policies.list.create')}
          </ButtonLink>
        )}
      </div>
      <Loaded query={query}>
        {(data) => (
          <>
            {KIND_ORDER.map((kind) => (
              <DocumentsTable key={kind} kind={kind} items={data.items.filter((d) => d.kind === kind)} />
            ))}
          </>
        )}
      </Loaded>
    </div>
  );
}
