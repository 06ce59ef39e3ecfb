/**
 * 組織体制 (organisation). A placeholder so that the menu and the dashboard's links work; the organisation pages
 * (実施機関, 部局・課室, 職員等, 役割の任命, 委員会, 確認事項) replace the routes below. Paths already linked from
 * elsewhere: /organisation/units/:id (a finding about a unit), /organisation/appointments (other findings).
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { usePageTitle } from '../../lib/page.tsx';

const SUB_PAGES = ['bodies', 'units', 'people', 'appointments', 'committee', 'findings'] as const;

function OrganisationHome() {
  const { t } = useTranslation();
  usePageTitle(t('organisation.title'));
  return (
    <div className="flex max-w-[56rem] flex-col gap-6">
      <div>
        <Breadcrumb items={[{ label: t('organisation.title') }]} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('organisation.title')}</h1>
        <p className="mt-2 text-std-16N-170">{t('organisation.lead')}</p>
      </div>
      <NotificationBanner kind="info" live={false}>
        {t('organisation.preparing')}
      </NotificationBanner>
      <section aria-labelledby="org-pages" className="flex flex-col gap-3">
        <h2 id="org-pages" className="text-std-24B-150 text-solid-gray-900">
          {t('organisation.pages')}
        </h2>
        <ul className="flex flex-col border-t border-solid-gray-200">
          {SUB_PAGES.map((p) => (
            <li key={p} className="flex flex-col border-b border-solid-gray-200 py-4">
              <span className="text-std-17B-170 text-solid-gray-900">{t(`organisation.${p}`)}</span>
              <span className="text-std-16N-170 text-solid-gray-700">{t(`organisation.${p}Desc`)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export default function OrganisationRoutes() {
  return (
    <Routes>
      <Route index element={<OrganisationHome />} />
      <Route path="*" element={<OrganisationHome />} />
    </Routes>
  );
}
