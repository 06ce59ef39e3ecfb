/** 指摘事項: the findings of the latest import, filtered on the server, exportable as .xlsx. */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { get, queryString } from '../../api.ts';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type FindingsList, networkKeys } from './types.ts';
import { WitnessText } from './Witness.tsx';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CERTAINTIES = ['definite', 'possible'];

export default function FindingsPage() {
  const w = useNetworkWords();
  const { t } = w;
  const msg = useBilingual();
  const [params, setParams] = useSearchParams();
  const filters = {
    severity: params.get('severity') ?? '',
    certainty: params.get('certainty') ?? '',
    code: params.get('code') ?? '',
  };
  const qs = queryString(filters);
  const query = useQuery({
    queryKey: networkKeys.findings(qs),
    queryFn: () => get<FindingsList>(`/network/findings${qs}`),
  });
  const names = useQuery({
    queryKey: networkKeys.systems,
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/network/systems'),
  });
  const nameMap = new Map((names.data?.items ?? []).map((s) => [s.id, s.name]));
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <div className="flex flex-col gap-6">
      <form
        className="no-print flex flex-wrap items-end gap-6"
        aria-label={t('network.findings.filter')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Select
          id="f-severity"
          label={t('network.findings.severity')}
          width="s"
          value={filters.severity}
          onChange={(v) => set('severity', v)}
          options={[
            { value: '', label: t('network.common.all') },
            ...SEVERITIES.map((value) => ({ value, label: w.severity(value) })),
          ]}
        />
        <Select
          id="f-certainty"
          label={t('network.findings.certainty')}
          width="s"
          value={filters.certainty}
          onChange={(v) => set('certainty', v)}
          options={[
            { value: '', label: t('network.common.all') },
            ...CERTAINTIES.map((value) => ({ value, label: w.certainty(value) })),
          ]}
        />
        <Select
          id="f-code"
          label={t('network.findings.code')}
          width="m"
          value={filters.code}
          onChange={(v) => set('code', v)}
          options={[
            { value: '', label: t('network.common.all') },
            ...(query.data?.codes ?? []).map((c) => ({ value: c, label: w.code(c) })),
          ]}
        />
        <a
          href={`/api/v1/network/findings/export${qs}`}
          download
          className="inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 px-4 py-2 text-blue-900 underline"
        >
          {t('network.findings.export')}
        </a>
      </form>
      <Loaded query={query}>
        {(data) => (
          <>
            <p role="status">
              {data.import
                ? t('network.findings.summary', {
                    count: data.total,
                    at: w.instantWords(data.import.createdAt),
                    on: w.date(data.import.checkedOn),
                    partial: data.import.complete ? '' : t('network.findings.partial'),
                  })
                : t('network.findings.noImport')}
            </p>
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="sr-only">{t('network.findings.caption')}</caption>
              <thead>
                <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                  <th scope="col" className="min-w-[6rem] whitespace-nowrap px-3 py-2">
                    {t('network.findings.colSeverity')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('network.findings.colKind')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('network.findings.colMessage')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('network.findings.colRule')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((f) => (
                  <tr key={f.id} className="border-b border-solid-gray-200 align-top">
                    <td className="whitespace-nowrap px-3 py-2 font-bold">
                      {w.severity(f.severity)}
                      <br />
                      <span className="font-normal">{w.certainty(f.certainty)}</span>
                    </td>
                    <td className="px-3 py-2">
                      <span title={f.code}>{w.code(f.code)}</span>
                      <br />
                      {w.cell(f.cell)}
                    </td>
                    <td className="px-3 py-2">
                      <p>{msg(f.message)}</p>
                      {f.count && f.count > 1 ? (
                        <p className="text-std-14N-170">{t('network.findings.occurrences', { count: f.count })}</p>
                      ) : null}
                      <p className="text-std-14N-170 text-solid-gray-700">
                        {t('network.findings.clauseLine', { ...f.clause, label: w.evidence(f.clause.label) })}
                      </p>
                      {f.witness && (
                        <details className="mt-1">
                          <summary className="cursor-pointer underline">{t('network.findings.witness')}</summary>
                          <WitnessText witness={f.witness} names={nameMap} />
                        </details>
                      )}
                    </td>
                    <td className="px-3 py-2">{f.rule ? w.rule(f.rule) : '—'}</td>
                  </tr>
                ))}
                {data.items.length === 0 && (
                  <tr>
                    <td colSpan={4} className="px-3 py-4 text-solid-gray-700">
                      {t('network.findings.empty')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </>
        )}
      </Loaded>
    </div>
  );
}
