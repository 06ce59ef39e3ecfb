/** ファイアウォール設定の取込: one or more files; the per-file report (complete / unsupported lines / errors). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, currentCsrfToken } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import type { ImportView } from './types.ts';

type FileReport = ImportView['files'][number];

async function uploadFiles(files: File[]): Promise<ImportView> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  const res = await fetch('/api/v1/network/imports', {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': currentCsrfToken() ?? '' },
    body: form,
    credentials: 'same-origin',
  });
  const json = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      res.status,
      json?.code ?? 'HTTP_ERROR',
      json?.message ?? { ja: `エラー（${res.status}）`, en: `Error ${res.status}` },
      [],
      null,
      json?.details ?? null,
    );
  return json as ImportView;
}

function Report({ files }: { files: FileReport[] }) {
  return (
    <table className="w-full border-collapse text-left text-std-16N-170">
      <caption className="pb-2 text-left text-std-17B-170">ファイルごとの結果</caption>
      <thead>
        <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
          <th scope="col" className="px-3 py-2">
            ファイル
          </th>
          <th scope="col" className="px-3 py-2">
            形式
          </th>
          <th scope="col" className="px-3 py-2">
            ルール数
          </th>
          <th scope="col" className="px-3 py-2">
            結果
          </th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.file} className="border-b border-solid-gray-200 align-top">
            <td className="px-3 py-2">{f.file}</td>
            <td className="px-3 py-2">{f.vendor}</td>
            <td className="px-3 py-2">{f.rules.toLocaleString('ja-JP')}</td>
            <td className="px-3 py-2">
              {f.errors.length > 0
                ? '✕ 読み取れない行があります（取り込んでいません）'
                : f.complete
                  ? '✓ すべての行を読み取りました'
                  : '△ 不完全：未対応の行があります'}
              <ul className="list-disc pl-6">
                {f.errors.map((e) => (
                  <li key={`e${e.line}`}>
                    {e.line}行目：{e.message}
                  </li>
                ))}
                {f.unsupported.map((u) => (
                  <li key={`u${u.line}`}>
                    {u.line}行目（未対応）：{u.text} — {u.reason}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function ImportPage() {
  const [files, setFiles] = useState<File[]>([]);
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => uploadFiles(files),
    onSuccess: () => client.invalidateQueries({ queryKey: ['network'] }),
  });
  const failed = mutation.error instanceof ApiError ? mutation.error : null;
  const failedFiles = (failed?.details as { files?: FileReport[] } | null)?.files;
  return (
    <div className="flex max-w-[56rem] flex-col gap-6">
      <p>
        iptables-save、nft -j list
        ruleset、FortiOS、PAN-OS、Mamori形式（JSON・CSV）の設定ファイルを取り込み、台帳と三層の対策に照らして判定します。読み取れない行があるファイルは取り込みません。
      </p>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (files.length) mutation.mutate();
        }}
      >
        <label htmlFor="fw-files" className="text-std-17B-170">
          設定ファイル（複数可）<span className="ml-2 text-std-14N-170">必須</span>
        </label>
        <input
          id="fw-files"
          type="file"
          multiple
          className="min-h-11"
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
        <div>
          <Button type="submit" variant="primary" isPending={mutation.isPending} isDisabled={!files.length}>
            取込
          </Button>
        </div>
      </form>
      {mutation.isPending && <p role="status">取り込んで判定しています…</p>}
      {failed && (
        <NotificationBanner kind="error" title="取り込めませんでした">
          {failed.bilingual.ja}
        </NotificationBanner>
      )}
      {failedFiles && <Report files={failedFiles} />}
      {mutation.data && (
        <>
          <NotificationBanner
            kind={mutation.data.complete ? 'success' : 'warning'}
            title={mutation.data.complete ? '取り込みました' : '取り込みました（不完全）'}
          >
            指摘事項 {mutation.data.findingCount.toLocaleString('ja-JP')}件。構成図と指摘事項の画面で確認してください。
          </NotificationBanner>
          <Report files={mutation.data.files} />
        </>
      )}
    </div>
  );
}
