/** ファイアウォール設定の取込: one or more files; the per-file report (complete / unsupported lines / errors). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, currentCsrfToken, get } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { InstantText } from '../../components/PageParts.tsx';
import { useNetworkWords } from './labels.ts';
import { type ImportView, networkKeys } from './types.ts';

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
  const { t } = useNetworkWords();
  return (
    <table className="w-full border-collapse text-left text-std-16N-170">
      <caption className="pb-2 text-left text-std-17B-170">{t('network.import.report')}</caption>
      <thead>
        <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
          <th scope="col" className="px-3 py-2">
            {t('network.import.file')}
          </th>
          <th scope="col" className="px-3 py-2">
            {t('network.import.vendor')}
          </th>
          <th scope="col" className="px-3 py-2">
            {t('network.import.rules')}
          </th>
          <th scope="col" className="px-3 py-2">
            {t('network.import.result')}
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
                ? t('network.import.error')
                : f.complete
                  ? t('network.import.complete')
                  : t('network.import.incomplete')}
              <ul className="list-disc pl-6">
                {f.errors.map((e) => (
                  <li key={`e${e.line}`}>{t('network.import.errorLine', { line: e.line, message: e.message })}</li>
                ))}
                {f.unsupported.map((u) => (
                  <li key={`u${u.line}`}>{t('network.import.unsupportedLine', { ...u })}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History() {
  const w = useNetworkWords();
  const { t } = w;
  const query = useQuery({
    queryKey: networkKeys.imports,
    queryFn: () => get<{ items: ImportView[] }>('/network/imports'),
  });
  const items = query.data?.items ?? [];
  return (
    <section aria-labelledby="import-history" className="flex flex-col gap-2">
      <h2 id="import-history" className="text-std-20B-150">
        {t('network.import.history')}
      </h2>
      {items.length === 0 ? (
        <p>{t('network.import.noHistory')}</p>
      ) : (
        <table className="w-full border-collapse text-left text-std-16N-170">
          <thead>
            <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
              {(['at', 'by', 'checkedOn', 'model', 'file', 'findingCount'] as const).map((k) => (
                <th key={k} scope="col" className="px-3 py-2">
                  {t(`network.import.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-b border-solid-gray-200 align-top">
                <td className="px-3 py-2">
                  <InstantText instant={i.createdAt} />
                </td>
                <td className="px-3 py-2">{i.actorLabel}</td>
                <td className="px-3 py-2">{w.date(i.checkedOn)}</td>
                <td className="px-3 py-2">{w.model(i.model)}</td>
                <td className="px-3 py-2">{i.files.map((f) => f.file).join('、')}</td>
                <td className="px-3 py-2">{i.findingCount.toLocaleString('ja-JP')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function ImportPage() {
  const { t } = useNetworkWords();
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
      <p>{t('network.import.lead')}</p>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (files.length) mutation.mutate();
        }}
      >
        <label htmlFor="fw-files" className="text-std-17B-170">
          {t('network.import.files')}
          <span className="ml-2 text-std-14N-170">{t('network.import.required')}</span>
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
            {t('network.import.submit')}
          </Button>
        </div>
      </form>
      {mutation.isPending && <p role="status">{t('network.import.pending')}</p>}
      {failed && (
        <NotificationBanner kind="error" title={t('network.import.failed')}>
          {failed.bilingual.ja}
        </NotificationBanner>
      )}
      {failedFiles && <Report files={failedFiles} />}
      {mutation.data && (
        <>
          <NotificationBanner
            kind={mutation.data.complete ? 'success' : 'warning'}
            title={mutation.data.complete ? t('network.import.done') : t('network.import.donePartial')}
          >
            {t('network.import.doneBody', { count: mutation.data.findingCount })}
          </NotificationBanner>
          <Report files={mutation.data.files} />
        </>
      )}
      <History />
    </div>
  );
}
