/**
 * 情報資産の一括取込 (/assets/import): download the template (.xlsx with drop-downs, or CSV), choose an .xlsx or CSV
 * file (UTF-8 or Shift_JIS, detected by the server), map columns the template does not know, check it (dry run:
 * nothing is written), read the row-by-row errors (行・列), and only when there are none import every row at once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportReport } from '../../../../src/modules/assets/import.plan.ts';
import { ApiError, upload } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ExportMenu } from '../../../components/ExportMenu.tsx';
import { FilePicker, SPREADSHEET_ACCEPT } from '../../../components/FilePicker.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Facts, PageSection } from '../../../components/PageParts.tsx';
import { Table } from '../../../components/Table.tsx';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { ColumnMapper, type HeaderProblem } from './ColumnMapper.tsx';

type RowError = ImportReport['errors'][number];
type Sample = ImportReport['sample'][number];
type Committed = ImportReport & { imported: number };

const TEMPLATE = '/api/v1/assets/import/template';
const templateLink =
  'inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 bg-white px-4 py-2 font-bold text-blue-900 no-underline hover:bg-blue-50 hover:underline';

function ErrorsTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const columns: ColumnDef<RowError, unknown>[] = [
    {
      id: 'row',
      header: t('assets.import.row'),
      cell: ({ row }) => <span className="whitespace-nowrap">{t('assets.import.rowN', { n: row.original.row })}</span>,
    },
    { id: 'column', header: t('assets.import.column'), cell: ({ row }) => row.original.column },
    { id: 'message', header: t('assets.import.message'), cell: ({ row }) => msg(row.original.message) },
  ];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 className="text-std-20B-150 text-solid-gray-900">
          {t('assets.import.errorsTitle', { count: report.errorCount })}
        </h3>
        <ExportMenu
          what={t('assets.import.errorsName')}
          build={async () => ({
            name: t('assets.import.errorsName'),
            header: [t('assets.import.row'), t('assets.import.column'), t('assets.import.message')],
            rows: report.errors.map((e) => [e.row, e.column, msg(e.message)]),
            widths: [8, 30, 80],
          })}
        />
      </div>
      <Table
        caption={t('assets.import.errorsCaption')}
        captionHidden
        columns={columns}
        data={report.errors}
        rowKey={(e) => `${e.row}:${e.column}:${e.message.ja}`}
      />
      {report.errorCount > report.errors.length && (
        <p>{t('assets.import.moreErrors', { count: report.errorCount - report.errors.length })}</p>
      )}
    </div>
  );
}

function SampleTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const columns: ColumnDef<Sample, unknown>[] = [
    {
      id: 'row',
      header: t('assets.import.row'),
      cell: ({ row }) => <span className="whitespace-nowrap">{t('assets.import.rowN', { n: row.original.row })}</span>,
    },
    { id: 'ref', header: t('assets.import.ref'), cell: ({ row }) => text(row.original.ref) },
    { id: 'name', header: t('assets.import.name'), cell: ({ row }) => text(row.original.name) },
    { id: 'unit', header: t('assets.import.unit'), cell: ({ row }) => text(row.original.unitPath) || '—' },
    {
      id: 'change',
      header: t('assets.import.change'),
      cell: ({ row }) =>
        row.original.valid ? (
          <span>✓ {t(`assets.import.changes.${text(row.original.change) || 'none'}`)}</span>
        ) : (
          <span className="font-bold text-red-900">✕ {t('assets.import.rowBad')}</span>
        ),
    },
  ];
  return (
    <Table
      caption={t('assets.import.sampleCaption', { count: report.sample.length, rows: report.rows })}
      columns={columns}
      data={report.sample}
      rowKey={(s) => String(s.row)}
    />
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const queryClient = useQueryClient();
  const chooseId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [headers, setHeaders] = useState<HeaderProblem | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [imported, setImported] = useState<Committed | null>(null);

  const path = (mode: 'preview' | 'commit', map: Record<string, string>) =>
    `/assets/import?mode=${mode}${Object.keys(map).length ? `&map=${encodeURIComponent(JSON.stringify(map))}` : ''}`;
  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && e.details) {
      setReport(e.details as ImportReport);
      setProblem(msg(e.bilingual));
      return;
    }
    setReport(null);
    setProblem(e instanceof ApiError ? msg(e.bilingual) : t('common.networkError'));
    if (e instanceof ApiError && e.code === 'IMPORT_HEADER_MISMATCH' && e.details)
      setHeaders(e.details as HeaderProblem);
  };
  const preview = useMutation({
    mutationFn: (v: { file: File; map: Record<string, string> }) =>
      upload<ImportReport>(path('preview', v.map), v.file),
    onSuccess: (r) => {
      setReport(r);
      setProblem(null);
      setHeaders(null);
    },
    onError: fail,
  });
  const commit = useMutation({
    mutationFn: (v: { file: File; map: Record<string, string> }) => upload<Committed>(path('commit', v.map), v.file),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      setImported(r);
      setReport(null);
      setProblem(null);
      setHeaders(null);
      setFile(null);
      setMapping({});
      if (inputRef.current) inputRef.current.value = '';
    },
    onError: fail,
  });

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    setFile(e.target.files?.[0] ?? null);
    setMissingFile(false);
    setReport(null);
    setProblem(null);
    setHeaders(null);
    setMapping({});
    setImported(null);
  };
  const check = (e: FormEvent) => {
    e.preventDefault();
    setImported(null);
    if (!file) {
      setMissingFile(true);
      document.getElementById(chooseId)?.focus();
      return;
    }
    preview.mutate({ file, map: mapping });
  };
  const applyMapping = (map: Record<string, string>) => {
    const next = { ...mapping, ...map };
    setMapping(next);
    if (file) preview.mutate({ file, map: next });
  };
  const formatLabel = report
    ? report.format === 'xlsx'
      ? t('assets.import.formatXlsx')
      : t('assets.import.formatCsv', { encoding: report.encoding === 'cp932' ? 'Shift_JIS' : 'UTF-8' })
    : '';
  const mapped = Object.entries(mapping);

  return (
    <div className="flex max-w-[64rem] flex-col gap-8">
      <p className="text-std-16N-170 text-solid-gray-800">{t('assets.import.lead')}</p>
      {imported && (
        <NotificationBanner kind="success" title={t('assets.import.done', { count: imported.imported })}>
          <p>
            {t('assets.import.doneDetail', {
              created: imported.created,
              updated: imported.updated,
              unchanged: imported.unchanged,
            })}
          </p>
          <Link to="/assets">{t('assets.import.openList')}</Link>
        </NotificationBanner>
      )}

      <PageSection id="import-step1" title={t('assets.import.step1')} lead={t('assets.import.step1Lead')}>
        <div className="flex flex-wrap gap-3">
          <a href={`${TEMPLATE}?format=xlsx`} download className={templateLink}>
            {t('assets.import.templateXlsx')}
          </a>
          <a href={`${TEMPLATE}?format=csv`} download className={templateLink}>
            {t('assets.import.templateCsv')}
          </a>
        </div>
        <ul className="list-disc pl-6 text-std-16N-170">
          <li>{t('assets.import.rule1')}</li>
          <li>{t('assets.import.rule2')}</li>
          <li>{t('assets.import.rule3')}</li>
          <li>{t('assets.import.rule4')}</li>
        </ul>
      </PageSection>

      <PageSection id="import-step2" title={t('assets.import.step2')} lead={t('assets.import.step2Lead')}>
        <form noValidate onSubmit={check} className="flex flex-col gap-4">
          <FilePicker
            chooseId={chooseId}
            inputRef={inputRef}
            file={file}
            missing={missingFile}
            onChange={choose}
            accept={SPREADSHEET_ACCEPT}
            texts={{
              label: t('assets.import.file'),
              help: t('assets.import.fileHelp'),
              choose: t('assets.import.chooseFile'),
              none: t('assets.import.noFile'),
              missing: t('assets.import.fileMissing'),
            }}
          />
          <div>
            <Button
              type="submit"
              variant={report && report.errorCount === 0 ? 'secondary' : 'primary'}
              isPending={preview.isPending}
            >
              {t('assets.import.check')}
            </Button>
          </div>
        </form>
      </PageSection>

      <section aria-labelledby="import-step3" className="flex flex-col gap-4 border-t border-solid-gray-200 pt-6">
        <h2 id="import-step3" className="text-std-24B-150 text-solid-gray-900">
          {t('assets.import.step3')}
        </h2>
        <div aria-live="polite" className="flex flex-col gap-4">
          {!report && !problem && <p className="text-solid-gray-800">{t('assets.import.step3Empty')}</p>}
          {problem && (
            <NotificationBanner kind="error" live={false} title={t('assets.import.refused')}>
              <p data-testid="import-problem">{problem}</p>
            </NotificationBanner>
          )}
          {headers && (
            <ColumnMapper
              key={headers.unknown.join('|')}
              problem={headers}
              isPending={preview.isPending}
              onApply={applyMapping}
            />
          )}
          {report && (
            <>
              <Facts
                items={[
                  { label: t('assets.import.fileName'), value: file?.name ?? '' },
                  { label: t('assets.import.format'), value: formatLabel },
                  ...(mapped.length
                    ? [
                        {
                          label: t('assets.import.mapping'),
                          value: mapped.map(([from, to]) => `${from} → ${to || t('assets.import.mapSkip')}`).join('、'),
                        },
                      ]
                    : []),
                  { label: t('assets.import.rows'), value: t('assets.import.rowsCount', { count: report.rows }) },
                  {
                    label: t('assets.import.plan'),
                    value: t('assets.import.planText', {
                      created: report.created,
                      updated: report.updated,
                      unchanged: report.unchanged,
                    }),
                  },
                  { label: t('assets.import.errorCount'), value: t('common.count', { count: report.errorCount }) },
                ]}
              />
              {report.errorCount > 0 ? (
                <NotificationBanner
                  kind="error"
                  live={false}
                  title={t('assets.import.hasErrors', { count: report.errorCount })}
                >
                  {t('assets.import.hasErrorsLead')}
                </NotificationBanner>
              ) : (
                <NotificationBanner
                  kind="success"
                  live={false}
                  title={t('assets.import.ready', { count: report.rows })}
                >
                  <div className="flex flex-col items-start gap-3">
                    <p>{t('assets.import.readyLead')}</p>
                    <Button onPress={() => file && commit.mutate({ file, map: mapping })} isPending={commit.isPending}>
                      {t('assets.import.commit', { count: report.rows })}
                    </Button>
                  </div>
                </NotificationBanner>
              )}
              {report.errorCount > 0 && <ErrorsTable report={report} />}
              <SampleTable report={report} />
            </>
          )}
        </div>
      </section>
    </div>
  );
}
