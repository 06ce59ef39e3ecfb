/**
 * The frame of an area with tabs (/assets, /network, /pledges, /policies, /sanitizer): breadcrumb, the page's h1, the
 * tab menu (only the tabs the user's roles allow) and the page below; plus the gate a page stands behind.
 */
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { type Me, may, useMe } from '../api.ts';
import { cx } from '../lib/cx.ts';
import { usePageTitle } from '../lib/page.tsx';
import { Breadcrumb, type Crumb } from './Breadcrumb.tsx';
import { NotificationBanner } from './NotificationBanner.tsx';

export type Needs = readonly [resource: string, action: string];

/** Whether the user may do any one of `needs`. */
export const mayAny = (me: Me | undefined, needs: ReadonlyArray<Needs>) =>
  needs.some(([resource, action]) => may(me, resource, action));

export interface AreaPage {
  /** Below the area's address; '' for the area's first page. */
  path: string;
  label: string;
  /** The tab shows to those who may do any one of these; always when omitted. */
  needs?: ReadonlyArray<Needs>;
}

export interface AreaLayoutProps {
  /** The area's address, e.g. '/assets'. */
  base: string;
  title: string;
  menuLabel: string;
  /** Every tab, in order; the first is the area's own address. */
  pages: ReadonlyArray<AreaPage>;
  /**
   * What the area's own address shows: 'area' — the area's name as heading and only crumb (the first tab is the
   * area's front page); 'tab' — the first tab's name as heading, the area as the only crumb; 'trail' — the first
   * tab's name as heading, crumbs area › tab as on every other tab.
   */
  home: 'area' | 'tab' | 'trail';
  /** A page that names itself: its title and the crumbs between the area and itself. */
  heading?: { title: string; crumbs: Crumb[] } | null;
  /** No menu when only one tab is allowed. */
  hideLoneTab?: boolean;
  /** A page with its own heading and title (e.g. one message): only the page is shown. */
  bare?: boolean;
  /** Width and print classes of the frame. */
  className: string;
  /** The page; the route's Outlet when omitted. */
  children?: ReactNode;
}

const tabClass = (active: boolean) =>
  cx(
    '-mb-px flex min-h-12 items-center border-b-4 px-5 py-2 text-std-16B-170 no-underline',
    active
      ? 'border-blue-900 text-blue-900'
      : 'border-transparent text-solid-gray-700 hover:bg-solid-gray-50 hover:text-solid-gray-900 hover:underline',
  );

/** The document title, set only where the frame names the page. */
function PageTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}

export function AreaLayout(props: AreaLayoutProps) {
  const { base, title: area, pages, home, heading, className, children } = props;
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const shown = pages.filter((p) => !p.needs || mayAny(me ?? undefined, p.needs));
  // A page under a tab (…/systems/new) belongs to that tab; the other pages of the area to the first.
  const current = pages.find((p) => p.path && pathname.startsWith(`${base}/${p.path}`)) ?? pages[0];
  const atHome = pathname.replace(/\/$/, '') === base;
  const areaIsPage = home === 'area' && atHome;
  const title = areaIsPage ? area : (heading?.title ?? current.label);
  const crumbs: Crumb[] =
    atHome && home !== 'trail'
      ? [{ label: area }]
      : [{ label: area, href: base }, ...(heading?.crumbs ?? []), { label: title }];
  if (props.bare) return <div className={cx('flex flex-col gap-6', className)}>{children ?? <Outlet />}</div>;
  return (
    <div className={cx('flex flex-col gap-6', className)}>
      <PageTitle title={areaIsPage ? area : `${title}（${area}）`} />
      <div>
        <Breadcrumb items={crumbs} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
      </div>
      {(!props.hideLoneTab || shown.length > 1) && (
        <nav aria-label={props.menuLabel} className="no-print border-b border-solid-gray-420">
          <ul className="flex flex-wrap gap-1">
            {shown.map((p) => (
              <li key={p.path}>
                <Link
                  to={p.path ? `${base}/${p.path}` : base}
                  aria-current={p === current ? 'page' : undefined}
                  className={tabClass(p === current)}
                >
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {children ?? <Outlet />}
    </div>
  );
}

/** A page for those who may do any one of `needs` (menus never link others there; the server refuses them anyway). */
export function RequirePermission({
  needs,
  message,
  children,
}: {
  needs: ReadonlyArray<Needs>;
  /** Said to those who may not. */
  message: string;
  children: ReactNode;
}) {
  const { data: me } = useMe();
  if (!me) return null;
  return mayAny(me, needs) ? (
    children
  ) : (
    <NotificationBanner kind="warning" live={false}>
      {message}
    </NotificationBanner>
  );
}

/** `gate(needs, page)` for a route's element: the page behind RequirePermission with the area's message. */
export const gateWith = (message: string) => (needs: ReadonlyArray<Needs>, page: ReactNode) => (
  <RequirePermission needs={needs} message={message}>
    {page}
  </RequirePermission>
);
