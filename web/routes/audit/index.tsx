/**
 * 監査証跡 (audit trail). A placeholder so that the menu works; the audit-trail pages (list with filters, export,
 * chain verification over GET /audit-events, /audit-events/export, POST /audit-events/verify) replace it.
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { usePageTitle } from '../../lib/page.tsx';

function AuditHome() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  return (
    <div className="flex max-w-[56rem] flex-col gap-6">
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('audit.title')}</h1>
      <p className="text-std-16N-170">{t('audit.lead')}</p>
      <NotificationBanner kind="info" live={false}>
        {t('audit.preparing')}
      </NotificationBanner>
    </div>
  );
}

export default function AuditRoutes() {
  return (
    <Routes>
      <Route index element={<AuditHome />} />
      <Route path="*" element={<AuditHome />} />
    </Routes>
  );
}
