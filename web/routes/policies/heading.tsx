/** How a page under /policies names itself: the layout renders the breadcrumb and the h1 above the tabs. */
import { createContext, useContext, useEffect } from 'react';
import { useLocation } from 'react-router';
import type { Crumb } from '../../components/Breadcrumb.tsx';

export interface Heading {
  title: string;
  /** Crumbs between 「情報セキュリティポリシー」 and the page itself. */
  crumbs: Crumb[];
  /** The page that set it, so a stale heading is never shown on the next page. */
  pathname: string;
}

export const HeadingContext = createContext<(h: Heading | null) => void>(() => {});

export function usePolicyHeading(title: string | null, crumbs: Crumb[] = []) {
  const set = useContext(HeadingContext);
  const { pathname } = useLocation();
  const key = JSON.stringify(crumbs);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the crumbs are compared by their content (key)
  useEffect(() => {
    if (title) set({ title, crumbs, pathname });
    return () => set(null);
  }, [title, key, pathname, set]);
}
