/**
 * 職員等の一括取込: download the template, choose a file, check it (dry run: nothing is written), read the row-by-row
 * errors (行・列), and only when there are none, import every row at once (all or nothing).
 */
import { useMutation } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, may, upload, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ExportMenu } from '../../../components/ExportMenu.tsx';
import { FilePicker, SPREADSHEET_ACCEPT } from '../../../components/FilePicker.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Table } from '../../../components/Table.tsx';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { type ImportCommitResult, type ImportReport, type RowError, refreshOrganisation } from '../shared/types.ts';
import { Badge, Facts, PageHead, Section, TABLE } from '../shared/ui.tsx';

type Sample = ImportReport['sample'][number];
interface FileProblem {
  text: string;
  missing?: string[];
  unknown?: string[];
}

const TEMPLATE = '/api/v1/people/import/template';

function ErrorsTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const columns: ColumnDef<RowError, unknown>[] = [
    {
      id: 'row',
      header: t('org.import.row'),
      cell: ({ row }) => <span className="whitespace-nowrap">{t('org.import.rowN', { n: row.original.row })}</span>,
    },
    { id: 'column', header: t('org.import.column'), cell: ({ row }) => row.original.column },
    { id: 'message', header: t('org.import.message'), cell: ({ row }) => msg(row.original.message) },
  ];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 className="text-std-20B-150 text-solid-gray-900">
          {t('org.import.errorsTitle', { count: report.errorCount })}
        </h3>
        <ExportMenu
          what={t('org.import.errorsName')}
          build={async () => ({
            name: t('org.import.errorsName'),
            header: [t('org.import.row'), t('org.import.column'), t('org.import.message')],
            rows: report.errors.map((e) => [e.row, e.column, msg(e.message)]),
            widths: [8, 30, 80],
          })}
        />
      </div>
      <Table
        caption={t('org.import.errorsCaption')}
        captionHidden
        columns={columns}
        data={report.errors}
        rowKey={(e) => `${e.row}:${e.column}:${e.message.ja}`}
        className={TABLE}
      />
      {report.errorCount > report.errors.length && (
        <p>{t('org.import.moreErrors', { count: report.errorCount - report.errors.length })}</p>
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
      header: t('org.import.row'),
      cell: ({ row }) => <span className="whitespace-nowrap">{t('org.import.rowN', { n: row.original.row })}</span>,
    },
    { id: 'staffNumber', header: t('org.people.staffNumber'), cell: ({ row }) => text(row.original.staffNumber) },
    {
      id: 'name',
      header: t('org.people.nameKana'),
      cell: ({ row }) => (
        <span className="flex flex-col">
          <span>
            {text(row.original.familyName)} {text(row.original.givenName)}
          </span>
          <span className="text-dns-14N-130 text-solid-gray-700">
            {text(row.original.familyKana)} {text(row.original.givenKana)}
          </span>
        </span>
      ),
    },
    { id: 'type', header: t('org.people.employmentType'), cell: ({ row }) => text(row.original.employmentTypeLabel) },
    { id: 'unit', header: t('org.people.unit'), cell: ({ row }) => text(row.original.unitPath) },
    {
      id: 'valid',
      header: t('org.import.verdict'),
      cell: ({ row }) =>
        row.original.valid ? (
          <Badge tone="ok">{t('org.import.rowOk')}</Badge>
        ) : (
          <Badge tone="bad">{t('org.import.rowBad')}</Badge>
        ),
    },
  ];
  return (
    <Table
      caption={t('org.import.sampleCaption', { count: report.sample.length, rows: report.rows })}
      columns={columns}
      data={report.sample}
      rowKey={(s) => String(s.row)}
      className={TABLE}
    />
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const { data: me } = useMe();
  const chooseId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [imported, setImported] = useState<ImportCommitResult | null>(null);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && e.details) {
      setReport(e.details as ImportReport);
      setProblem({ text: msg(e.bilingual) });
      return;
    }
    const details = e instanceof ApiError ? (e.details as { missing?: string[]; unknown?: string[] } | null) : null;
    setReport(null);
    setProblem({
      text: e instanceof ApiError ? msg(e.bilingual) : t('common.networkError'),
      missing: details?.missing,
      unknown: details?.unknown,
    });
  };
  const preview = useMutation({
    mutationFn: (f: File) => upload<ImportReport>('/people/import?mode=preview', f),
    onSuccess: (r) => {
      setReport(r);
      setProblem(null);
    },
    onError: fail,
  });
  const commit = useMutation({
    mutationFn: (f: File) => upload<ImportCommitResult>('/people/import?mode=commit', f),
    onSuccess: async (r) => {
      await refreshOrganisation();
      setImported(r);
      setReport(null);
      setProblem(null);
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
    },
    onError: fail,
  });

  if (!may(me ?? undefined, 'person', 'create')) {
    return (
      <div className="flex flex-col gap-6">
        <PageHead
          title={t('org.import.title')}
          crumbs={[{ label: t('org.people.title'), href: '/organisation/people' }, { label: t('org.import.title') }]}
        />
        <NotificationBanner kind="info" live={false}>
          {t('org.import.notAllowed')}
        </NotificationBanner>
      </div>
    );
  }

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    setFile(e.target.files?.[0] ?? null);
    setMissingFile(false);
    setReport(null);
    setProblem(null);
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
    preview.mutate(file);
  };
  const formatLabel = report
    ? report.format === 'xlsx'
      ? t('org.import.formatXlsx')
      : t('org.import.formatCsv', { encoding: report.encoding === 'cp932' ? 'Shift_JIS' : 'UTF-8' })
    : '';

  return (
    <div className="flex max-w-[64rem] flex-col gap-8">
      <PageHead
        title={t('org.import.title')}
        crumbs={[{ label: t('org.people.title'), href: '/organisation/people' }, { label: t('org.import.title') }]}
        lead={t('org.import.lead')}
      />

      {imported && (
        <NotificationBanner kind="success" title={t('org.import.done', { count: imported.imported })}>
          <Link to="/organisation/people">{t('org.import.openPeople')}</Link>
        </NotificationBanner>
      )}

      <Section id="import-step1" title={t('org.import.step1')} lead={t('org.import.step1Lead')}>
        <div className="flex flex-wrap gap-3">
          <a
            href={`${TEMPLATE}?format=xlsx`}
            download
            className="inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 bg-white px-4 py-2 font-bold text-blue-900 no-underline hover:bg-blue-50 hover:underline"
          >
            {t('org.import.templateXlsx')}
          </a>
          <a
            href={`${TEMPLATE}?format=csv`}
            download
            className="inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 bg-white px-4 py-2 font-bold text-blue-900 no-underline hover:bg-blue-50 hover:underline"
          >
            {t('org.import.templateCsv')}
          </a>
        </div>
        <ul className="list-disc pl-6 text-std-16N-170">
          <li>{t('org.import.rule1')}</li>
          <li>{t('org.import.rule2')}</li>
          <li>{t('org.import.rule3')}</li>
        </ul>
      </Section>

      <Section id="import-step2" title={t('org.import.step2')} lead={t('org.import.step2Lead')}>
        <form noValidate onSubmit={check} className="flex flex-col gap-4">
          <FilePicker
            chooseId={chooseId}
            inputRef={inputRef}
            file={file}
            missing={missingFile}
            onChange={choose}
            accept={SPREADSHEET_ACCEPT}
            texts={{
              label: t('org.import.file'),
              help: t('org.import.fileHelp'),
              choose: t('org.import.chooseFile'),
              none: t('org.import.noFile'),
              missing: t('org.import.fileMissing'),
            }}
          />
          <div>
            <Button
              type="submit"
              variant={report && report.errorCount === 0 ? 'secondary' : 'primary'}
              isPending={preview.isPending}
            >
              {t('org.import.check')}
            </Button>
          </div>
        </form>
      </Section>

      <section aria-labelledby="import-step3" className="flex flex-col gap-4 border-t border-solid-gray-200 pt-6">
        <h2 id="import-step3" className="text-std-24B-150 text-solid-gray-900">
          {t('org.import.step3')}
        </h2>
        <div aria-live="polite" className="flex flex-col gap-4">
          {!report && !problem && <p className="text-solid-gray-800">{t('org.import.step3Empty')}</p>}
          {problem && (
            <NotificationBanner kind="error" live={false} title={t('org.import.refused')}>
              <div data-testid="import-problem" className="flex flex-col gap-2">
                <p>{problem.text}</p>
                {problem.missing && problem.missing.length > 0 && (
                  <p>
                    {t('org.import.missingColumns')}：{problem.missing.join('、')}
                  </p>
                )}
                {problem.unknown && problem.unknown.length > 0 && (
                  <p>
                    {t('org.import.unknownColumns')}：{problem.unknown.join('、')}
                  </p>
                )}
              </div>
            </NotificationBanner>
          )}
          {report && (
            <>
              <Facts
                items={[
                  [t('org.import.fileName'), file?.name ?? ''],
                  [t('org.import.format'), formatLabel],
                  [t('org.import.rows'), t('org.common.rows', { count: report.rows })],
                  [t('org.import.validRows'), t('org.common.rows', { count: report.valid })],
                  [t('org.import.errorCount'), t('org.common.items', { count: report.errorCount })],
                ]}
              />
              {report.errorCount > 0 ? (
                <NotificationBanner
                  kind="error"
                  live={false}
                  title={t('org.import.hasErrors', { count: report.errorCount })}
                >
                  {t('org.import.hasErrorsLead')}
                </NotificationBanner>
              ) : (
                <NotificationBanner kind="success" live={false} title={t('org.import.ready', { count: report.rows })}>
                  <div className="flex flex-col items-start gap-3">
                    <p>{t('org.import.readyLead')}</p>
                    <Button onPress={() => file && commit.mutate(file)} isPending={commit.isPending}>
                      {t('org.import.commit', { count: report.rows })}
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
