import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';
import { PrintIcon } from './Icons.tsx';
import './print.css';

/**
 * 印刷: the browser's print dialog. The print styles (web/styles.css, ./print.css) drop the navigation and buttons
 * and put the 団体名, page title and date in the header; `landscape` marks a wide table for A4 landscape.
 */
export function PrintButton({ what }: { what?: string }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="secondary"
      size="sm"
      onPress={() => window.print()}
      aria-label={what ? t('exportMenu.printWhat', { what }) : undefined}
      className="no-print"
    >
      <PrintIcon size={20} />
      {t('common.print')}
    </Button>
  );
}
