import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, get, keys, may, type OrganisationFindings, useMe } from '../../api.ts';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { formatDate, todayInJapan } from '../../lib/dates.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { AssetsCard } from './AssetsCard.tsx';
import { OrganisationFindingsCard } from './FindingsCard.tsx';
import { NetworkCard } from './NetworkCard.tsx';
import { PledgeCard, usePledgeDue } from './PledgeCard.tsx';
import { PoliciesCard } from './PoliciesCard.tsx';
import { SanitizerCard } from './SanitizerCard.tsx';

const forbidden = (e: unknown) => e instanceof ApiError && e.status === 403;

/**
 * 今日やること: what the signed-in person's roles need to act on today, from the areas built so far. A card whose
 * data the user may not read (403) is not shown at all.
 */
export default function Dashboard() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const msg = useBilingual();
  const { data: me } = useMe();
  usePageTitle(t('dashboard.title'));

  const mayReadFindings = may(me ?? undefined, 'org_finding', 'read');
  const org = useQuery({
    queryKey: keys.orgFindings,
    queryFn: () => get<OrganisationFindings>('/findings/organisation'),
    enabled: mayReadFindings,
  });

  const pledge = usePledgeDue(!!me?.person && may(me, 'pledge', 'read_own'));

  const orgHidden = !mayReadFindings || forbidden(org.error);
  const recoveryLow = me && (me.mfa.totp || me.mfa.passkeys > 0) && me.mfa.recoveryCodesLeft <= 3;
  const nothing = orgHidden && !recoveryLow && pledge.settled && !pledge.due;

  return (
    <div className="group flex max-w-[60rem] flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('dashboard.title')}</h1>
        <p className="text-std-16N-170 text-solid-gray-700">
          {t('dashboard.asOf', { date: formatDate(todayInJapan(), lang) })}
        </p>
      </div>
      <p className="text-std-16N-170">{t('dashboard.lead')}</p>

      {recoveryLow && (
        <NotificationBanner kind="warning" live={false}>
          <Link to="/account">{t('dashboard.recoveryLow', { count: me.mfa.recoveryCodesLeft })}</Link>
        </NotificationBanner>
      )}

      {pledge.due && <PledgeCard mine={pledge.due} />}

      <PoliciesCard />

      {!orgHidden &&
        (org.isPending ? (
          <p role="status">{t('common.loading')}</p>
        ) : org.isError ? (
          <NotificationBanner kind="error">
            {org.error instanceof ApiError ? msg(org.error.bilingual) : t('common.loadError')}
          </NotificationBanner>
        ) : (
          <OrganisationFindingsCard data={org.data} />
        ))}

      <AssetsCard />

      <SanitizerCard />

      <NetworkCard />

      {nothing && (
        // Each area's card hides itself when it has nothing; any card shown (a <section>) hides this message.
        <div className="rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-8 group-has-[section]:hidden">
          <p className="text-std-18B-160 text-solid-gray-900">{t('dashboard.nothing')}</p>
          <p className="mt-1 text-std-16N-170">{t('dashboard.nothingLead')}</p>
        </div>
      )}
    </div>
  );
}
