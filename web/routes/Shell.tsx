import { useMutation } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { forgetSignedInData, type Me, may, post, useMe } from '../api.ts';
import { Button } from '../components/Button.tsx';
import { cx } from '../lib/cx.ts';
import { currentFiscalYear, formatDate, todayInJapan } from '../lib/dates.ts';
import { setFlash } from '../lib/flash.ts';
import { useLanguage } from '../lib/i18n-hooks.ts';
import { useCurrentPageTitle } from '../lib/page.tsx';
import { Brand, LanguageSwitch, SkipLink } from './chrome.tsx';

/** Policy areas in the menu: only those built so far. */
const NAV: Array<{ to: string; key: string; end: boolean; needs?: [resource: string, action: string] }> = [
  { to: '/', key: 'nav.dashboard', end: true },
  { to: '/organisation', key: 'nav.organisation', end: false },
  { to: '/pledges', key: 'pledges.nav', end: false, needs: ['pledge', 'read_own'] },
  { to: '/policies', key: 'policies.nav', end: false, needs: ['policy', 'read'] },
  { to: '/assets', key: 'assets.nav', end: false, needs: ['asset', 'read'] },
  { to: '/network', key: 'network.nav', end: false, needs: ['network', 'read'] },
  { to: '/audit', key: 'nav.audit', end: false, needs: ['audit_event', 'read'] },
  { to: '/sanitizer', key: 'sanitizer.nav', end: false, needs: ['sanitizer', 'read'] },
  { to: '/admin/accounts', key: 'admin.nav', end: false, needs: ['account', 'read'] },
  { to: '/account', key: 'nav.account', end: false },
];

/** Sign-out from anywhere: ends the session on the server, forgets cached data, returns to the sign-in page. */
export function useSignOut() {
  return useMutation({
    mutationFn: () => post('/auth/logout'),
    onSettled: () => {
      setFlash('signedOut');
      forgetSignedInData();
    },
  });
}

function roleLabels(me: Me, lang: 'ja' | 'en'): string[] {
  const named = me.roles.filter((r) => r.role !== 'STAFF');
  const shown = named.length > 0 ? named : me.roles;
  return [...new Set(shown.map((r) => (lang === 'en' ? r.label.en : r.label.ja)))];
}

function Header({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const signOut = useSignOut();
  const fy = currentFiscalYear();
  const roles = roleLabels(me, lang);
  return (
    <header className="border-b border-solid-gray-200 bg-white">
      <div className="mx-auto flex min-h-20 max-w-[1366px] items-center justify-between gap-6 px-8 py-3">
        <div className="flex items-center gap-5">
          <Brand tenantName={me.tenant.name} />
          <span className="rounded-6 border border-blue-900 px-3 py-1 text-dns-16B-130 text-blue-900">
            {t('common.fiscalYear', { label: fy.label, year: fy.year })}
          </span>
        </div>
        <div className="flex items-center gap-5">
          <div className="flex flex-col items-end text-right leading-130">
            <span className="text-dns-16B-130 text-solid-gray-900">{me.person?.name ?? me.user.loginId}</span>
            <span className="text-dns-14N-130 text-solid-gray-700">
              <span className="sr-only">
                {t('common.rolesLabel')}
                {lang === 'en' ? ': ' : '：'}
              </span>
              {roles.join('・')}
            </span>
          </div>
          <LanguageSwitch />
          <Button variant="secondary" size="sm" onPress={() => signOut.mutate()} isPending={signOut.isPending}>
            {t('common.signOut')}
          </Button>
        </div>
      </div>
    </header>
  );
}

function SideNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.label')} className="w-60 shrink-0 border-r border-solid-gray-200 bg-white py-6">
      <ul className="flex flex-col">
        {NAV.filter((item) => !item.needs || may(me, ...item.needs)).map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.end}
              className={({ isActive }) =>
                cx(
                  'flex min-h-12 items-center border-l-4 px-6 py-2 text-std-16B-170 no-underline',
                  isActive
                    ? 'border-blue-900 bg-blue-50 text-blue-1000'
                    : 'border-transparent text-solid-gray-800 hover:bg-solid-gray-50 hover:text-blue-1000 hover:underline',
                )
              }
            >
              {t(item.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Moves focus to the new page's heading after in-app navigation, so screen readers start at the content. */
function useFocusHeadingOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: false });
    }
  }, [location.pathname]);
}

/** The signed-in frame: header (団体名, 年度, the user and roles, language, sign-out), menu, content, footer. */
export function Shell() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const title = useCurrentPageTitle();
  useFocusHeadingOnNavigate();
  if (!me) return null;
  return (
    <div className="flex min-h-screen flex-col bg-white">
      <SkipLink />
      <Header me={me} />
      <div className="print-only mb-4 border-b border-black pb-1 text-[9pt]">
        {/* Brand and date on one line each; the title gets the full width and breaks only where Japanese may break
            (never before ー or a small kana), so portrait A4 does not strand 「ー）」 on a line of its own. */}
        <div className="flex items-baseline justify-between gap-4">
          <span className="whitespace-nowrap">
            {me.tenant.name}　{t('common.appName')}
          </span>
          <span className="whitespace-nowrap">{t('common.printedOn', { date: formatDate(todayInJapan(), lang) })}</span>
        </div>
        <div className="font-bold [line-break:strict] [overflow-wrap:anywhere] [word-break:keep-all]">{title}</div>
      </div>
      <div className="mx-auto flex w-full max-w-[1366px] flex-1">
        <SideNav me={me} />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-10 py-8 outline-none">
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <footer className="border-t border-solid-gray-200 bg-solid-gray-50">
        <div className="mx-auto max-w-[1366px] px-8 py-4 text-dns-14N-130 text-solid-gray-700">
          {t('common.footer', { tenant: me.tenant.name })}
        </div>
      </footer>
    </div>
  );
}
