/** Pieces the pledge pages share: the text of a pledge, its clauses, a person's history, status words. */
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { ErrorIcon, SuccessIcon } from '../../components/Icons.tsx';
import { DateText } from '../../components/PageParts.tsx';
import { Table } from '../../components/Table.tsx';
import type { PledgeEntry, PledgeText } from './types.ts';

/** 有効 / 失効 in words and an icon. */
export function ValidMark({ valid }: { valid: boolean }) {
  const { t } = useTranslation();
  return valid ? (
    <span className="inline-flex items-center gap-1 font-bold text-green-1000">
      <SuccessIcon size={18} />
      {t('pledges.valid')}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-solid-gray-800">
      <ErrorIcon size={18} />
      {t('pledges.notValid')}
    </span>
  );
}

/** The text of a pledge as the person reads it: title, version, date published, body, and the clauses behind it. */
export function PledgeDocument({ text, headingLevel = 2 }: { text: PledgeText; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article
      aria-labelledby={`pledge-text-${text.id}`}
      className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 bg-white px-8 py-6"
    >
      <div className="flex flex-col gap-1">
        <H id={`pledge-text-${text.id}`} className="text-std-22B-150 text-solid-gray-900">
          {text.title}
        </H>
        <p className="text-std-16N-170 text-solid-gray-700">
          {t('pledges.versionLabel', { version: text.version })}
          {'　'}
          {t(`pledges.audiences.${text.audience}`)}
          {text.publishedAt && (
            <>
              {'　'}
              {t('pledges.publishedOn')}
              <DateText iso={text.publishedAt.slice(0, 10)} />
            </>
          )}
        </p>
      </div>
      <div className="whitespace-pre-wrap text-std-17N-170 text-solid-gray-900">{text.body}</div>
      <details className="border-t border-solid-gray-200 pt-3">
        <summary className="cursor-pointer text-std-16B-170 text-blue-1000 underline underline-offset-[3px]">
          {t('pledges.clauses')}
        </summary>
        <ul className="mt-2 flex flex-col gap-2">
          {text.clauses.map((c) => (
            <li key={c.ref} className="border-l-4 border-solid-gray-300 pl-4 text-std-16N-170 text-solid-gray-800">
              <span className="font-bold">
                {c.document} {c.ref}
              </span>
              ：{c.summary}
            </li>
          ))}
        </ul>
      </details>
    </article>
  );
}

/** A person's pledges, newest first. */
export function HistoryTable({ items, caption }: { items: PledgeEntry[]; caption: string }) {
  const { t } = useTranslation();
  const columns: ColumnDef<PledgeEntry, unknown>[] = [
    { header: t('pledges.signedOn'), cell: ({ row }) => <DateText iso={row.original.signedOn} /> },
    {
      header: t('pledges.version'),
      cell: ({ row }) => (row.original.version ? t('pledges.versionLabel', { version: row.original.version }) : '—'),
    },
    { header: t('pledges.audience'), cell: ({ row }) => t(`pledges.audiences.${row.original.audience}`) },
    { header: t('pledges.method'), cell: ({ row }) => t(`pledges.methods.${row.original.method}`) },
    { header: t('pledges.state'), cell: ({ row }) => <ValidMark valid={row.original.valid} /> },
    { header: t('pledges.note'), cell: ({ row }) => row.original.note || '' },
  ];
  return (
    <Table
      caption={caption}
      captionHidden
      columns={columns}
      data={items}
      rowKey={(p) => p.id}
      empty={t('pledges.historyEmpty')}
    />
  );
}
