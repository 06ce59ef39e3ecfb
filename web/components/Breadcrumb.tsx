import { Breadcrumbs, Link, Breadcrumb as RACBreadcrumb } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ChevronRightIcon } from './Icons.tsx';

export interface Crumb {
  label: string;
  /** Omitted for the current page (the last crumb). */
  href?: string;
}

/** DADS breadcrumb: ホーム > 区分 > 現在のページ; the current page is not a link. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  const { t } = useTranslation();
  const all: Crumb[] = [{ label: t('common.home'), href: '/' }, ...items];
  return (
    <nav aria-label={t('common.breadcrumb')} className="no-print mb-4">
      <Breadcrumbs className="flex flex-wrap items-center gap-1 text-std-16N-170">
        {all.map((c, i) => (
          <RACBreadcrumb key={c.href ?? c.label} id={c.href ?? c.label} className="flex items-center gap-1">
            {c.href && i < all.length - 1 ? (
              <>
                <Link href={c.href} className="text-blue-1000 underline underline-offset-[3px] hover:text-blue-1100">
                  {c.label}
                </Link>
                <ChevronRightIcon size={16} className="text-solid-gray-600" />
              </>
            ) : (
              <span aria-current="page" className="text-solid-gray-800">
                {c.label}
              </span>
            )}
          </RACBreadcrumb>
        ))}
      </Breadcrumbs>
    </nav>
  );
}
