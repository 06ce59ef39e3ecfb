/** 組織体制: what the area holds, one link per page, and how many findings wait on the appointments page. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, get, keys, may, type OrganisationFindings, useMe } from '../../api.ts';
import { ButtonLink } from '../../components/Button.tsx';
import { ChevronRightIcon } from '../../components/Icons.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { PageHead } from './shared/ui.tsx';

interface OrgPage {
  to: string;
  key: string;
  needs?: [resource: string, action: string];
}

/** The pages of the area, in the order a town sets them up. Pages built elsewhere add a line here. */
const PAGES: OrgPage[] = [
  { to: '/organisation/bodies', key: 'bodies' },
  { to: '/organisation/units', key: 'units' },
  { to: '/organisation/people', key: 'people' },
  { to: '/organisation/people/import', key: 'import', needs: ['person', 'create'] },
  { to: '/organisation/appointments', key: 'appointments' },
  { to: '/organisation/committee', key: 'committee' },
  { to: '/organisation/contacts/csirt', key: 'csirt' },
  { to: '/organisation/contacts/emergency', key: 'emergency' },
];

export default function OrganisationHome() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canSeeFindings = may(me ?? undefined, 'org_finding', 'read');
  const findings = useQuery({
    queryKey: keys.orgFindings,
    queryFn: () => get<OrganisationFindings>('/findings/organisation'),
    enabled: canSeeFindings,
  });
  const count = findings.data ? findings.data.findings.length + findings.data.conflicts.length : 0;
  const forbidden = findings.error instanceof ApiError && findings.error.status === 403;

  return (
    <div className="flex max-w-[60rem] flex-col gap-8">
      <PageHead title={t('org.title')} lead={t('org.lead')} />

      {canSeeFindings && !forbidden && findings.data && (
        <NotificationBanner
          kind={count > 0 ? 'warning' : 'success'}
          live={false}
          title={count > 0 ? t('org.home.findings', { count }) : t('org.home.noFindings')}
        >
          {count > 0 && (
            <div className="mt-2">
              <ButtonLink to="/organisation/appointments">{t('org.home.openFindings')}</ButtonLink>
            </div>
          )}
        </NotificationBanner>
      )}

      <section aria-labelledby="org-pages" className="flex flex-col gap-3">
        <h2 id="org-pages" className="text-std-24B-150 text-solid-gray-900">
          {t('org.home.pages')}
        </h2>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {PAGES.filter((p) => !p.needs || may(me ?? undefined, ...p.needs)).map((p) => (
            <li key={p.to}>
              <Link
                to={p.to}
                className="group flex h-full items-start justify-between gap-3 rounded-8 border border-solid-gray-420 bg-white px-5 py-4 no-underline hover:border-blue-900 hover:bg-blue-50"
              >
                <span className="flex flex-col gap-1">
                  <span className="text-std-18B-160 text-blue-1000 underline underline-offset-[3px] group-hover:decoration-[3px]">
                    {t(`org.home.${p.key}`)}
                  </span>
                  <span className="text-std-16N-170 text-solid-gray-800">{t(`org.home.${p.key}Desc`)}</span>
                </span>
                <ChevronRightIcon size={24} className="mt-1 shrink-0 text-blue-900" />
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
