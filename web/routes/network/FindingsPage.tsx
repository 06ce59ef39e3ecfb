/** 指摘事項: the findings of the latest import, filtered on the server, exportable as .xlsx. */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { get, queryString } from '../../api.ts';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { CERTAINTY_WORDS, cellName, type FindingsList, networkKeys, SEVERITY_WORDS } from './types.ts';
import { WitnessText } from './Witness.tsx';

export default function FindingsPage() {
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
        aria-label="絞り込み"
        onSubmit={(e) => e.preventDefault()}
      >
        <Select
          id="f-severity"
          label="重要度"
          width="s"
          value={filters.severity}
          onChange={(v) => set('severity', v)}
          options={[
            { value: '', label: 'すべて' },
            ...Object.entries(SEVERITY_WORDS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <Select
          id="f-certainty"
          label="確度"
          width="s"
          value={filters.certainty}
          onChange={(v) => set('certainty', v)}
          options={[
            { value: '', label: 'すべて' },
            ...Object.entries(CERTAINTY_WORDS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <Select
          id="f-code"
          label="種別"
          width="m"
          value={filters.code}
          onChange={(v) => set('code', v)}
          options={[{ value: '', label: 'すべて' }, ...(query.data?.codes ?? []).map((c) => ({ value: c, label: c }))]}
        />
        <a
          href={`/api/v1/network/findings/export${qs}`}
          download
          className="inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 px-4 py-2 text-blue-900 underline"
        >
          Excel（.xlsx）で出力
        </a>
      </form>
      <Loaded query={query}>
        {(data) => (
          <>
            <p role="status">
              {data.import
                ? `${data.total.toLocaleString('ja-JP')}件（取込 ${data.import.createdAt.slice(0, 16).replace('T', ' ')}、判定日 ${data.import.checkedOn}${data.import.complete ? '' : '、不完全な取込'}）`
                : 'ファイアウォール設定がまだ取り込まれていません。'}
            </p>
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="sr-only">指摘事項の一覧</caption>
              <thead>
                <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                  <th scope="col" className="px-3 py-2">
                    重要度
                  </th>
                  <th scope="col" className="px-3 py-2">
                    種別・区分
                  </th>
                  <th scope="col" className="px-3 py-2">
                    内容と証拠
                  </th>
                  <th scope="col" className="px-3 py-2">
                    ルール
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((f) => (
                  <tr key={f.id} className="border-b border-solid-gray-200 align-top">
                    <td className="px-3 py-2 font-bold">
                      {SEVERITY_WORDS[f.severity]}
                      <br />
                      <span className="font-normal">{CERTAINTY_WORDS[f.certainty]}</span>
                    </td>
                    <td className="px-3 py-2">
                      {f.code}
                      <br />
                      {cellName(f.cell)}
                    </td>
                    <td className="px-3 py-2">
                      <p>{f.message.ja}</p>
                      <p className="text-std-14N-170 text-solid-gray-700">
                        根拠：{f.clause.ref} {f.clause.summary}［{f.clause.label}］
                      </p>
                      {f.witness && (
                        <details className="mt-1">
                          <summary className="cursor-pointer underline">証拠の通信</summary>
                          <WitnessText witness={f.witness} names={nameMap} />
                        </details>
                      )}
                    </td>
                    <td className="px-3 py-2">{f.rule ? `${f.rule.id}（${f.rule.file} ${f.rule.line}行目）` : '—'}</td>
                  </tr>
                ))}
                {data.items.length === 0 && (
                  <tr>
                    <td colSpan={4} className="px-3 py-4 text-solid-gray-700">
                      該当する指摘事項はありません。
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
