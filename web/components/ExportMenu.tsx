import { useState } from 'react';
import { Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { useBilingual } from '../lib/i18n-hooks.ts';
import { Button } from './Button.tsx';
import { type ExportFormat, type ExportTable, saveDownload, saveTable } from './export-file.ts';

const FORMATS: ExportFormat[] = ['xlsx', 'csv-utf8', 'csv-sjis'];

export interface ExportMenuProps {
  /** Builds the table to save in the browser (it may fetch every page of the list with the filters in force). */
  build?: (format: ExportFormat) => Promise<ExportTable>;
  /**
   * Or: the API path of an export the server builds and audits, for a format (with the list's filters), e.g.
   * `/people/export?format=csv&encoding=sjis&status=ACTIVE`. Takes precedence over `build`.
   */
  download?: (format: ExportFormat) => string;
  /** Names the list, for the button's accessible name: 「職員等の一覧を出力」. */
  what: string;
  isDisabled?: boolean;
}

/**
 * 出力: the list as Excel (.xlsx), CSV (UTF-8 with BOM) or CSV (Shift_JIS). A menu button (keyboard: Enter/Space
 * opens, arrows move, Esc closes); the result is announced in a polite live region.
 */
/** The export query for a menu choice: ?format=xlsx, or csv with its encoding. */
export function exportFormatQuery(format: ExportFormat): { format: 'xlsx' | 'csv'; encoding?: 'utf8' | 'sjis' } {
  return format === 'xlsx' ? { format: 'xlsx' } : { format: 'csv', encoding: format === 'csv-sjis' ? 'sjis' : 'utf8' };
}

export function ExportMenu({ build, download, what, isDisabled }: ExportMenuProps) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(format: ExportFormat) {
    setPending(true);
    setStatus(null);
    try {
      if (download) {
        const saved = await saveDownload(download(format));
        setStatus({ ok: true, text: t('exportMenu.done', { fileName: saved.fileName, count: saved.count }) });
      } else if (build) {
        const table = await build(format);
        const fileName = await saveTable(table, format);
        setStatus({ ok: true, text: t('exportMenu.done', { fileName, count: table.rows.length }) });
      }
    } catch (e) {
      setStatus({ ok: false, text: e instanceof ApiError ? msg(e.bilingual) : t('exportMenu.failed') });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="no-print flex flex-col items-end gap-1">
      <MenuTrigger>
        <Button
          variant="secondary"
          size="sm"
          isPending={pending}
          isDisabled={isDisabled}
          aria-label={t('exportMenu.button', { what })}
        >
          {t('exportMenu.label')}
          <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-current">
            <path d="M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z" />
          </svg>
        </Button>
        <Popover
          placement="bottom end"
          className="min-w-[16rem] rounded-8 border border-solid-gray-420 bg-white py-2 shadow-2"
        >
          <Menu
            aria-label={t('exportMenu.menu')}
            onAction={(key) => void run(key as ExportFormat)}
            className="flex flex-col outline-none"
          >
            {FORMATS.map((f) => (
              <MenuItem
                key={f}
                id={f}
                className="flex min-h-11 cursor-pointer items-center px-4 py-2 text-std-16N-170 text-solid-gray-900 outline-none data-[focused]:bg-blue-50 data-[focused]:text-blue-1000 data-[focused]:underline"
              >
                {t(`exportMenu.${f}`)}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      <p
        aria-live="polite"
        className={status?.ok === false ? 'text-std-16B-170 text-red-900' : 'text-dns-14N-130 text-solid-gray-700'}
      >
        {status?.text ?? ''}
      </p>
    </div>
  );
}
